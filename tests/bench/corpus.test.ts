import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import { addPost, generateCorpus, type CorpusSpec } from "../../bench/corpus.ts";
import { feedDocument } from "../../bench/feed-document.ts";

const SPEC: CorpusSpec = { feeds: 30, postsPerFeed: 6, seed: 7, origins: ["http://127.0.0.2:9", "http://127.0.0.3:9"], newest: new Date("2025-06-01T08:00:00Z") };

describe("the benchmark corpus", () => {
  it("is the same for the same seed and differs for another", () => {
    const documents = (seed: number): string[] => generateCorpus({ ...SPEC, seed }).feeds.map(feedDocument);
    expect(documents(7)).toEqual(documents(7));
    expect(documents(8)).not.toEqual(documents(7));
  });

  it("mixes the three formats and has feeds with relative URLs", () => {
    const { feeds } = generateCorpus(SPEC);
    expect(new Set(feeds.map((feed) => feed.format))).toEqual(new Set(["rss", "atom", "rdf"]));
    expect(feeds.some((feed) => feed.relativeUrls)).toBe(true);
  });

  it("writes posts of 2 to about 30 KB with paragraphs, links, images, code and lists", () => {
    const posts = generateCorpus(SPEC).feeds.flatMap((feed) => feed.posts);
    for (const post of posts) {
      expect(post.html.length).toBeGreaterThanOrEqual(2048);
      // A post stops at the first block past its target, so it may run over by one block.
      expect(post.html.length).toBeLessThan(34 * 1024);
    }
    const all = posts.map((post) => post.html).join("");
    for (const tag of ["<p", "<a href=", "<img src=", "<pre><code>", "<li>"]) expect(all).toContain(tag);
  });

  it("produces documents rss-parser reads, every post with its title and date", async () => {
    const parser = new Parser();
    for (const feed of generateCorpus(SPEC).feeds) {
      const parsed = await parser.parseString(feedDocument(feed));
      expect(parsed.items.map((item) => item.title)).toEqual(feed.posts.map((post) => post.title));
      expect(parsed.items.map((item) => item.isoDate)).toEqual(feed.posts.map((post) => post.published.toISOString()));
    }
  });

  it("puts xml:base on feeds with relative URLs and writes relative links in their content", () => {
    const feed = generateCorpus(SPEC).feeds.find((candidate) => candidate.relativeUrls);
    expect(feed).toBeDefined();
    if (!feed) return;
    expect(feedDocument(feed)).toContain(`xml:base="${feed.siteUrl}"`);
    expect(feed.posts.map((post) => post.html).join("")).not.toContain("http://127.0.0.");
  });

  it("adds a new post on top and drops the oldest, as a real feed does", () => {
    const corpus = generateCorpus(SPEC);
    const before = corpus.feeds[3]?.posts.map((post) => post.number) ?? [];
    const published = new Date("2025-06-01T09:00:00Z");
    const feed = addPost(corpus, 3, published);
    expect(feed.posts.map((post) => post.number)).toEqual([before[0]! + 1, ...before.slice(0, -1)]);
    expect(feed.posts[0]?.published).toEqual(published);
  });
});
