import { describe, expect, it } from "vitest";
import { pagerLinks, paginate } from "../../src/site/pagination.ts";

describe("paginate", () => {
  it.each([
    [0, 20, 1],
    [20, 20, 1],
    [21, 20, 2],
    [32, 20, 2],
    [89, 20, 5],
  ])("%i posts at %i a page make %i pages", (count, perPage, pages) => {
    expect(paginate(Array.from({ length: count }, (_, index) => index), perPage)).toHaveLength(pages);
  });
});

describe("pagerLinks", () => {
  it("has no pager for a single page", () => {
    expect(pagerLinks("sources/a/", 1, 1)).toEqual([]);
  });

  it("offers next and last on the first page, and marks the current page", () => {
    const labels = pagerLinks("", 1, 5).map((link) => [link.label, link.path, link.rel, link.current]);
    expect(labels).toEqual([
      ["1", null, null, true],
      ["2", "page/2/", null, false],
      ["3", "page/3/", null, false],
      ["4", "page/4/", null, false],
      ["5", "page/5/", null, false],
      ["next ›", "page/2/", "next", false],
      ["last »", "page/5/", null, false],
    ]);
  });

  it("links back to the list's first page without a page number", () => {
    const links = pagerLinks("categories/technology/", 2, 2);
    expect(links.map((link) => [link.label, link.path, link.rel])).toEqual([
      ["« first", "categories/technology/", null],
      ["‹ previous", "categories/technology/", "prev"],
      ["1", "categories/technology/", null],
      ["2", null, null],
    ]);
  });

  it("shows nine page numbers around the current page with ellipses beyond", () => {
    const labels = pagerLinks("", 15, 30).map((link) => link.label);
    expect(labels).toEqual(["« first", "‹ previous", "…", "11", "12", "13", "14", "15", "16", "17", "18", "19", "…", "next ›", "last »"]);
  });
});
