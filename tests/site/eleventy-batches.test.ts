import { describe, expect, it } from "vitest";
import { eleventyBatches, PAGES_PER_RUN } from "../../src/site/eleventy-batches.ts";
import type { PageView, PostView } from "../../src/site/view-types.ts";

const MB = 1024 ** 2;

function pages(count: number, bodyBytes: number): { page: PageView }[] {
  const post = { contentHtml: "x".repeat(bodyBytes) } as PostView;
  return Array.from({ length: count }, (_, index) => ({
    page: { kind: "list", outputPath: `page/${index}/index.html`, posts: Array.from({ length: 20 }, () => post) } as PageView,
  }));
}

describe("eleventyBatches", () => {
  it("renders a small site in one run", () => {
    const batches = eleventyBatches(pages(800, 12_000), 400 * MB);
    expect(batches.map((batch) => batch.length)).toEqual([800]);
  });

  it("renders in runs of 150 pages, every page once and in order, what does not fit beside the main thread", () => {
    const all = pages(800, 12_000);
    const batches = eleventyBatches(all, 1_100 * MB);
    expect(batches.map((batch) => batch.length)).toEqual([PAGES_PER_RUN, 150, 150, 150, 150, 50]);
    expect(batches.flat()).toEqual(all);
  });

  it("counts the posts' length, not only the pages", () => {
    expect(eleventyBatches(pages(800, 4_000), 900 * MB)).toHaveLength(1);
    expect(eleventyBatches(pages(800, 40_000), 900 * MB).length).toBeGreaterThan(1);
  });

  it("has nothing to run for no pages", () => {
    expect(eleventyBatches([], 400 * MB)).toEqual([]);
  });
});
