// One new post in a big archive: the pages that stay put stay put. Which files a render wrote again is told by their
// inodes (a kept file is a hard link to the previous site's copy), and the result must be a cold render's bytes.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FeedArchive } from "../../src/model.ts";
import { renderSite, type RenderReport } from "../../src/site/render.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { archive, config, feed, hourlyItems, item, listFiles, snapshotOf } from "./fixtures.ts";

// Every post days before the render, so no page holds a date that reads `X ago`: what changes is what was made.
const NOW = new Date("2019-03-20T12:00:00Z");
const ada = feed("Ada", "ada", ["Maths"]);
const bob = feed("Bob", "bob", ["Maths"]);
const cy = feed("Cy", "cy", ["Art"]);
const siteConfig = config([ada, bob, cy], { itemsPerPage: 20 });
// 205 + 190 + 197 = 592 posts: no list is at a page boundary, so one new post fills its newest numbered page further.
const counts = { ada: 205, bob: 190, cy: 197 };

let workspace: { dir: string; remove(): Promise<void> };
let archives: Map<string, FeedArchive>;

beforeAll(async () => {
  workspace = await tempDir();
  archives = new Map([
    ["ada", archive(ada, hourlyItems("ada", counts.ada, "2019-03-10T09:00:00Z"))],
    ["bob", archive(bob, hourlyItems("bob", counts.bob, "2019-03-10T09:20:00Z"))],
    ["cy", archive(cy, hourlyItems("cy", counts.cy, "2019-03-10T09:40:00Z"))],
  ]);
});

afterAll(() => workspace.remove());

async function inodes(dir: string): Promise<Map<string, number>> {
  return new Map(await Promise.all((await listFiles(dir)).map(async (file) => [file, (await stat(path.join(dir, file))).ino] as const)));
}

async function bytes(dir: string): Promise<Map<string, string>> {
  return new Map(await Promise.all((await listFiles(dir)).map(async (file) => [file, (await readFile(path.join(dir, file))).toString("base64")] as const)));
}

/** Files written again by the last render (new or replaced), leaving out the search index and the manifest. */
function written(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([file, ino]) => before.get(file) !== ino && !file.startsWith("pagefind/") && file !== "blogroll-render-keys.json").map(([file]) => file).sort();
}

function withItem(slug: string, added: ReturnType<typeof item>): void {
  const current = archives.get(slug);
  if (current === undefined) throw new Error(`no archive ${slug}`);
  archives.set(slug, { ...current, items: [...current.items, added] });
}

const feeds = (list: string) => [`${list}atom.xml`, `${list}feed.json`, `${list}rss.xml`];

describe("one new post in an archive of 3 sources and 592 posts", () => {
  const site = () => path.join(workspace.dir, "site");
  let before: Map<string, number>;
  let report: RenderReport;

  beforeAll(async () => {
    await renderSite({ config: siteConfig, archive: snapshotOf(archives), now: NOW, outDir: site() });
    before = await inodes(site());
    withItem("ada", item("ada", { id: "ada-new", title: "Ada's newest", published: "2019-03-15T08:00:00Z" }));
    report = await renderSite({ config: siteConfig, archive: snapshotOf(archives), now: NOW, outDir: site() });
  }, 120_000);

  it("makes again only the first page and the newest numbered page of each list it is on, their feeds and the overviews", async () => {
    const expected = [
      "index.html",
      "page/30/index.html",
      "sources/ada/index.html",
      "sources/ada/page/11/index.html",
      "categories/maths/index.html",
      "categories/maths/page/20/index.html",
      "sources/index.html",
      "categories/index.html",
      "status/index.html",
      ...feeds(""),
      ...feeds("sources/ada/"),
      ...feeds("categories/maths/"),
    ].sort();
    expect(written(before, await inodes(site()))).toEqual(expected);
    expect(report.pagesMade).toBe(9);
    expect(report.pages).toBeGreaterThan(100);
    // One segment of the search index made again, the newest; the others kept from the previous site.
    expect(report.searchSegments.made).toBe(1);
    expect(report.searchSegments.total).toBeGreaterThan(1);
  });

  it("is byte for byte a cold render of the same archive", async () => {
    const cold = path.join(workspace.dir, "cold");
    await renderSite({ config: siteConfig, archive: snapshotOf(archives), now: NOW, outDir: cold });
    expect(await bytes(site())).toEqual(await bytes(cold));
  }, 120_000);

  it("changes, for a post arriving with an old date, only its list's pages from its place on", async () => {
    const previous = await inodes(site());
    // Between Cy's 45th and 46th oldest posts: Cy's pages 1 and 2 (posts 1–40) stay put, page 3 on moves.
    const oldest = [...(archives.get("cy")?.items ?? [])].sort((a, b) => Date.parse(a.published) - Date.parse(b.published));
    const between = new Date((Date.parse(oldest[44]!.published) + Date.parse(oldest[45]!.published)) / 2).toISOString();
    withItem("cy", item("cy", { id: "cy-late", title: "Cy's late arrival", published: between }));
    await renderSite({ config: siteConfig, archive: snapshotOf(archives), now: NOW, outDir: site() });
    const changed = written(previous, await inodes(site()));
    const cyPages = changed.filter((file) => file.startsWith("sources/cy/page/"));
    expect(cyPages).toEqual(["3", "4", "5", "6", "7", "8", "9", "10"].map((number) => `sources/cy/page/${number}/index.html`).sort());
    expect(changed.filter((file) => file.startsWith("sources/ada/") || file.startsWith("sources/bob/") || file.startsWith("categories/maths/"))).toEqual([]);
    expect(await readFile(path.join(site(), "sources/cy/page/3/index.html"), "utf8")).toContain("Cy&#39;s late arrival");
  }, 120_000);
});
