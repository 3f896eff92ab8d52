// The search index as a render builds it: segments made once, kept while what they hold is unchanged.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FeedArchive } from "../../../src/model.ts";
import { renderSite } from "../../../src/site/render.ts";
import { readSegmentList } from "../../../src/site/search/segment-list.ts";
import type { SegmentBounds } from "../../../src/site/search/segment-plan.ts";
import { tempDir } from "../../helpers/temp-dir.ts";
import { archive, config, feed, hourlyItems, item, snapshotOf } from "../fixtures.ts";

const NOW = new Date("2024-03-10T12:00:00Z");
/** Small segments, so that an archive of a few hundred posts has many. */
const SMALL: SegmentBounds = { leafPosts: 8, fanOut: 4, levels: 2, maxBytes: 1024 ** 2 };
const blog = feed("Blog", "blog");

let workspace: { dir: string; remove(): Promise<void> };
beforeEach(async () => {
  workspace = await tempDir();
});
afterEach(() => workspace.remove());

function render(archives: Map<string, FeedArchive>, outDir: string, now = NOW) {
  return renderSite({ config: config([blog]), archive: snapshotOf(archives), now, outDir, searchSegments: SMALL });
}

describe("the search index in segments", () => {
  it("makes only the newest segment again when one post is added to a big archive, and keeps the others as they were", async () => {
    const outDir = path.join(workspace.dir, "site");
    const items = hourlyItems("blog", 300, "2024-03-10T10:00:00Z");
    const first = await render(new Map([["blog", archive(blog, items)]]), outDir);
    expect(first.searchSegments.total).toBeGreaterThan(4);
    expect(first.searchSegments.made).toBe(first.searchSegments.total);
    const before = await readSegmentList(path.join(outDir, "pagefind"));
    const oldest = before?.segments.at(-1);
    if (oldest === undefined) throw new Error("no segments listed");
    const oldestEntry = path.join(outDir, "pagefind", oldest.bundle, "pagefind-entry.json");
    const inode = (await stat(oldestEntry)).ino;

    const newer = item("blog", { id: "blog-new", title: "A new post", published: "2024-03-10T11:00:00Z" });
    const second = await render(new Map([["blog", archive(blog, [newer, ...items])]]), outDir);
    expect(second.searchSegments.made).toBe(1);
    const after = await readSegmentList(path.join(outDir, "pagefind"));
    const made = after?.segments.filter((segment) => !before?.segments.some((kept) => kept.key === segment.key)) ?? [];
    expect(made.map((segment) => segment.key)).toEqual([after?.segments[0]?.key]);
    expect(after?.segments.reduce((sum, segment) => sum + segment.posts, 0)).toBe(301);
    // The kept segment is the previous site's file, linked: not one byte of it written again.
    expect((await stat(oldestEntry)).ino).toBe(inode);
    // The page's own Pagefind files are there, and the list the page loads names the same segments.
    await expect(stat(path.join(outDir, "pagefind", "pagefind-component-ui.js"))).resolves.toBeDefined();
    expect(await readFile(path.join(outDir, "pagefind", "segments.js"), "utf8")).toContain(after?.segments[0]?.key ?? "-");
  }, 120_000);

  it("builds the same segments incrementally as from scratch", async () => {
    const items = hourlyItems("blog", 120, "2024-03-10T10:00:00Z");
    const newer = item("blog", { id: "blog-new", published: "2024-03-10T11:00:00Z" });
    const incremental = path.join(workspace.dir, "incremental");
    await render(new Map([["blog", archive(blog, items)]]), incremental);
    await render(new Map([["blog", archive(blog, [newer, ...items])]]), incremental);
    const cold = path.join(workspace.dir, "cold");
    await render(new Map([["blog", archive(blog, [newer, ...items])]]), cold);
    const list = (dir: string) => readFile(path.join(dir, "pagefind", "segments.json"), "utf8");
    expect(await list(incremental)).toBe(await list(cold));
  }, 120_000);

  it("indexes an empty archive as one empty segment the page can load", async () => {
    const outDir = path.join(workspace.dir, "site");
    const report = await render(new Map([["blog", archive(blog, [])]]), outDir);
    expect(report.searchSegments).toEqual({ total: 1, made: 1 });
    await expect(stat(path.join(outDir, "pagefind", "pagefind-component-ui.js"))).resolves.toBeDefined();
  }, 60_000);
});
