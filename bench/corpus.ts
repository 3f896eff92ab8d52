// A synthetic corpus of feeds for the benchmark: deterministic for a seed, shaped like real blogs
// (long and short posts, code, images, lists), in the three formats the aggregator must read.
import { escapeMarkup, seededRandom, type Random } from "../demo/articles.ts";

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
  /** Origin of the loopback server that serves the corpus, e.g. http://127.0.0.1:4000 */
  origin: string;
  /** The instant of the newest post of every feed. */
  newest: Date;
}

export interface Corpus {
  spec: CorpusSpec;
  feeds: CorpusFeed[];
}


const WORDS = (
  "the a of to and in is that for it on with as this was are be by at or from an not have but " +
  "feed reader blog post archive server cache header request response parser markup html xml " +
  "garden bicycle weekend coffee library kitchen winter river mountain notebook photograph " +
  "compiler function module interface latency memory thread queue index static render template " +
  "policy sanitise allow list entity charset encoding unicode résumé naïve café über straße " +
  "yesterday tomorrow finally however because although instead perhaps quietly really simply"
).split(" ");

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

function words(random: Random, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(pick(random, WORDS));
  return out.join(" ");
}

function sentence(random: Random): string {
  const text = words(random, between(random, 6, 18));
  return text.charAt(0).toUpperCase() + text.slice(1) + ".";
}

/** Where links and images point: absolute on the loopback host, or relative to the blog. */
interface UrlStyle {
  base: string;
  relative: boolean;
}

function href(style: UrlStyle, path: string): string {
  return style.relative ? path : style.base + path;
}

function paragraph(random: Random, style: UrlStyle): string {
  const parts: string[] = [];
  const sentences = between(random, 2, 7);
  for (let i = 0; i < sentences; i++) {
    const roll = random();
    if (roll < 0.25) parts.push(`${sentence(random)} See <a href="${href(style, `posts/${between(random, 1, 400)}.html`)}">${words(random, 3)}</a>.`);
    else if (roll < 0.35) parts.push(`<em>${words(random, 2)}</em> ${sentence(random)}`);
    else if (roll < 0.42) parts.push(`<strong>${words(random, 2)}</strong> &amp; ${sentence(random)}`);
    else parts.push(sentence(random));
  }
  // Some generators leave presentational attributes the sanitiser has to drop.
  const attributes = random() < 0.1 ? ` style="margin:0 0 1em" class="p-${between(random, 1, 9)}"` : "";
  return `<p${attributes}>${parts.join(" ")}</p>`;
}

function image(random: Random, style: UrlStyle): string {
  const number = between(random, 1, 500);
  const width = pick(random, [320, 640, 800, 1200]);
  return `<figure><img src="${href(style, `images/${number}.png`)}" alt="${words(random, 3)}" width="${width}" height="${Math.round(width * 0.6)}"><figcaption>${words(random, 5)}</figcaption></figure>`;
}

function codeBlock(random: Random): string {
  const lines: string[] = [];
  const count = between(random, 2, 8);
  for (let i = 0; i < count; i++) lines.push(pick(random, CODE_LINES));
  return `<pre><code>${escapeMarkup(lines.join("\n"))}</code></pre>`;
}

function list(random: Random, style: UrlStyle): string {
  const tag = random() < 0.5 ? "ul" : "ol";
  const items: string[] = [];
  const count = between(random, 3, 7);
  for (let i = 0; i < count; i++) {
    items.push(random() < 0.3 ? `<li><a href="${href(style, `notes/${between(random, 1, 90)}.html`)}">${words(random, 4)}</a></li>` : `<li>${words(random, between(random, 3, 10))}</li>`);
  }
  return `<${tag}>${items.join("")}</${tag}>`;
}

function block(random: Random, style: UrlStyle): string {
  const roll = random();
  if (roll < 0.55) return paragraph(random, style);
  if (roll < 0.65) return image(random, style);
  if (roll < 0.75) return codeBlock(random);
  if (roll < 0.85) return list(random, style);
  if (roll < 0.92) return `<h2>${words(random, 4)}</h2>`;
  if (roll < 0.97) return `<blockquote><p>${sentence(random)} ${sentence(random)}</p></blockquote>`;
  // Embedded scripts are common in real feeds and must never survive sanitising.
  return `<script>window.stats && stats.track("${words(random, 1)}");</script>`;
}

/** Post sizes spread log-uniformly over 2-30 KB: many short posts, a long tail of long ones. */
function targetSize(random: Random): number {
  return Math.round(2048 * Math.pow(15, random()));
}

function postHtml(random: Random, style: UrlStyle): string {
  const target = targetSize(random);
  const blocks: string[] = [];
  let size = 0;
  while (size < target) {
    const next = block(random, style);
    blocks.push(next);
    size += next.length + 1;
  }
  return blocks.join("\n");
}

const HOUR_MS = 3_600_000;

function makePost(random: Random, style: UrlStyle, number: number, published: Date): CorpusPost {
  const title = `${words(random, between(random, 2, 6))} & ${words(random, 2)} #${number}`;
  return { number, title: title.charAt(0).toUpperCase() + title.slice(1), published, html: postHtml(random, style) };
}

function feedRandom(spec: CorpusSpec, feedIndex: number, generation: number): Random {
  return seededRandom(spec.seed * 1_000_003 + feedIndex * 7919 + generation * 104_729);
}

function styleOf(feed: CorpusFeed): UrlStyle {
  return { base: feed.siteUrl, relative: feed.relativeUrls };
}

const FORMATS: readonly FeedFormat[] = ["rss", "rss", "atom", "rss", "atom", "rdf"];

function makeFeed(spec: CorpusSpec, index: number): CorpusFeed {
  const random = feedRandom(spec, index, 0);
  const slug = `bench-blog-${String(index + 1).padStart(4, "0")}`;
  const feed: CorpusFeed = {
    slug,
    name: `Bench blog ${index + 1}: ${words(random, 3)}`,
    format: pick(random, FORMATS),
    relativeUrls: random() < 0.2,
    siteUrl: `${spec.origin}/blogs/${slug}/`,
    posts: [],
  };
  // Posts go back in time from `newest`, a few hours to a few days apart.
  let published = spec.newest.getTime() - between(random, 0, 48) * HOUR_MS;
  for (let number = spec.postsPerFeed; number >= 1; number--) {
    feed.posts.push(makePost(random, styleOf(feed), number, new Date(published)));
    published -= between(random, 3, 96) * HOUR_MS;
  }
  return feed;
}

export function generateCorpus(spec: CorpusSpec): Corpus {
  const feeds: CorpusFeed[] = [];
  for (let index = 0; index < spec.feeds; index++) feeds.push(makeFeed(spec, index));
  return { spec, feeds };
}

/**
 * A blog publishes: a new post at `published` goes on top and the oldest leaves the document,
 * as a real feed keeps its last N entries.
 */
export function addPost(corpus: Corpus, feedIndex: number, published: Date): CorpusFeed {
  const feed = corpus.feeds[feedIndex];
  if (!feed) throw new RangeError(`The corpus has no feed number ${feedIndex}.`);
  const newest = feed.posts[0]?.number ?? 0;
  const random = feedRandom(corpus.spec, feedIndex, newest + 1);
  feed.posts.unshift(makePost(random, styleOf(feed), newest + 1, published));
  feed.posts.pop();
  return feed;
}
