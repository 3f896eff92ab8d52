import { createHash } from "node:crypto";
import { mkdtemp, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startLoopback, type Loopback, type Route } from "../helpers/loopback.ts";
import { rssDocument, type TestPost } from "../helpers/rss.ts";
import { runCli } from "../helpers/cli.ts";

const DAY = 86_400_000;
const start = new Date("2019-02-20T12:00:00Z");

/** A feed route with real validators: 304 when the client's ETag matches the current body. */
function conditionalFeed(body: () => string): Route {
  return (req, res) => {
    const text = body();
    const etag = `"${createHash("sha256").update(text).digest("hex").slice(0, 16)}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8", etag, "last-modified": start.toUTCString() }).end(text);
  };
}

function posts(feed: number, from: number, to: number): TestPost[] {
  const list: TestPost[] = [];
  for (let n = to; n >= from; n--) {
    list.push({ guid: `feed${feed}-post${n}`, title: `Feed ${feed}, post ${n}`, published: new Date(start.getTime() - (100 - n) * DAY) });
  }
  return list;
}

interface Workspace {
  dir: string;
  config: string;
  data: string;
}

async function workspace(server: Loopback, feeds: { name: string; path: string }[], extra = ""): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), "blogroll-refresh-"));
  const config = join(dir, "feeds.yaml");
  const lines = feeds.map((feed) => `  - name: ${feed.name}\n    url: ${server.url(feed.path)}\n    categories: [Test]`);
  await writeFile(config, `site:\n  title: Test\n${extra}feeds:\n${lines.join("\n")}\n`);
  return { dir, config, data: join(dir, "data") };
}

function fetchArgs(space: Workspace, now: Date, ...more: string[]): string[] {
  return ["fetch", "--config", space.config, "--data", space.data, "--now", now.toISOString(), ...more];
}

interface StatusJson {
  feeds: { name: string; itemsArchived: number; lastStatus: number | null; consecutiveFailures: number; lastError: string | null; permanentRedirect: string | null }[];
}

async function status(space: Workspace): Promise<StatusJson> {
  const run = await runCli(["status", "--json", "--config", space.config, "--data", space.data]);
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as StatusJson;
}

let server: Loopback | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("blogroll fetch", () => {
  it("over 30 feeds: a second run gets 304s and parses nothing; then exactly the new posts of three changed feeds are added", async () => {
    const latest = new Map<number, number>();
    const routes: Record<string, Route> = {};
    for (let feed = 1; feed <= 30; feed++) {
      latest.set(feed, 10);
      routes[`/feed${feed}.xml`] = conditionalFeed(() => rssDocument({ title: `Feed ${feed}`, link: `https://feed${feed}.example/`, posts: posts(feed, 1, latest.get(feed) ?? 0) }));
    }
    server = await startLoopback(routes);
    const space = await workspace(server, [...latest.keys()].map((feed) => ({ name: `Feed ${feed}`, path: `/feed${feed}.xml` })));

    const first = await runCli(fetchArgs(space, start, "--json"));
    expect(first.code).toBe(0);
    expect((await status(space)).feeds.every((feed) => feed.itemsArchived === 10)).toBe(true);

    server.requests.length = 0;
    const second = await runCli(fetchArgs(space, new Date(start.getTime() + 3_600_000), "--json"));
    const reports = second.out.split("\n").map((line) => JSON.parse(line) as { outcome: string; added: number });
    expect(reports).toHaveLength(30);
    expect(reports.every((report) => report.outcome === "not-modified")).toBe(true);
    expect(server.requests).toHaveLength(30);
    expect(server.requests.every((request) => typeof request.headers["if-none-match"] === "string")).toBe(true);
    expect(server.requests.every((request) => typeof request.headers["if-modified-since"] === "string")).toBe(true);

    for (const feed of [3, 17, 29]) latest.set(feed, 10 + feed % 4 + 1);
    const third = await runCli(fetchArgs(space, new Date(start.getTime() + 7_200_000), "--json"));
    const added = third.out.split("\n").map((line) => JSON.parse(line) as { name: string; added: number }).filter((report) => report.added > 0);
    // A line is printed as each feed finishes, and documents are read in parallel: in no fixed order.
    expect(added).toHaveLength(3);
    expect(added).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "Feed 3", added: 4 }),
        expect.objectContaining({ name: "Feed 17", added: 2 }),
        expect.objectContaining({ name: "Feed 29", added: 2 }),
      ]),
    );
    const counts = Object.fromEntries((await status(space)).feeds.map((feed) => [feed.name, feed.itemsArchived]));
    expect(counts["Feed 3"]).toBe(14);
    expect(counts["Feed 17"]).toBe(12);
    expect(counts["Feed 29"]).toBe(12);
    expect(counts["Feed 1"]).toBe(10);
  });

  it("keeps the union of two overlapping snapshots fetched one after the other", async () => {
    let snapshot = posts(1, 1, 10);
    server = await startLoopback({ "/feed.xml": conditionalFeed(() => rssDocument({ title: "Feed", link: "https://feed.example/", posts: snapshot })) });
    const space = await workspace(server, [{ name: "Feed", path: "/feed.xml" }]);
    await runCli(fetchArgs(space, start));
    snapshot = posts(1, 6, 15);
    await runCli(fetchArgs(space, new Date(start.getTime() + DAY)));
    expect((await status(space)).feeds[0]?.itemsArchived).toBe(15);
  });

  it("never writes over a damaged items file: a 304 leaves it alone, a changed feed fails and names the file", async () => {
    let snapshot = posts(1, 1, 5);
    server = await startLoopback({ "/feed.xml": conditionalFeed(() => rssDocument({ title: "Feed", link: "https://feed.example/", posts: snapshot })) });
    const space = await workspace(server, [{ name: "Feed", path: "/feed.xml" }]);
    await runCli(fetchArgs(space, start));
    const itemsFile = join(space.data, "items", "feed.json");
    const stateFile = join(space.data, "state", "feed.json");
    await writeFile(itemsFile, "{ damaged");

    const unchanged = await runCli(fetchArgs(space, new Date(start.getTime() + 3_600_000), "--json"));
    expect(JSON.parse(unchanged.out)).toMatchObject({ outcome: "not-modified" });
    const stateAfter304 = await readFile(stateFile, "utf8");

    snapshot = posts(1, 1, 8);
    const changed = await runCli(fetchArgs(space, new Date(start.getTime() + 7_200_000), "--json"));
    expect(changed.code).toBe(4);
    const report = JSON.parse(changed.out) as { outcome: string; error: { kind: string; message: string } };
    expect(report.outcome).toBe("failed");
    expect(report.error.kind).toBe("archive_failed");
    // Named relative to the data folder: the message may be shown on the public /status/ page.
    expect(report.error.message).toContain("items/feed.json");
    expect(await readFile(itemsFile, "utf8")).toBe("{ damaged");
    // The state keeps the old validators, so the changed document is fetched again once the file is mended.
    expect(await readFile(stateFile, "utf8")).toBe(stateAfter304);
  });

  it("keeps every archived post of a feed that fails, and counts the failures in plain words", async () => {
    let broken = false;
    server = await startLoopback({
      "/feed.xml": (req, res) => {
        if (broken) res.writeHead(500).end("oops");
        else res.writeHead(200, { "content-type": "application/rss+xml" }).end(rssDocument({ title: "Feed", link: "https://feed.example/", posts: posts(1, 1, 5) }));
      },
    });
    const space = await workspace(server, [{ name: "Feed", path: "/feed.xml" }]);
    await runCli(fetchArgs(space, start));
    broken = true;
    const failed = await runCli(fetchArgs(space, new Date(start.getTime() + 3_600_000)));
    expect(failed.code).toBe(0);
    expect(failed.err).toContain("FAILED");
    await runCli(fetchArgs(space, new Date(start.getTime() + 7_200_000)));
    const [feed] = (await status(space)).feeds;
    expect(feed?.itemsArchived).toBe(5);
    expect(feed?.consecutiveFailures).toBe(2);
    expect(feed?.lastStatus).toBe(500);
    expect(feed?.lastError).toMatch(/server/i);
    const strict = await runCli(fetchArgs(space, new Date(start.getTime() + 10_800_000), "--strict"));
    expect(strict.code).toBe(1);
  });

  it("uses a permanent redirect from then on, and never a temporary one", async () => {
    server = await startLoopback({
      "/old.xml": (req, res) => void res.writeHead(301, { location: "/new.xml" }).end(),
      "/temp.xml": (req, res) => void res.writeHead(302, { location: "/new.xml" }).end(),
      "/new.xml": conditionalFeed(() => rssDocument({ title: "Feed", link: "https://feed.example/", posts: posts(1, 1, 3) })),
    });
    const space = await workspace(server, [{ name: "Moved", path: "/old.xml" }, { name: "Temporary", path: "/temp.xml" }]);
    await runCli(fetchArgs(space, start));
    const feeds = (await status(space)).feeds;
    expect(feeds[0]?.permanentRedirect).toBe(server.url("/new.xml"));
    expect(feeds[1]?.permanentRedirect).toBeNull();
    server.requests.length = 0;
    await runCli(fetchArgs(space, new Date(start.getTime() + 3_600_000)));
    const paths = server.requests.map((request) => request.path).sort();
    expect(paths).toEqual(["/new.xml", "/new.xml", "/temp.xml"]);
    expect(await readFile(space.config, "utf8")).toContain("/old.xml");
  });

  it("stops polling a feed that answered 410 Gone, and waits as a 503 Retry-After asks", async () => {
    server = await startLoopback({
      "/gone.xml": (req, res) => void res.writeHead(410).end(),
      "/busy.xml": (req, res) => void res.writeHead(503, { "retry-after": "7200" }).end(),
    });
    const space = await workspace(server, [{ name: "Gone", path: "/gone.xml" }, { name: "Busy", path: "/busy.xml" }]);
    await runCli(fetchArgs(space, start));
    server.requests.length = 0;
    const soon = await runCli(fetchArgs(space, new Date(start.getTime() + 3_600_000)));
    expect(server.requests).toEqual([]);
    expect(soon.out).toMatch(/410/);
    await runCli(fetchArgs(space, new Date(start.getTime() + 3 * 3_600_000)));
    expect(server.requests.map((request) => request.path)).toEqual(["/busy.xml"]);
  });

  it("exits 2 with the file and line when feeds.yaml is wrong, and writes nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-refresh-"));
    const config = join(dir, "feeds.yaml");
    await writeFile(config, "site:\n  itemsPerPag: 20\nfeeds: []\n");
    const run = await runCli(["fetch", "--config", config, "--data", join(dir, "data")]);
    expect(run.code).toBe(2);
    expect(run.err).toContain("feeds.yaml:2");
    expect(run.err).toContain("itemsPerPage");
  });
});
