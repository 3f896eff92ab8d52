// Issue 17: whatever a feed sends, one document costs a bounded time and memory, and the run goes on. Through the
// real CLI against feeds on a loopback server.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { nestedDivs, xmlCostlierThan } from "../helpers/costly-documents.ts";
import { respond } from "../helpers/hostile-routes.ts";
import { startLoopback, type Route } from "../helpers/loopback.ts";
import { rssDocumentOf } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { readPage } from "../site/rendered-page.ts";
import { readStatusPage } from "../site/status-page.ts";

const RSS = { "content-type": "application/rss+xml; charset=utf-8" };
const NOW = "2024-03-10T12:00:00Z";

function feedOf(title: string, posts: { guid: string; title: string; html: string }[]): Route {
  const link = `https://${title.toLowerCase()}.example/`;
  return respond(200, RSS, rssDocumentOf({ title, link }, posts.map((post, index) => ({ ...post, link: `${link}${post.guid}`, pubDate: `Sun, 10 Mar 2024 0${index + 1}:00:00 GMT` }))));
}

async function workspace(feeds: Record<string, Route>): Promise<{ build(...more: string[]): ReturnType<typeof runCli>; data: string; out: string; config: string }> {
  const server = await startLoopback(Object.fromEntries(Object.entries(feeds).map(([name, route]) => [`/${name}.xml`, route])));
  const folder = await tempDir();
  onTestFinished(async () => {
    await server.close();
    await folder.remove();
  });
  const config = join(folder.dir, "feeds.yaml");
  const lines = Object.keys(feeds).map((name) => `  - name: ${name}\n    url: ${server.url(`/${name}.xml`)}`);
  await writeFile(config, `site:\n  title: Limits\nfetch:\n  timeout: 5s\nfeeds:\n${lines.join("\n")}\n`);
  const data = join(folder.dir, "data");
  const out = join(folder.dir, "out");
  return { data, out, config, build: (...more) => runCli(["build", "--config", config, "--data", data, "--out", out, "--now", NOW, ...more]) };
}

describe("what one document may cost", () => {
  it("builds a feed with a post 200,000 elements deep: the post is cut with a warning, the feed's other posts are on the site", async () => {
    const space = await workspace({
      Deep: feedOf("Deep", [
        { guid: "first", title: "An ordinary first post", html: "<p>Nothing odd here.</p>" },
        { guid: "deep", title: "The deep post", html: nestedDivs(200_000, "words at the bottom") },
        { guid: "last", title: "An ordinary last post", html: "<p>Nor here.</p>" },
      ]),
      Calm: feedOf("Calm", [{ guid: "calm", title: "A calm post", html: "<p>Calm.</p>" }]),
    });
    const run = await space.build("--verbose");
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/warning: 1 post was cut short because its markup nested more than 512 elements deep \(first: "The deep post"\): the 199,488 elements past that bound were flattened to their text/);
    const source = readPage(await readFile(join(space.out, "sources", "deep", "index.html"), "utf8"));
    expect(source.posts.map((post) => post.title)).toEqual(["An ordinary last post", "The deep post", "An ordinary first post"]);
    const page = await readFile(join(space.out, "sources", "deep", "index.html"), "utf8");
    // The text past the bound is kept, inside the 512 levels kept.
    expect(page).toContain("words at the bottom");
    expect(page.split("<div>").length - 1).toBeLessThanOrEqual(512 + 20);
    const calm = readPage(await readFile(join(space.out, "sources", "calm", "index.html"), "utf8"));
    expect(calm.posts.map((post) => post.title)).toEqual(["A calm post"]);
  });

  it("refuses a deep XML document that passes the reader's heap limit, keeps that feed's archived posts, and builds the others (exit 0)", async () => {
    let costly = false;
    const ordinary = feedOf("Costly", [{ guid: "kept", title: "A post archived before", html: "<p>Kept.</p>" }]);
    const hostile = respond(200, RSS, xmlCostlierThan(512));
    const space = await workspace({
      Costly: (req, res) => (costly ? hostile(req, res) : ordinary(req, res)),
      Calm: feedOf("Calm", [{ guid: "calm", title: "A calm post", html: "<p>Calm.</p>" }]),
    });
    expect((await space.build()).code).toBe(0);
    costly = true;
    const run = await space.build();
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/FAILED +Costly[\s\S]*needed more than the 512 MB of memory one document may use \(too many elements, or nested too deep\)/);
    expect(run.out).toMatch(/Calm .*HTTP 200/);
    const source = readPage(await readFile(join(space.out, "sources", "costly", "index.html"), "utf8"));
    expect(source.posts.map((post) => post.title)).toEqual(["A post archived before"]);
    const status = readStatusPage(await readFile(join(space.out, "status", "index.html"), "utf8"));
    expect(status.get("Costly")?.facts.get("Last error")).toMatch(/512 MB of memory/);
  });
});
