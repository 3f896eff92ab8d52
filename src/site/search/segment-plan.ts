// Which posts each segment of the search index holds (pure). Pagefind cannot add to an index, so the index is cut
// into segments by date, each a Pagefind bundle of its own that the browser merges, and a build makes again only the
// segments whose posts changed. Where the cuts fall depends only on the posts (never on earlier builds: an
// incremental build gives the same segments as a cold one), and they fall so that
//   - a new post changes only the newest segment, which is small, and a post with an old date only its own;
//   - older posts sit in fewer, larger segments, so that the browser fetches only a handful.
// Each post's address decides, by its digest, whether a cut follows it and of which level: one in `leafPosts` posts
// ends a segment of level 0, one in `leafPosts × fanOut` ends one of level 1, and so on, as content-defined chunking
// cuts files. Read from the newest post back, segments are cut at every cut of the level reached so far: the newest
// posts in level-0 segments up to the newest level-1 cut, then level-1 segments up to the newest level-2 cut, and so
// on. When a new post happens to end a level-1 segment, the level-0 segments before it become one: the merge that
// Lucene's tiered policy makes now and then, here without any memory of earlier builds. A long run of segments of one
// level (cuts fall by chance) is merged `fanOut` at a time from its oldest, and no segment exceeds `maxBytes`.
import { createHash } from "node:crypto";

export interface SegmentBounds {
  /** One post in this many ends a segment of level 0 (the newest segments hold about this many posts). */
  leafPosts: number;
  /** A segment of each next level holds about this many of the level below. */
  fanOut: number;
  /** The coarsest level. */
  levels: number;
  /** No segment holds more than this much post markup (else one post): it bounds Pagefind's memory for one segment. */
  maxBytes: number;
  /**
   * An index of fewer posts is one segment: it rebuilds in about a second, and a search of one segment never meets
   * Pagefind's fallback to a prefix of a word that a segment lacks (a merged search brings in such near misses).
   */
  minPosts?: number;
}

/**
 * The segments of real sites. Pagefind 1.6.0 makes a bundle of 64 posts in some 0.3 s (its start included), and
 * holds about 0.8 KB per distinct (word, post) pair: 16 MB of markup (some 4,000 posts of 500 words, 1.2 M pairs)
 * peaks near 1 GB, so two segments built side by side stay within 2 GB. Levels hold 64, 512 and 4,096 posts.
 */
export const SITE_SEGMENTS: SegmentBounds = { leafPosts: 64, fanOut: 8, levels: 2, maxBytes: 16 * 1024 ** 2, minPosts: 512 };

/** What the plan needs of a post: its place in the order, its address (which places cuts), size and digest. */
export interface PlanEntry {
  order: string;
  url: string;
  bytes: number;
  /** A digest of the post's whole record: a segment's key is made of these. */
  digest: string;
}

export interface PlannedSegment {
  /** A digest of what the segment holds: its posts' records, the record format and Pagefind's version. */
  key: string;
  /** Its posts, oldest first, as indexes into the entries in order (oldest first). */
  start: number;
  end: number;
}

/** The entries oldest first, in the order results are listed (reversed). */
export function inOrder<T extends PlanEntry>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
}

/** The level of the cut that follows a post: -1 for none. */
function cutLevel(url: string, bounds: SegmentBounds): number {
  const hash = Number.parseInt(createHash("sha256").update(url).digest("hex").slice(0, 12), 16);
  let level = -1;
  for (let span = bounds.leafPosts; level < bounds.levels && hash % span === 0; span *= bounds.fanOut) level++;
  return level;
}

/**
 * The segments of `ordered` (oldest first, see inOrder), oldest first. `formatTag` names the record format and
 * Pagefind's version: it is part of every key, so a new one makes every segment again and nothing else does.
 */
export function planSegments(ordered: readonly PlanEntry[], bounds: SegmentBounds, formatTag: string): PlannedSegment[] {
  // Newest first: each range with the level of the cuts that made it (-1: the newest posts, after the last cut).
  const ranges: { start: number; end: number; level: number }[] = [];
  let end = ordered.length;
  let level = -1;
  for (let at = ordered.length - 1; at >= 0; at--) {
    const entry = ordered[at];
    if (entry === undefined) continue;
    const cut = cutLevel(entry.url, bounds);
    if (cut < Math.max(level, 0)) continue;
    if (end > at + 1) ranges.push({ start: at + 1, end, level });
    end = at + 1;
    level = cut;
  }
  if (end > 0 || ranges.length === 0) ranges.push({ start: 0, end, level });
  if (ordered.length < (bounds.minPosts ?? 0)) ranges.splice(0, ranges.length, { start: 0, end: ordered.length, level: -1 });
  ranges.reverse();
  return grouped(ranges, bounds.fanOut)
    .flatMap(([start, stop]) => capped(ordered, start, stop, bounds.maxBytes))
    .map(([start, stop]) => ({ key: segmentKey(ordered.slice(start, stop), formatTag), start, end: stop }));
}

/**
 * Ranges of one level, `fanOut` at a time from the oldest, made one: a run of cuts of one level can by chance be
 * long, and its older ranges never change as newer ones come, so grouping them from the oldest keeps every full
 * group as it was.
 */
function grouped(ranges: readonly { start: number; end: number; level: number }[], fanOut: number): [number, number][] {
  const result: [number, number][] = [];
  let run: { start: number; end: number }[] = [];
  const flush = (): void => {
    const full = run.length - (run.length % fanOut);
    for (let at = 0; at < full; at += fanOut) result.push([run[at]?.start ?? 0, run[at + fanOut - 1]?.end ?? 0]);
    for (const range of run.slice(full)) result.push([range.start, range.end]);
    run = [];
  };
  ranges.forEach((range, at) => {
    if (at > 0 && ranges[at - 1]?.level !== range.level) flush();
    run.push(range);
  });
  flush();
  return result;
}

/** A range cut into pieces of at most `maxBytes` (or one post), from its oldest post on. */
function capped(ordered: readonly PlanEntry[], start: number, end: number, maxBytes: number): [number, number][] {
  const pieces: [number, number][] = [];
  let from = start;
  let bytes = 0;
  for (let at = start; at < end; at++) {
    const size = ordered[at]?.bytes ?? 0;
    if (at > from && bytes + size > maxBytes) {
      pieces.push([from, at]);
      from = at;
      bytes = 0;
    }
    bytes += size;
  }
  pieces.push([from, end]);
  return pieces;
}

function segmentKey(entries: readonly PlanEntry[], formatTag: string): string {
  const hash = createHash("sha256").update(formatTag).update("\n");
  for (const entry of entries) hash.update(entry.digest).update("\n");
  return hash.digest("hex").slice(0, 20);
}

/**
 * Each segment's weight in the browser's merge, for segments newest first holding `counts` posts. With a sort,
 * Pagefind scores a post by its place in its segment's order (1 to n: place 0 is the order anchor, see records.ts),
 * and the merge orders results by score × weight. Each weight is above every score of the segments older than its
 * own, so the merged results are newest first, segment after segment, exactly.
 */
export function segmentWeights(counts: readonly number[]): number[] {
  const weights: number[] = [];
  let weight = 1;
  for (let at = counts.length - 1; at >= 0; at--) {
    weights.unshift(weight);
    weight *= (counts[at] ?? 0) + 1;
  }
  return weights;
}
