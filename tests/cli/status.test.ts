// `blogroll status` and the site's /status/ tell a feed's health by one rule.
import { writeFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { startLoopback } from "../helpers/loopback.ts";
import { rssDocument } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { readStatusPage } from "../site/status-page.ts";
import type { FeedHealth } from "../../src/archive/feed-state.ts";

const feed = rssDocument({ title: "Fine", link: "https://fine.example/", posts: [{ guid: "a", title: "A", published: new Date("2019-02-20T10:00:00Z") }] });

describe("blogroll status", () => {
  it("gives each feed the health /status/ gives it: ok, failing, gone, never checked", async () => {
    const server = await startLoopback({
      "/fine": (req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(feed),
      "/down": (req, res) => void res.writeHead(503).end(),
      "/gone": (req, res) => void res.writeHead(410).end(),
    });
    const work = await tempDir("blogroll-status-");
    try {
      const config = join(work.dir, "feeds.yaml");
      const paths = ["--config", config, "--data", join(work.dir, "data"), "--out", join(work.dir, "site"), "--now", "2019-02-21T12:00:00Z"];
      const entries = ["Fine /fine", "Down /down", "Gone /gone"].map((entry) => entry.split(" "));
      await writeFile(config, `feeds:\n${entries.map(([name, path]) => `  - name: ${name}\n    url: ${server.url(path ?? "")}\n`).join("")}`);
      expect((await runCli(["fetch", ...paths.slice(0, 4), "--now", "2019-02-21T12:00:00Z"])).code).toBe(0);
      // Listed after the fetch: never checked.
      await writeFile(config, `${await readFile(config, "utf8")}  - name: Later\n    url: ${server.url("/fine")}?later\n`);
      expect((await runCli(["render", ...paths])).code).toBe(0);

      const json = await runCli(["status", "--json", ...paths.slice(0, 4)]);
      const health = Object.fromEntries((JSON.parse(json.out) as { feeds: { name: string; health: FeedHealth }[] }).feeds.map((row) => [row.name, row.health]));
      expect(health).toEqual({ Fine: "ok", Down: "failing", Gone: "gone", Later: "never-checked" });

      const page = readStatusPage(await readFile(join(work.dir, "site", "status", "index.html"), "utf8"));
      const pageHealth = Object.fromEntries([...page].map(([name, entry]) => [name, entry.health]));
      expect(pageHealth).toEqual({ Fine: "OK", Down: "Failing", Gone: "Gone (no longer checked)", Later: "Never checked" });

      const text = await runCli(["status", ...paths.slice(0, 4)]);
      expect(text.out).toMatch(/^Fine {2}<.*>\n {2}health: ok$/m);
      expect(text.out).toMatch(/^Down {2}<.*>\n {2}health: FAILING since 2019-02-21T12:00:00\.000Z \(1 failed poll in a row\): The server is temporarily unavailable \(HTTP 503\)\./m);
      expect(text.out).toMatch(/^Gone {2}<.*>\n {2}health: GONE since 2019-02-21T12:00:00\.000Z: The server says this feed is gone for good/m);
      expect(text.out).toMatch(/^Later {2}<.*>\n {2}health: never checked$/m);
    } finally {
      await server.close();
      await work.remove();
    }
  });
});
