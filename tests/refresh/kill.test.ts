import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { rssDocument, type TestPost } from "../helpers/rss.ts";
import { runCli } from "../helpers/cli.ts";

const cli = fileURLToPath(new URL("../../bin/blogroll.js", import.meta.url));
const start = new Date("2019-02-20T12:00:00Z");

function posts(from: number, to: number): TestPost[] {
  const list: TestPost[] = [];
  for (let n = to; n >= from; n--) list.push({ guid: `post${n}`, title: `Post ${n}`, published: new Date(start.getTime() - (100 - n) * 3_600_000) });
  return list;
}

let server: Loopback | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

it("a fetch killed with -9 mid-run loses nothing archived, and the next fetch recovers its lock and succeeds", async () => {
  let hang = false;
  let newest = 5;
  let hungRequests = 0;
  const feedCount = 6;
  const routes: Record<string, (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void> = {};
  for (let feed = 1; feed <= feedCount; feed++) {
    routes[`/feed${feed}.xml`] = (req, res) => {
      if (hang && feed > 2) {
        hungRequests++;
        return; // never answers: the run is mid-fetch when it is killed
      }
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(rssDocument({ title: `Feed ${feed}`, link: `https://f${feed}.example/`, posts: posts(1, newest) }));
    };
  }
  server = await startLoopback(routes);
  const dir = await mkdtemp(join(tmpdir(), "blogroll-kill-"));
  const config = join(dir, "feeds.yaml");
  const feeds = Object.keys(routes).map((path, index) => `  - name: Feed ${index + 1}\n    url: ${server?.url(path)}`);
  await writeFile(config, `fetch:\n  concurrency: 8\n  perHostConcurrency: 8\nfeeds:\n${feeds.join("\n")}\n`);
  const data = join(dir, "data");

  expect((await runCli(["fetch", "--config", config, "--data", data, "--now", start.toISOString()])).code).toBe(0);

  hang = true;
  newest = 8;
  const child = spawn(process.execPath, [cli, "fetch", "--config", config, "--data", data], { stdio: "ignore" });
  await expect.poll(() => hungRequests, { timeout: 60_000 }).toBeGreaterThanOrEqual(feedCount - 2);
  child.kill("SIGKILL");
  await new Promise((resolve) => child.on("exit", resolve));

  const afterKill = JSON.parse((await runCli(["status", "--json", "--config", config, "--data", data])).out) as { feeds: { itemsArchived: number }[] };
  // Every archive file still parses and holds at least what the first run stored.
  expect(afterKill.feeds.every((feed) => feed.itemsArchived >= 5)).toBe(true);

  hang = false;
  const after = await runCli(["fetch", "--config", config, "--data", data, "--now", new Date(start.getTime() + 3_600_000).toISOString()]);
  expect(after.code).toBe(0);
  const status = JSON.parse((await runCli(["status", "--json", "--config", config, "--data", data])).out) as { feeds: { itemsArchived: number }[] };
  expect(status.feeds.map((feed) => feed.itemsArchived)).toEqual(Array(feedCount).fill(8));
});
