import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../demo/articles.ts";
import { generateCorpus, type CorpusSpec } from "../../bench/corpus.ts";
import { distinctWordsPerPost, postWords, realCorpusDir, realCorpusPosts, wordsOf, type DistinctAt } from "../../bench/distinct-words.ts";
import { makeVocabulary, PROSE_SHAPE } from "../../bench/vocabulary.ts";

const REPO_DIR = fileURLToPath(new URL("../..", import.meta.url));
const SPEC: CorpusSpec = { feeds: 24, postsPerFeed: 12, seed: 2025, origins: ["http://127.0.0.2:9"], newest: new Date("2025-06-01T08:00:00Z") };

/** Issue 18's measurement of the real feeds: median distinct words in a post's first 200, 500 and 1,000 words. */
const ISSUE_FIGURES: Record<number, number> = { 200: 125, 500: 278, 1_000: 429 };
const TOLERANCE = 0.15;

function generatedFigures(): DistinctAt[] {
  const posts = generateCorpus(SPEC).feeds.flatMap((feed) => feed.posts.map((post) => postWords(post.html)));
  return distinctWordsPerPost(posts);
}

function expectWithin(measured: readonly DistinctAt[], wanted: (length: number) => number): void {
  for (const { length, posts, median } of measured) {
    expect(posts, `posts of at least ${length} words`).toBeGreaterThan(10);
    const target = wanted(length);
    expect(Math.abs(median / target - 1), `${median} distinct words at ${length}, against ${target}`).toBeLessThanOrEqual(TOLERANCE);
  }
}

describe("the benchmark's vocabulary", () => {
  it("is tens of thousands of distinct words, the same for the same seed and other for another", () => {
    const words = makeVocabulary(7).words;
    expect(words.length).toBe(PROSE_SHAPE.size);
    expect(words.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(words).size).toBe(words.length);
    expect(makeVocabulary(7).words).toEqual(words);
    expect(makeVocabulary(8).words.slice(200, 300)).not.toEqual(words.slice(200, 300));
  });

  it("draws words by Zipf–Mandelbrot frequencies: the commonest some 45 times as often as the hundredth, the tail still reached", () => {
    const vocabulary = makeVocabulary(7);
    const random = seededRandom(1);
    const counts = new Map<string, number>();
    for (let i = 0; i < 200_000; i++) {
      const word = vocabulary.draw(random);
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const [first, hundredth] = [vocabulary.words[0] ?? "", vocabulary.words[99] ?? ""];
    const expected = Math.pow((100 + PROSE_SHAPE.offset) / (1 + PROSE_SHAPE.offset), PROSE_SHAPE.exponent);
    const ratio = (counts.get(first) ?? 0) / (counts.get(hundredth) ?? 1);
    expect(Math.abs(ratio / expected - 1)).toBeLessThan(0.2);
    expect(counts.size).toBeGreaterThan(10_000);
  });

  it("counts a post's distinct words among its first N words, over posts at least that long", () => {
    const posts = [wordsOf("a b a c d"), wordsOf("x x x x"), wordsOf("short")];
    expect(distinctWordsPerPost(posts, [4])).toEqual([{ length: 4, posts: 2, median: 3 }]);
    expect(wordsOf("<p>Café — l’été, DON'T!</p>")).toEqual(["p", "café", "l’été", "don't", "p"]);
  });

  it("gives posts the distinct words per length of real prose, within 15% of issue 18's figures", () => {
    expectWithin(generatedFigures(), (length) => ISSUE_FIGURES[length] ?? Number.NaN);
  });

  it("stays within 15% of the real feeds in ../shared/corpus/real, measured here", async (context) => {
    const dir = realCorpusDir(REPO_DIR);
    if (!existsSync(dir)) context.skip(`the real corpus is not at ${dir} (a fresh clone has no ../shared)`);
    const real = distinctWordsPerPost((await realCorpusPosts(dir)) ?? []);
    expectWithin(generatedFigures(), (length) => real.find((figure) => figure.length === length)?.median ?? Number.NaN);
  });
});
