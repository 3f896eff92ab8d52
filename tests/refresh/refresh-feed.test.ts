// One feed's poll through the real CLI: the caps on what a feed adds and keeps, and the polls its state remembers.
import { DEFAULT_SITE } from "../../src/config/defaults.ts";
import { createHash } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import type { CapHit, FeedState } from "../../src/model.ts";
import { runCli, type CliRun } from "../helpers/cli.ts";
import { startLoopback, type Route } from "../helpers/loopback.ts";
import { rssDocument, type TestPost } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const HOUR = 3_600_000;
const start = Date.parse("2024-03-01T00:00:00Z");

/** `count` posts an hour apart, the newest at `newest`, guids `{prefix}{n}`. */
function posts(prefix: string, count: number, newest: number): TestPost[] {
  return Array.from({ length: count }, (_, index) => ({ guid: `${prefix}${index}`, title: `${prefix} ${index}`, published: new Date(newest - index * HOUR) }));
}

/** Serves the body with an ETag, answering 304 when the client already has it. */
function withValidators(body: () => string): Route {
  return (req, res) => {
    const text = body();
    const etag = `"${createHash("sha256").update(text).digest("hex").slice(0, 16)}"`;
    if (req.headers["if-none-match"] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { "content-type": "application/rss+xml", etag }).end(text);
  };
}

interface Space {
  dir: string;
  config: string;
  data: string;
  fetch(hour: number, ...more: string[]): Promise<CliRun>;
  state(): Promise<FeedState>;
  itemCount(): Promise<number>;
}

async function space(route: Route, yaml: (url: string) => string): Promise<Space> {
  const server = await startLoopback({ "/feed.xml": route });
  onTestFinished(() => server.close());
  const { dir, remove } = await tempDir("blogroll-refresh-feed-");
  onTestFinished(remove);
  const config = join(dir, "feeds.yaml");
  const data = join(dir, "data");
  await writeFile(config, yaml(server.url("/feed.xml")));
  return {
    dir,
    config,
    data,
    fetch: (hour, ...more) => runCli(["fetch", "--config", config, "--data", data, "--now", new Date(start + hour * HOUR).toISOString(), ...more]),
    state: async () => (JSON.parse(await readFile(join(data, "state", "feed.json"), "utf8")) as { state: FeedState }).state,
    itemCount: async () => (JSON.parse(await readFile(join(data, "items", "feed.json"), "utf8")) as { items: unknown[] }).items.length,
  };
}

const oneFeed = (extra = "", top = "") => (url: string): string => `${top}feeds:\n  - name: Feed\n    url: ${url}\n${extra}`;

describe("caps", () => {
  it("a feed that rotates its ids (1,000 fresh items a run) stays within maxItems over many runs, and says so", async () => {
    let run = 0;
    const route: Route = (req, res) =>
      void res.writeHead(200, { "content-type": "application/rss+xml" }).end(rssDocument({ title: "Rotating", link: "https://rotating.example/", posts: posts(`run${run}-`, 1000, start + run * 1000 * HOUR) }));
    const feed = await space(route, oneFeed("    maxItems: 2500\n"));
    const sizes: number[] = [];
    for (run = 0; run < 6; run++) {
      const result = await feed.fetch(run * 1000, "--json");
      expect(result.code, result.err).toBe(0);
      const report = JSON.parse(result.out) as { added: number; capped: CapHit | null };
      expect(report.added).toBe(1000);
      expect(await feed.itemCount()).toBe(Math.min(2500, 1000 * (run + 1)));
      const { capped, currentIds } = await feed.state();
      expect(currentIds).toHaveLength(1000);
      const dropped = Math.max(0, 1000 * (run + 1) - 2500) - Math.max(0, 1000 * run - 2500);
      expect(report.capped).toEqual(capped);
      expect(capped).toEqual(dropped === 0 ? null : { at: new Date(start + run * 1000 * HOUR).toISOString(), maxItems: 2500, maxNewItemsPerRun: 10_000, listed: 1000, notKept: 0, deferred: 0, dropped,
        caps: DEFAULT_SITE.caps, bodiesCut: 0, linksDropped: 0, droppedForSize: 0, notTakenForSize: 0 });
      sizes.push((await stat(join(feed.data, "items", "feed.json"))).size);
    }
    // Once capped, the archive's file stops growing: the same number of posts of the same size.
    expect(Math.max(...sizes.slice(3)) / Math.min(...sizes.slice(3))).toBeLessThan(1.01);

    const text = await feed.fetch(6000);
    expect(text.out).toContain("Capped: 1000 older posts it no longer lists were dropped to keep at most 2500 (maxItems).");
    const status = await runCli(["status", "--config", feed.config, "--data", feed.data]);
    expect(status.out).toContain("items archived: 2500");
    expect(status.out).toMatch(/at 2024-.*: Capped: 1000 older posts it no longer lists were dropped/);
  }, 120_000);

  it("takes a document's newest maxItems (site.maxItemsPerFeed) and leaves the rest, with the numbers", async () => {
    const listed = posts("p", 30, start);
    const feed = await space(withValidators(() => rssDocument({ title: "Long", link: "https://long.example/", posts: listed })), oneFeed("", "site:\n  maxItemsPerFeed: 10\n"));
    const run = await feed.fetch(1);
    expect(run.out).toContain("Capped: the feed lists 30 posts, more than maxItems (10): its 20 oldest were not taken.");
    expect(await feed.itemCount()).toBe(10);
    const { currentIds, capped } = await feed.state();
    expect(currentIds).toEqual(listed.slice(0, 10).map((post) => post.guid));
    expect(capped).toMatchObject({ listed: 30, notKept: 20, dropped: 0, deferred: 0 });
  });

  it("adds at most fetch.maxNewItemsPerRun new items a run, newest first, and reads the same document again for the rest", async () => {
    const listed = posts("p", 50, start);
    const feed = await space(withValidators(() => rssDocument({ title: "Backlog", link: "https://backlog.example/", posts: listed })), oneFeed("", "fetch:\n  maxNewItemsPerRun: 20\n"));
    const counts: number[] = [];
    const logs: string[] = [];
    for (let run = 0; run < 4; run++) {
      const result = await feed.fetch(run);
      logs.push(result.out);
      counts.push(await feed.itemCount());
    }
    expect(counts).toEqual([20, 40, 50, 50]);
    expect(logs[0]).toContain("Capped: 30 new posts wait for the next runs (fetch.maxNewItemsPerRun: 20).");
    expect(logs[1]).toContain("Capped: 10 new posts wait for the next runs");
    expect(logs[2]).not.toContain("Capped");
    // Once nothing waits, the validators are kept again: the fourth run is a 304.
    expect(logs[3]).toMatch(/not modified/);
    const titles = (JSON.parse(await readFile(join(feed.data, "items", "feed.json"), "utf8")) as { items: { id: string }[] }).items.map((item) => item.id);
    expect(titles).toEqual(listed.map((post) => post.guid));
    expect((await feed.state()).capped).toBeNull();
  });

  it("refuses a maxItems that is not a whole number of 1 or more, at its line", async () => {
    const feed = await space(withValidators(() => ""), oneFeed("    maxItems: 0\n"));
    const run = await feed.fetch(0);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/feeds\.yaml:4:\d+: feeds\[0\]\.maxItems: must be a whole number, 1 or more, not the number 0\./);
  });
});

describe("the polls a feed's state remembers", () => {
  it("appends every run's poll (a skipped one too), newest last, and keeps the last 30", async () => {
    let answer: "feed" | "error" | "busy" = "feed";
    const feedRoute = withValidators(() => rssDocument({ title: "Feed", link: "https://feed.example/", posts: posts("p", 3, start) }));
    const route: Route = (req, res) => {
      if (answer === "error") return void res.writeHead(500).end("oops");
      if (answer === "busy") return void res.writeHead(503, { "retry-after": "7200" }).end();
      return feedRoute(req, res);
    };
    const feed = await space(route, oneFeed());
    await feed.fetch(0);
    await feed.fetch(1);
    answer = "error";
    await feed.fetch(2);
    answer = "busy";
    await feed.fetch(3);
    await feed.fetch(4);
    expect((await feed.state()).polls).toEqual([
      { at: new Date(start).toISOString(), outcome: "new-items", status: 200 },
      { at: new Date(start + HOUR).toISOString(), outcome: "not-modified", status: 304 },
      { at: new Date(start + 2 * HOUR).toISOString(), outcome: "failed", status: 500 },
      { at: new Date(start + 3 * HOUR).toISOString(), outcome: "failed", status: 503 },
      { at: new Date(start + 4 * HOUR).toISOString(), outcome: "skipped", status: null },
    ]);

    answer = "feed";
    for (let hour = 10; hour < 40; hour++) await feed.fetch(hour);
    const { polls } = await feed.state();
    expect(polls).toHaveLength(30);
    expect(polls[0]?.at).toBe(new Date(start + 10 * HOUR).toISOString());
    expect(polls.at(-1)).toEqual({ at: new Date(start + 39 * HOUR).toISOString(), outcome: "not-modified", status: 304 });
  }, 60_000);

  it("starts from none for a state file written before polls were remembered", async () => {
    const feed = await space(withValidators(() => rssDocument({ title: "Feed", link: "https://feed.example/", posts: posts("p", 3, start) })), oneFeed());
    await feed.fetch(0);
    const file = join(feed.data, "state", "feed.json");
    const old = JSON.parse(await readFile(file, "utf8")) as { version: number; state: Partial<FeedState> };
    delete old.state.polls;
    delete old.state.capped;
    await writeFile(file, JSON.stringify(old));
    await feed.fetch(1);
    expect((await feed.state()).polls).toEqual([{ at: new Date(start + HOUR).toISOString(), outcome: "not-modified", status: 304 }]);
  });
});
