import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { distinctWords, indexRecords, type SearchRecord } from "../../src/site/search-index.ts";
import { tempDir } from "../helpers/temp-dir.ts";

let workspace: { dir: string; remove(): Promise<void> };
beforeEach(async () => {
  workspace = await tempDir();
});
afterEach(() => workspace.remove());

function record(url: string, title: string): SearchRecord {
  return { url, content: `${title} words`, language: "en", meta: { title, source: "A source", date: "today", summary: "" }, filters: { source: ["A source"] }, sort: { date: "2024-01-01T00:00:00Z" } };
}

describe("the search index", () => {
  it("takes each distinct word of a post once, in reading order, without its markup", () => {
    expect(distinctWords('<p>The <b>feed</b> and the <a href="https://x.example/?a=1&amp;b=2">feeds</a></p><pre tabindex="0">Feed&lt;T&gt;</pre>')).toBe("the feed and feeds t");
  });

  it("leaves out a post Pagefind refuses, says which and why, and indexes the others", async () => {
    // A lone surrogate cannot cross Pagefind's JSON pipe; the normalise stage never lets one through, but one post must
    // never stop the index whatever it holds.
    const index = await indexRecords([record("https://a.example/good", "Good post"), record("https://a.example/bad", "Bad \ud800 post")]);
    const outDir = path.join(workspace.dir, "pagefind");
    await index.write(outDir);
    expect(index.skipped.map((post) => post.url)).toEqual(["https://a.example/bad"]);
    expect(index.skipped[0]?.reason.length).toBeGreaterThan(0);
    const entry = JSON.parse(await readFile(path.join(outDir, "pagefind-entry.json"), "utf8")) as { languages: Record<string, { page_count: number }> };
    expect(Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0)).toBe(1);
    expect(await readdir(outDir)).toContain("pagefind.js");
  }, 30_000);
});
