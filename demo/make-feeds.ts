// Writes the demo's sample feeds (usage: node demo/make-feeds.ts [--now ISO] [--out DIR]).
// Dates are relative to `--now` (default: the clock), so a fresh demo always has posts from
// today and a back-catalogue over the past months; the text is the same on every run.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { crc32 } from "node:zlib";
import { slugify } from "../src/config/slug.ts";
import { pick, seededRandom, writeArticle, type Random } from "./articles.ts";
import { serialiseFeed, type DemoEntry } from "./feed-formats.ts";
import { demoSources, type DemoSource } from "./sources.ts";

export interface DemoPost {
  /** Slug of the source that published it. */
  source: string;
  title: string;
  /** Absolute URL of the post (after xml:base). */
  link: string;
  published: string;
  /** The post's body as the feed carries it (HTML), and the plain-text summary of its opening. */
  html: string;
  summary: string;
}

export interface DemoFeeds {
  /** Absolute paths of the feed files written. */
  files: string[];
  posts: DemoPost[];
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** How long before the build the day's posts went out; squeezed when the day is young. */
const todayOffsets = [35 * minute, 110 * minute, 195 * minute, 280 * minute, 365 * minute, 450 * minute];
const oldestTodayOffset = 8 * hour;
const backCatalogueDays = 100;

const tagsByFlavour = {
  programming: ["typescript", "testing", "tools", "craft"],
  operations: ["postgres", "linux", "monitoring", "networking"],
  design: ["typography", "css", "accessibility", "layout"],
  security: ["advisories", "hardening", "privacy", "supply-chain"],
} as const;

// The special cases the demo exists to show: a post without a title, a post cross-posted by a
// second blog under the same link, and an Atom entry whose link is relative to its xml:base.
const untitledNote = { source: "ada", link: "https://ada.example/notes/a-quick-note/" };
const crossPost = { from: "ada", to: "smallweb", title: "The case for fewer dependencies" };
const relativeEntry = { source: "lighthouse", title: "Tuning PostgreSQL autovacuum for write-heavy tables" };

function startOfUtcDay(instant: Date): number {
  return Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
}

function postDates(random: Random, source: DemoSource, count: number, now: Date, todayIndex: { next: number }): Date[] {
  const sinceMidnight = now.getTime() - startOfUtcDay(now);
  const dates: Date[] = [];
  for (let i = 0; i < count; i++) {
    if (i < source.postedToday) {
      const offset = todayOffsets[todayIndex.next++ % todayOffsets.length] ?? hour;
      const sameDayOffset = offset < sinceMidnight ? offset : (offset * sinceMidnight) / oldestTodayOffset;
      dates.push(new Date(now.getTime() - sameDayOffset));
    } else {
      const daysBack = 1 + Math.floor(random() * backCatalogueDays);
      dates.push(new Date(startOfUtcDay(now) - daysBack * day + Math.floor(random() * day)));
    }
  }
  return dates;
}

function entriesOf(source: DemoSource, now: Date, todayIndex: { next: number }, counter: { index: number }): DemoEntry[] {
  const random = seededRandom(crc32(source.slug));
  const titles = source.slug === untitledNote.source ? [...source.titles, ""] : source.titles;
  const dates = postDates(random, source, titles.length, now, todayIndex);
  return titles.map((title, position) => {
    const relative = source.slug === relativeEntry.source && title === relativeEntry.title;
    const base = new URL("posts/", source.siteUrl).href;
    const link = title === "" ? untitledNote.link : relative ? `${slugify(title)}/` : new URL(`${slugify(title)}/`, base).href;
    const article = writeArticle(random, { title, flavour: source.flavour, siteUrl: source.siteUrl, index: counter.index++ });
    const tags = tagsByFlavour[source.flavour];
    return {
      id: source.format === "atom" ? `tag:${new URL(source.siteUrl).host},2025:${slugify(title) || "untitled"}` : new URL(link, base).href,
      title,
      link,
      xmlBase: relative ? base : null,
      published: dates[position] ?? now,
      html: article.html,
      summary: article.summary,
      tags: [pick(random, tags), pick(random, tags)].filter((tag, i, all) => all.indexOf(tag) === i),
    };
  });
}

export async function makeDemoFeeds(options: { now: Date; outDir: string }): Promise<DemoFeeds> {
  const todayIndex = { next: 0 };
  const counter = { index: 0 };
  const bySource = new Map(demoSources.map((source) => [source.slug, entriesOf(source, options.now, todayIndex, counter)]));
  const original = bySource.get(crossPost.from)?.find((entry) => entry.title === crossPost.title);
  const target = bySource.get(crossPost.to);
  if (original && target) {
    // Republished an hour later by the newsletter, under the original link.
    target.push({ ...original, id: original.link, xmlBase: null, published: new Date(original.published.getTime() + hour) });
  }
  await mkdir(options.outDir, { recursive: true });
  const files: string[] = [];
  const posts: DemoPost[] = [];
  for (const source of demoSources) {
    const entries = (bySource.get(source.slug) ?? []).sort((a, b) => b.published.getTime() - a.published.getTime());
    const file = join(options.outDir, source.file);
    await writeFile(file, serialiseFeed(source, entries));
    files.push(file);
    for (const entry of entries) {
      const link = new URL(entry.link, entry.xmlBase ?? undefined).href;
      posts.push({ source: source.slug, title: entry.title, link, published: entry.published.toISOString(), html: entry.html, summary: entry.summary });
    }
  }
  return { files, posts };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { now: { type: "string" }, out: { type: "string" } } });
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) {
    console.error(`--now must be an ISO 8601 instant, like 2025-06-18T12:00:00Z (got "${values.now}").`);
    process.exit(2);
  }
  const outDir = values.out ?? join(dirname(fileURLToPath(import.meta.url)), "feeds");
  const { files, posts } = await makeDemoFeeds({ now, outDir });
  console.log(`Wrote ${files.length} feeds with ${posts.length} posts to ${relative(process.cwd(), outDir) || "."}`);
}
