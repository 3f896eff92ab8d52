import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inOrder, planSegments, segmentWeights, SITE_SEGMENTS, type PlanEntry, type SegmentBounds } from "../../../src/site/search/segment-plan.ts";

const bounds: SegmentBounds = { leafPosts: 8, fanOut: 4, levels: 2, maxBytes: 1_000_000 };
const TAG = "records 1 pagefind 1.6.0";

/** Post `n`, `n` hours after the first: its order is its date. */
function entry(n: number, text = `text of ${n}`): PlanEntry {
  const published = new Date(Date.UTC(2020, 0, 1) + n * 3_600_000).toISOString();
  return { order: published, url: `https://blog.example/${n}`, bytes: text.length, digest: createHash("sha256").update(text).digest("hex") };
}

function posts(count: number): PlanEntry[] {
  return Array.from({ length: count }, (_, n) => entry(n));
}

const keysOf = (entries: PlanEntry[], tag = TAG): string[] => planSegments(inOrder(entries), bounds, tag).map((segment) => segment.key);

function changed(before: string[], after: string[]): { made: string[]; dropped: string[] } {
  return { made: after.filter((key) => !before.includes(key)), dropped: before.filter((key) => !after.includes(key)) };
}

describe("the search index's segment plan", () => {
  it("covers every post once, oldest first, in ranges of dates", () => {
    const ordered = inOrder(posts(500).reverse());
    const plan = planSegments(ordered, bounds, TAG);
    expect(plan.length).toBeGreaterThan(3);
    expect(plan[0]?.start).toBe(0);
    expect(plan.at(-1)?.end).toBe(500);
    for (const [at, segment] of plan.entries()) {
      expect(segment.end).toBeGreaterThan(segment.start);
      if (at > 0) expect(segment.start).toBe(plan[at - 1]?.end);
    }
  });

  it("remakes only the newest segment for a new post, most of the time, and never more than merges call for", () => {
    let before = keysOf(posts(300));
    let onlyNewest = 0;
    for (let n = 300; n < 400; n++) {
      const after = keysOf(posts(n + 1));
      const { made } = changed(before, after);
      // The newest segment is made again, and at most once in a while, older ones are merged into one.
      expect(made).toEqual([after.at(-1)]);
      if (after.length >= before.length) onlyNewest++;
      before = after;
    }
    expect(onlyNewest).toBeGreaterThan(80);
  });

  it("remakes only its own segment for a post with an old date", () => {
    const all = posts(400);
    const before = planSegments(inOrder(all), bounds, TAG);
    // An hour and a half after post 100: among the oldest posts, not at either end of a segment.
    const late = { ...entry(100), order: new Date(Date.UTC(2020, 0, 1) + 100.5 * 3_600_000).toISOString(), url: "https://blog.example/late-7" };
    const after = planSegments(inOrder([...all, late]), bounds, TAG);
    const { made, dropped } = changed(before.map((segment) => segment.key), after.map((segment) => segment.key));
    expect(made).toHaveLength(1);
    expect(dropped).toHaveLength(1);
    const holding = before.find((segment) => segment.key === dropped[0]);
    expect(holding !== undefined && holding.start <= 101 && holding.end > 100).toBe(true);
  });

  it("keeps the number of segments bounded as posts accumulate, by merging the older ones", () => {
    let most = 0;
    for (let count = 1; count <= 3000; count += 37) most = Math.max(most, keysOf(posts(count)).length);
    // At most fanOut - 1 ranges of each level stand alone; full groups of fanOut are one (8 × 4 × 4 = 128 posts).
    expect(most).toBeLessThanOrEqual(3000 / (8 * 4 * 4) + (bounds.fanOut - 1) * (bounds.levels + 1) + 1);
    const sizes = planSegments(inOrder(posts(3000)), bounds, TAG).map((segment) => segment.end - segment.start);
    // Older segments are the larger: the oldest half holds far fewer, larger segments than the newest posts.
    expect(Math.max(...sizes.slice(0, 4))).toBeGreaterThan(4 * Math.max(...sizes.slice(-3)));
  });

  it("keeps the segments of a real site to a handful for 50,000 posts", () => {
    const many = Array.from({ length: 50_000 }, (_, n) => ({ ...entry(n), bytes: 3_000 }));
    const plan = planSegments(inOrder(many), SITE_SEGMENTS, TAG);
    expect(plan.length).toBeLessThanOrEqual(16);
    expect(Math.max(...plan.map((segment) => (segment.end - segment.start) * 3_000))).toBeLessThanOrEqual(SITE_SEGMENTS.maxBytes);
  });

  it("keeps an index of fewer than minPosts posts in one segment, and cuts it once it reaches them", () => {
    const small = { ...bounds, minPosts: 200 };
    expect(planSegments(inOrder(posts(199)), small, TAG)).toHaveLength(1);
    expect(planSegments(inOrder(posts(199)), bounds, TAG).length).toBeGreaterThan(1);
    expect(planSegments(inOrder(posts(200)), small, TAG).length).toBeGreaterThan(1);
  });

  it("bounds a segment's markup, cutting a larger one into pieces", () => {
    const heavy = posts(200).map((post) => ({ ...post, bytes: 100 }));
    const plan = planSegments(inOrder(heavy), { ...bounds, levels: 4, maxBytes: 1_000 }, TAG);
    expect(Math.max(...plan.map((segment) => segment.end - segment.start))).toBeLessThanOrEqual(10);
  });

  it("keys a segment by its records and the format alone: the same posts give the same keys, a new Pagefind new ones", () => {
    expect(keysOf(posts(200))).toEqual(keysOf(posts(200).reverse()));
    const other = keysOf(posts(200), "records 1 pagefind 1.7.0");
    expect(other.filter((key) => keysOf(posts(200)).includes(key))).toEqual([]);
    // A post's text changed: only the segment holding it.
    const edited = posts(200).map((post, n) => (n === 5 ? entry(5, "new text") : post));
    expect(changed(keysOf(posts(200)), keysOf(edited)).made).toHaveLength(1);
  });

  it("weighs each segment above every score of the older ones", () => {
    const counts = [3, 10, 7];
    const weights = segmentWeights(counts);
    // A post's score is its place in its segment (1 to n) times the segment's weight.
    const scores = counts.map((count, at) => Array.from({ length: count }, (_, place) => (count - place) * (weights[at] ?? 0)));
    const merged = scores.flat();
    expect(merged).toEqual([...merged].sort((a, b) => b - a));
  });
});
