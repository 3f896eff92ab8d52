// Archives and configs built in code for the site tests.
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { newFeedState } from "../../src/archive/feed-state.ts";
import { DEFAULT_FEED, DEFAULT_FETCH, DEFAULT_SITE } from "../../src/config/defaults.ts";
import type { ArchiveSnapshot } from "../../src/archive/store.ts";
import type { Config, FeedArchive, FeedConfig, FeedState, Item, SiteConfig } from "../../src/model.ts";
import { sanitiseHtml } from "../../src/sanitise/sanitise.ts";

export function siteConfig(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return { ...DEFAULT_SITE, baseUrl: "https://blogroll.example/", ...overrides };
}

export function config(feeds: FeedConfig[], site: Partial<SiteConfig> = {}): Config {
  return { file: "/tmp/feeds.yaml", site: siteConfig(site), fetch: { ...DEFAULT_FETCH, userAgent: "test" }, feeds };
}

export function feed(name: string, slug: string, categories: string[] = ["Technology"]): FeedConfig {
  return { name, slug, url: `https://${slug}.example/feed.xml`, categories, maxItems: DEFAULT_SITE.maxItemsPerFeed, ...DEFAULT_FEED };
}

export interface ItemSpec {
  id?: string;
  title?: string;
  link?: string | null;
  published: string;
  author?: string | null;
  html?: string;
}

export function item(feedSlug: string, spec: ItemSpec): Item {
  const id = spec.id ?? `${feedSlug}-${spec.published}`;
  const link = spec.link === undefined ? `https://${feedSlug}.example/${encodeURIComponent(id)}` : spec.link;
  return {
    id,
    feed: feedSlug,
    title: spec.title ?? `Post ${id}`,
    link,
    published: spec.published,
    updated: null,
    dateSource: "feed",
    author: spec.author ?? null,
    categories: [],
    tags: [],
    contentHtml: sanitiseHtml(spec.html ?? `<p>Body of ${id}</p>`, link),
    enclosures: [],
    summary: `Body of ${id}`,
    firstSeen: spec.published,
  };
}

/** `count` posts an hour apart, newest first, ending `newest`. */
export function hourlyItems(feedSlug: string, count: number, newest: string): Item[] {
  const start = Date.parse(newest);
  return Array.from({ length: count }, (_, index) =>
    item(feedSlug, { id: `${feedSlug}-${index + 1}`, title: `${feedSlug} post ${index + 1}`, published: new Date(start - index * 3_600_000).toISOString() }),
  );
}

export function archive(feedConfig: FeedConfig, items: Item[], state: Partial<FeedState> = {}): FeedArchive {
  return { state: { ...newFeedState(feedConfig.url), ...state }, items };
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

export function readSiteFile(outDir: string, file: string): Promise<string> {
  return readFile(path.join(outDir, file), "utf8");
}

/** Archives held in memory, as a render reads an archive from disk: each feed's items digested as their JSON. */
export function snapshotOf(archives: Map<string, FeedArchive>): ArchiveSnapshot {
  return {
    states: new Map([...archives].map(([slug, { state }]) => [slug, state])),
    itemsDigests: new Map([...archives].map(([slug, { items }]) => [slug, createHash("sha256").update(JSON.stringify(items)).digest("hex")])),
    read: async () => ({ archives, recoveries: [], failures: [] }),
    problems: { recoveries: [], failures: [] },
  };
}
