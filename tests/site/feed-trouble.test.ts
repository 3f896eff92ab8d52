// What readers see of feeds in trouble, through real builds of feeds served on loopback: a feed that worked and
// now fails, and one that never worked.
import { access, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { rssDocument } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { byClass, findAll, parseHtml, textOf } from "./html.ts";
import { readStatusPage } from "./status-page.ts";

const HOUR = 3_600_000;
const WORKED = new Date("2024-05-06T08:00:00Z");
const FAILED = new Date(WORKED.getTime() + HOUR);
const LATER = new Date(FAILED.getTime() + 2 * HOUR);
/** What the fetch stage says of a 404: words for the owner, who can fix feeds.yaml. */
const OWNER_WORDS = "Check the URL in feeds.yaml";

let dir = "";
let removeDir = async (): Promise<void> => undefined;
let server: Loopback;
let flakyWorks = true;

const flakyPosts = Array.from({ length: 3 }, (_, index) => ({
  guid: `flaky-${index + 1}`,
  title: `Flaky, post ${index + 1}`,
  published: new Date(WORKED.getTime() - (index + 1) * HOUR),
}));

function build(at: Date) {
  return runCli(["build", "--config", join(dir, "feeds.yaml"), "--data", join(dir, "data"), "--out", join(dir, "out"), "--now", at.toISOString()]);
}

const read = (path: string) => readFile(join(dir, "out", path), "utf8");
const page = async (path: string) => parseHtml(await read(path));

beforeAll(async () => {
  const temp = await tempDir();
  dir = temp.dir;
  removeDir = temp.remove;
  server = await startLoopback({
    "/flaky.xml": (_req, res) => {
      if (!flakyWorks) return void res.writeHead(404).end("no such feed");
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(rssDocument({ title: "Flaky", link: "https://flaky.example/", posts: flakyPosts }));
    },
    "/never.xml": (_req, res) => void res.writeHead(404).end("no such feed"),
  });
  await writeFile(
    join(dir, "feeds.yaml"),
    ["site:", "  baseUrl: https://planet.example/", "feeds:", "  - name: Flaky", `    url: ${server.url("/flaky.xml")}`, "  - name: Never Worked", `    url: ${server.url("/never.xml")}`, ""].join("\n"),
  );
  expect((await build(WORKED)).code).toBe(0);
  flakyWorks = false;
  expect((await build(FAILED)).code).toBe(0);
  expect((await build(LATER)).code).toBe(0);
}, 120_000);

afterAll(async () => {
  await server.close();
  await removeDir();
});

describe("a feed that worked and now fails", () => {
  it("tells readers on its page, in one sentence of their words, since when we could not reach it", async () => {
    const header = byClass(await page("sources/flaky/index.html"), "source-header")[0];
    expect(header).toBeDefined();
    expect(byClass(header!, "feed-unreachable").map(textOf)).toEqual([
      "We could not reach this blog's feed since 2 hours ago; the posts below are the ones we kept.",
    ]);
    const text = textOf(header!);
    expect(text).not.toMatch(/Updated|Last successful update|failing/i);
  });

  it("keeps its posts, and none of the owner's words reach its page or /sources/", async () => {
    const html = await read("sources/flaky/index.html");
    expect(byClass(parseHtml(html), "p-name").map(textOf)).toEqual(flakyPosts.map((post) => post.title));
    for (const path of ["sources/flaky/index.html", "sources/index.html", "index.html"]) {
      const words = textOf(await page(path));
      expect(words, path).not.toContain(OWNER_WORDS);
      expect(words, path).not.toContain("feeds.yaml");
      expect(words, path).not.toContain("HTTP 404");
    }
    const line = byClass(await page("sources/index.html"), "meta").map(textOf);
    expect(line).toContain("3 posts · We could not reach this blog's feed since 2 hours ago.");
  });

  it("keeps the owner's words on /status/ and in blogroll status", async () => {
    const status = readStatusPage(await read("status/index.html"));
    expect(status.get("Flaky")?.health).toBe("Failing");
    expect(status.get("Flaky")?.facts.get("Last error")).toContain(OWNER_WORDS);
    const run = await runCli(["status", "--config", join(dir, "feeds.yaml"), "--data", join(dir, "data")]);
    expect(run.out).toContain(OWNER_WORDS);
  });
});

describe("a feed that never worked and has no posts", () => {
  it("has no public page, no feeds and no line on /sources/", async () => {
    const exists = (path: string) => access(join(dir, "out", path)).then(() => true, () => false);
    expect(await exists("sources/never-worked/index.html")).toBe(false);
    expect(await exists("sources/never-worked/rss.xml")).toBe(false);
    const sources = await page("sources/index.html");
    expect(textOf(sources)).not.toContain("Never Worked");
    expect(findAll(sources, (element) => element.attribs.href?.includes("never-worked") ?? false)).toEqual([]);
    expect(byClass(sources, "more").map(textOf)).toEqual(["More from Flaky"]);
  });

  it("is on /status/, named without a link, with the owner's words", async () => {
    const html = await read("status/index.html");
    const status = readStatusPage(html);
    expect(status.get("Never Worked")?.health).toBe("Failing");
    expect(status.get("Never Worked")?.facts.get("Last error")).toContain(OWNER_WORDS);
    expect(findAll(parseHtml(html), (element) => element.name === "a" && (element.attribs.href?.includes("never-worked") ?? false))).toEqual([]);
  });

  it("gets its page once it has posts", async () => {
    server.route("/never.xml", (_req, res) =>
      void res.writeHead(200, { "content-type": "application/rss+xml" }).end(
        rssDocument({ title: "Never Worked", link: "https://never.example/", posts: [{ guid: "n-1", title: "At last", published: LATER }] }),
      ),
    );
    expect((await build(new Date(LATER.getTime() + HOUR))).code).toBe(0);
    expect(byClass(await page("sources/never-worked/index.html"), "p-name").map(textOf)).toEqual(["At last"]);
    expect(byClass(await page("sources/index.html"), "more").map(textOf)).toContain("More from Never Worked");
  });
});
