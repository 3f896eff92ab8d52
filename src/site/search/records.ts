// Posts → the records Pagefind indexes (pure). A record holds the post's running text, so that a result shows the
// passage that matched with the words found marked, and what the site shows of it: title, source, date, filters.
import { createHash } from "node:crypto";
import { decodeHTML } from "entities";
import * as z from "zod";
import type { SanitizedHtml } from "../../model.ts";
import type { Linker } from "../paths.ts";
import { sourcePlace } from "../post-view.ts";
import type { Post } from "../posts.ts";
import type { PostView } from "../view-types.ts";

/** What a post's record is made from; cheap to list, so a segment's key needs no text extracted. */
export interface SearchPost {
  /** The post itself: its own address, as every title on the site links to it, else its place on our source page. */
  url: string;
  title: string;
  source: string;
  categories: string[];
  /** The post's date as the site prints it, and as ISO for ordering. */
  date: string;
  published: string;
  summary: string;
  contentHtml: SanitizedHtml;
}

/** The same, as checked when it reaches a worker thread. */
export const searchPostSchema: z.ZodType<SearchPost> = z.object({
  url: z.string(),
  title: z.string(),
  source: z.string(),
  categories: z.array(z.string()),
  date: z.string(),
  published: z.string(),
  summary: z.string(),
  contentHtml: z.custom<SanitizedHtml>((value) => typeof value === "string", { message: "expected a string" }),
});

/** Each record's sort key: results are listed newest first. */
export const SEARCH_SORT_KEY = "date";

/**
 * The version of what a record holds and how a segment is laid out. A segment is kept across upgrades of Blogroll
 * while its records are the same: raise this whenever `searchRecord` or the segment's files change, or old
 * segments would be kept with the old layout.
 */
export const RECORD_FORMAT = 1;

/** Each post as its pages show it (`viewOf`: its view, made once for all of them): the same link, date and words. */
export function searchPosts(
  posts: readonly Post[],
  bySource: ReadonlyMap<string, readonly Post[]>,
  linker: Linker,
  perPage: number,
  viewOf: (post: Post) => PostView,
): SearchPost[] {
  return posts.map((post) => {
    const view = viewOf(post);
    return {
      url: view.link ?? linker.href(sourcePlace(post, bySource, perPage)),
      title: view.title,
      source: post.source.name,
      categories: post.categories,
      date: view.published.absolute ?? view.published.text,
      published: post.item.published,
      summary: view.summary,
      contentHtml: view.contentHtml,
    };
  });
}

const TAG = /<[^>]*>/g;
const SPACE = /\s+/g;
/**
 * How much of a post's running text is indexed: every word of a post of up to some 10,000 words (the real corpus's
 * longest posts are about 6,000), so one giant post cannot hold up a segment's build. Measured on Pagefind 1.6.0,
 * the running text costs no more to index than its distinct words (4,000 posts of 500 words: 8.1 s and 1.0 GB
 * against 11.6 s and 1.0 GB): its cost is in the distinct (word, post) pairs, which both have alike.
 */
export const TEXT_LIMIT = 64 * 1024;

/**
 * A post's running text, as a reader reads it. The body is our sanitiser's output, whose tags and quoted attributes
 * never hold a raw `<` or `>`, so tags can be cut out without an HTML parser.
 */
export function runningText(html: string): string {
  const text = decodeHTML(html.replace(TAG, " ")).replace(SPACE, " ").trim();
  if (text.length <= TEXT_LIMIT) return text;
  // Cut at a word's end, never inside one (nor inside a surrogate pair).
  const cut = text.lastIndexOf(" ", TEXT_LIMIT);
  return text.slice(0, cut > 0 ? cut : TEXT_LIMIT);
}

/** A post as Pagefind receives it. */
export interface SearchRecord {
  url: string;
  content: string;
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
}

/**
 * The order of results: the post's date, then a digest of its address, so that no two posts tie and every segment
 * and the browser agree on one order. Pagefind orders these strings as text, which is date order for ISO dates.
 */
export function searchOrder(post: Pick<SearchPost, "published" | "url">): string {
  return `${post.published} ${createHash("sha256").update(post.url).digest("hex").slice(0, 12)}`;
}

export function searchRecord(post: SearchPost): SearchRecord {
  return {
    url: post.url,
    content: `${post.title}. ${runningText(post.contentHtml)}`,
    language: "en",
    meta: { title: post.title, source: post.source, date: post.date },
    filters: { source: [post.source], category: post.categories },
    sort: { [SEARCH_SORT_KEY]: searchOrder(post) },
  };
}

/**
 * A record no real search finds (one made-up word, no filters), first in every segment's order. It must hold a word:
 * Pagefind 1.6.0 leaves out a record without any (measured), and it would then not take place 0. With a sort, Pagefind scores
 * a result by its place in that order, and the browser multiplies it by the segment's weight: the oldest record's
 * place, 0, would score 0 in every segment whatever the weight, and fall to the end of the merged results. This one
 * takes place 0 so that every post scores above zero (see segmentWeights in segment-plan.ts).
 */
export const ORDER_ANCHOR: SearchRecord = {
  url: "/#blogroll-search-order-anchor",
  content: "blogrollsearchorderanchor",
  language: "en",
  meta: {},
  filters: {},
  sort: { [SEARCH_SORT_KEY]: "0" },
};
