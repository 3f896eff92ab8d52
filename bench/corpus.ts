// A synthetic corpus of feeds for the benchmark: deterministic for a seed, shaped like real blogs
// (long and short posts, code, images, lists), in the three formats the aggregator must read.
import { escapeMarkup, seededRandom, type Random } from "../demo/articles.ts";
import { makeVocabulary, type Vocabulary } from "./vocabulary.ts";

export type FeedFormat = "rss" | "atom" | "rdf";

export interface CorpusPost {
  /** Position in the feed's history; the newest post has the highest. */
  number: number;
  title: string;
  published: Date;
  html: string;
}

export interface CorpusFeed {
  slug: string;
  name: string;
  format: FeedFormat;
  /** Links and images in the content are relative, resolved against `siteUrl` (xml:base). */
  relativeUrls: boolean;
  /** Absolute URL of the blog, ending in `/`. */
  siteUrl: string;
  /** Newest first. */
  posts: CorpusPost[];
}

export interface CorpusSpec {
  feeds: number;
  postsPerFeed: number;
  seed: number;
  /** Origins of the loopback hosts that serve the corpus, e.g. http://127.0.0.2:4000; feed i is on host i mod their number. */
  origins: readonly string[];
  /** The instant of the newest post of every feed. */
  newest: Date;
}

export interface Corpus {
  spec: CorpusSpec;
  /** The words its posts are written in, made from the seed. */
  vocabulary: Vocabulary;
  feeds: CorpusFeed[];
}

const CODE_LINES = [
  "const response = await fetch(url, { headers });",
  "if (response.status === 304) return cached;",
  "for (const item of items) total += item.size;",
  "def parse(text):\n    return [line.split('=') for line in text.splitlines()]",
  "SELECT title, published FROM posts WHERE feed_id = ? ORDER BY published DESC;",
  "fn main() { println!(\"{}\", a < b && c > d); }",
  "export type Result<T> = { ok: true; value: T } | { ok: false; error: Error };",
];

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function between(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** What a post is written with: the random stream, the words, and where its links point. */
interface Pen {
  random: Random;
  vocabulary: Vocabulary;
  /** Absolute URL of the blog, ending in `/`. */
  base: string;
  /** Links and images are relative to `base` rather than absolute on the loopback host. */
  relative: boolean;
}

function drawWords(random: Random, vocabulary: Vocabulary, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(vocabulary.draw(random));
  return out.join(" ");
}

function words(pen: Pen, count: number): string {
  return drawWords(pen.random, pen.vocabulary, count);
}

function sentence(pen: Pen): string {
  const text = words(pen, between(pen.random, 6, 18));
  return text.charAt(0).toUpperCase() + text.slice(1) + ".";
}

function href(pen: Pen, path: string): string {
  return pen.relative ? path : pen.base + path;
}

function paragraph(pen: Pen): string {
  const { random } = pen;
  const parts: string[] = [];
  const sentences = between(random, 2, 7);
  for (let i = 0; i < sentences; i++) {
    const roll = random();
    if (roll < 0.25) parts.push(`${sentence(pen)} See <a href="${href(pen, `posts/${between(random, 1, 400)}.html`)}">${words(pen, 3)}</a>.`);
    else if (roll < 0.35) parts.push(`<em>${words(pen, 2)}</em> ${sentence(pen)}`);
    else if (roll < 0.42) parts.push(`<strong>${words(pen, 2)}</strong> &amp; ${sentence(pen)}`);
    else parts.push(sentence(pen));
  }
  // Some generators leave presentational attributes the sanitiser has to drop.
  const attributes = random() < 0.1 ? ` style="margin:0 0 1em" class="p-${between(random, 1, 9)}"` : "";
  return `<p${attributes}>${parts.join(" ")}</p>`;
}

function image(pen: Pen): string {
  const number = between(pen.random, 1, 500);
  const width = pick(pen.random, [320, 640, 800, 1200]);
  return `<figure><img src="${href(pen, `images/${number}.png`)}" alt="${words(pen, 3)}" width="${width}" height="${Math.round(width * 0.6)}"><figcaption>${words(pen, 5)}</figcaption></figure>`;
}

function codeBlock(random: Random): string {
  const lines: string[] = [];
  const count = between(random, 2, 8);
  for (let i = 0; i < count; i++) lines.push(pick(random, CODE_LINES));
  return `<pre><code>${escapeMarkup(lines.join("\n"))}</code></pre>`;
}

function list(pen: Pen): string {
  const { random } = pen;
  const tag = random() < 0.5 ? "ul" : "ol";
  const items: string[] = [];
  const count = between(random, 3, 7);
  for (let i = 0; i < count; i++) {
    items.push(random() < 0.3 ? `<li><a href="${href(pen, `notes/${between(random, 1, 90)}.html`)}">${words(pen, 4)}</a></li>` : `<li>${words(pen, between(random, 3, 10))}</li>`);
  }
  return `<${tag}>${items.join("")}</${tag}>`;
}

function block(pen: Pen): string {
  const roll = pen.random();
  if (roll < 0.55) return paragraph(pen);
  if (roll < 0.65) return image(pen);
  if (roll < 0.75) return codeBlock(pen.random);
  if (roll < 0.85) return list(pen);
  if (roll < 0.92) return `<h2>${words(pen, 4)}</h2>`;
  if (roll < 0.97) return `<blockquote><p>${sentence(pen)} ${sentence(pen)}</p></blockquote>`;
  // Embedded scripts are common in real feeds and must never survive sanitising.
  return `<script>window.stats && stats.track("${words(pen, 1)}");</script>`;
}

/** Post sizes spread log-uniformly over 2-30 KB: many short posts, a long tail of long ones. */
function targetSize(random: Random): number {
  return Math.round(2048 * Math.pow(15, random()));
}

function postHtml(pen: Pen): string {
  const target = targetSize(pen.random);
  const blocks: string[] = [];
  let size = 0;
  while (size < target) {
    const next = block(pen);
    blocks.push(next);
    size += next.length + 1;
  }
  return blocks.join("\n");
}

const HOUR_MS = 3_600_000;

function makePost(pen: Pen, number: number, published: Date): CorpusPost {
  const title = `${words(pen, between(pen.random, 2, 6))} & ${words(pen, 2)} #${number}`;
  return { number, title: title.charAt(0).toUpperCase() + title.slice(1), published, html: postHtml(pen) };
}

function feedRandom(spec: CorpusSpec, feedIndex: number, generation: number): Random {
  return seededRandom(spec.seed * 1_000_003 + feedIndex * 7919 + generation * 104_729);
}

function penFor(feed: CorpusFeed, random: Random, vocabulary: Vocabulary): Pen {
  return { random, vocabulary, base: feed.siteUrl, relative: feed.relativeUrls };
}

const FORMATS: readonly FeedFormat[] = ["rss", "rss", "atom", "rss", "atom", "rdf"];

function makeFeed(spec: CorpusSpec, vocabulary: Vocabulary, index: number): CorpusFeed {
  const random = feedRandom(spec, index, 0);
  const slug = `bench-blog-${String(index + 1).padStart(4, "0")}`;
  const origin = spec.origins[index % spec.origins.length];
  if (origin === undefined) throw new RangeError("A corpus needs at least one origin to serve its feeds from.");
  const feed: CorpusFeed = {
    slug,
    name: `Bench blog ${index + 1}: ${drawWords(random, vocabulary, 3)}`,
    format: pick(random, FORMATS),
    relativeUrls: random() < 0.2,
    siteUrl: `${origin}/blogs/${slug}/`,
    posts: [],
  };
  const pen = penFor(feed, random, vocabulary);
  // Posts go back in time from `newest`, a few hours to a few days apart.
  let published = spec.newest.getTime() - between(random, 0, 48) * HOUR_MS;
  for (let number = spec.postsPerFeed; number >= 1; number--) {
    feed.posts.push(makePost(pen, number, new Date(published)));
    published -= between(random, 3, 96) * HOUR_MS;
  }
  return feed;
}

export function generateCorpus(spec: CorpusSpec): Corpus {
  const vocabulary = makeVocabulary(spec.seed);
  const feeds: CorpusFeed[] = [];
  for (let index = 0; index < spec.feeds; index++) feeds.push(makeFeed(spec, vocabulary, index));
  return { spec, vocabulary, feeds };
}

/**
 * A blog publishes: a new post at `published` goes on top and the oldest leaves the document,
 * as a real feed keeps its last N entries.
 */
export function addPost(corpus: Corpus, feedIndex: number, published: Date): CorpusFeed {
  const feed = corpus.feeds[feedIndex];
  if (!feed) throw new RangeError(`The corpus has no feed number ${feedIndex}.`);
  const newest = feed.posts[0]?.number ?? 0;
  const pen = penFor(feed, feedRandom(corpus.spec, feedIndex, newest + 1), corpus.vocabulary);
  feed.posts.unshift(makePost(pen, newest + 1, published));
  feed.posts.pop();
  return feed;
}
