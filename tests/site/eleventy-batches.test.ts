import { describe, expect, it } from "vitest";
import { eleventyBatches, MEMORY_BUDGET_BYTES } from "../../src/site/eleventy-batches.ts";
import type { PageView, PostView } from "../../src/site/view-types.ts";

function listPage(index: number, bodyBytes: number): { page: PageView } {
  const post = { contentHtml: "x".repeat(bodyBytes) } as PostView;
  const page = { kind: "list", outputPath: `page/${index}/index.html`, posts: Array.from({ length: 20 }, () => post) } as PageView;
  return { page };
}

const pages = (count: number, bodyBytes: number): { page: PageView }[] => Array.from({ length: count }, (_, index) => listPage(index, bodyBytes));

describe("eleventyBatches", () => {
  it("renders a small site in one run", () => {
    const batches = eleventyBatches(pages(800, 12_000), 400 * 1024 ** 2);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(800);
  });

  it("cuts a site into more runs the more memory the main thread already holds, keeping every page once and in order", () => {
    const all = pages(2_000, 12_000);
    const roomy = eleventyBatches(all, 400 * 1024 ** 2);
    const tight = eleventyBatches(all, 900 * 1024 ** 2);
    expect(tight.length).toBeGreaterThan(roomy.length);
    expect(tight.flat()).toEqual(all);
    expect(roomy.flat()).toEqual(all);
  });

  it("puts fewer pages in a run when their posts are longer", () => {
    const short = eleventyBatches(pages(2_000, 4_000), 1_000 * 1024 ** 2);
    const long = eleventyBatches(pages(2_000, 40_000), 1_000 * 1024 ** 2);
    expect((long[0] ?? []).length).toBeLessThan((short[0] ?? []).length);
  });

  it("keeps runs of 150 pages at least, however tight the budget", () => {
    const batches = eleventyBatches(pages(400, 12_000), MEMORY_BUDGET_BYTES);
    expect(batches.map((batch) => batch.length)).toEqual([150, 150, 100]);
  });
});
