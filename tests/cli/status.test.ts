// `blogroll status` and the site's /status/ tell a feed's health by one rule.
import { writeFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { startLoopback } from "../helpers/loopback.ts";
import { rssDocument } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { readStatusPage } from "../site/status-page.ts";
import { byClass, parseHtml, textOf } from "../site/html.ts";
import type { FeedHealth } from "../../src/archive/feed-state.ts";

const feed = rssDocument({ title: "Fine", link: "https://fine.example/", posts: [{ guid: "a", title: "A", published: new Date("2019-02-20T10:00:00Z") }] });

describe("blogroll status", () => {
  it("gives each feed the health /status/ gives it, failing feeds first, times in site.timezone, and ends with the summary the page opens with", async () => {
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
      await writeFile(config, `site:\n  timezone: Europe/Paris\nfeeds:\n${entries.map(([name, path]) => `  - name: ${name}\n    url: ${server.url(path ?? "")}\n`).join("")}`);
      expect((await runCli(["fetch", ...paths.slice(0, 4), "--now", "2019-02-21T12:00:00Z"])).code).toBe(0);
      // Listed after the fetch: never checked.
      await writeFile(config, `${await readFile(config, "utf8")}  - name: Later\n    url: ${server.url("/fine")}?later\n`);
      expect((await runCli(["render", ...paths])).code).toBe(0);

      const json = await runCli(["status", "--json", ...paths.slice(0, 4)]);
      const health = Object.fromEntries((JSON.parse(json.out) as { feeds: { name: string; health: FeedHealth }[] }).feeds.map((row) => [row.name, row.health]));
      expect(health).toEqual({ Fine: "ok", Down: "failing", Gone: "gone", Later: "never-checked" });
      const summary = "4 feeds: 1 ok, 1 failing, 1 gone, 1 never checked.";
      expect(JSON.parse(json.out)).toMatchObject({ summary });

      const html = await readFile(join(work.dir, "site", "status", "index.html"), "utf8");
      const page = readStatusPage(html);
      // Failing first, then gone, never checked and ok.
      expect([...page].map(([name, entry]) => [name, entry.health])).toEqual([
        ["Down", "Failing"],
        ["Gone", "Gone (no longer checked)"],
        ["Later", "Never checked"],
        ["Fine", "OK"],
      ]);
      expect(byClass(parseHtml(html), "status-summary").map(textOf)).toEqual([summary]);
      expect(html.indexOf("status-summary")).toBeLessThan(html.indexOf("feed-status"));

      const text = await runCli(["status", ...paths.slice(0, 4)]);
      expect(text.out.split("\n").filter((line) => /^\S/.test(line)).map((line) => line.split("  ")[0])).toEqual(["Down", "Gone", "Later", "Fine", summary]);
      expect(text.out).toMatch(/^Fine {2}<.*>\n {2}health: ok$/m);
      // 12:00 UTC is 13:00 in Paris in February.
      expect(text.out).toMatch(/^Down {2}<.*>\n {2}health: FAILING since 2019-02-21 13:00 \+01:00 \(1 failed poll in a row\): The server is temporarily unavailable \(HTTP 503\)\./m);
      expect(text.out).toMatch(/^Gone {2}<.*>\n {2}health: GONE since 2019-02-21 13:00 \+01:00: The server says this feed is gone for good/m);
      expect(text.out).toMatch(/^Later {2}<.*>\n {2}health: never checked$/m);
      expect(text.out).toContain("last checked: 2019-02-21 13:00 +01:00");
      expect(text.out.endsWith(`\n${summary}`)).toBe(true);

      const failing = await runCli(["status", "--failing", ...paths.slice(0, 4)]);
      expect(failing.code).toBe(0);
      expect(failing.out.split("\n").filter((line) => /^\S/.test(line)).map((line) => line.split("  ")[0])).toEqual(["Down", "Gone", summary]);
      const failingJson = JSON.parse((await runCli(["status", "--failing", "--json", ...paths.slice(0, 4)])).out) as { feeds: { name: string }[]; summary: string };
      expect(failingJson).toMatchObject({ feeds: [{ name: "Down" }, { name: "Gone" }], summary });
    } finally {
      await server.close();
      await work.remove();
    }
  });
});
