// Builds, from a seed page, RSS feeds whose items reproduce what the page showed at a chosen instant:
// the seed's items with dates that print the seed's date texts, plus older filler posts up to the
// seed's archive count. Each feed comes as two overlapping snapshots, as a real feed moves on.
import { escapeMarkup } from "../../demo/articles.ts";
import { parseAbsoluteDate, parseAgo, type SeedItem } from "./seed-pages.ts";

export interface SeedSource {
  name: string;
  slug: string;
  /** The channel's own title, which Drupal showed under the subscribe link. */
  feedTitle: string;
  siteUrl: string;
}

export interface SeedPost {
  title: string;
  link: string;
  published: Date;
  paragraphs: string[];
}

/** The instant an item's date text stands for: absolute dates as written (UTC), `X ago` back from `seedInstant`. */
export function publishedFor(item: SeedItem, seedInstant: Date, position: number): Date {
  if (item.dateText.endsWith(" ago")) return new Date(seedInstant.getTime() - parseAgo(item.dateText));
  // The dump shows minutes only; earlier positions get more seconds so equal minutes keep the seed's order.
  return new Date(parseAbsoluteDate(item.dateText).getTime() + (40 - position) * 1000);
}

/** The seed's items of one source, then filler posts a day apart, older than everything the seed shows. */
export function postsForSource(
  source: SeedSource,
  seedItems: { item: SeedItem; position: number }[],
  seedInstant: Date,
  filler: { count: number; before: Date },
): SeedPost[] {
  const shown = seedItems.map(({ item, position }, index) => ({
    title: item.title,
    link: new URL(`seed/${index + 1}/`, source.siteUrl).href,
    published: publishedFor(item, seedInstant, position),
    paragraphs: item.paragraphs,
  }));
  const older = Array.from({ length: filler.count }, (_, index) => ({
    title: `${source.name} archive post ${index + 1}`,
    link: new URL(`archive/${index + 1}/`, source.siteUrl).href,
    published: new Date(filler.before.getTime() - (index + 1) * 86_400_000),
    paragraphs: [`An older ${source.name} post, kept in the archive.`],
  }));
  return [...shown, ...older].sort((a, b) => b.published.getTime() - a.published.getTime());
}

export function rssDocument(source: SeedSource, posts: SeedPost[]): string {
  const items = posts.map(
    (post) => `<item>
<title>${escapeMarkup(post.title)}</title>
<link>${escapeMarkup(post.link)}</link>
<guid isPermaLink="true">${escapeMarkup(post.link)}</guid>
<pubDate>${post.published.toUTCString()}</pubDate>
<description>${escapeMarkup(post.paragraphs.map((paragraph) => `<p>${escapeMarkup(paragraph)}</p>`).join("\n"))}</description>
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>${escapeMarkup(source.feedTitle)}</title>
<link>${escapeMarkup(source.siteUrl)}</link>
<description></description>
${items.join("\n")}
</channel></rss>
`;
}

/** Two snapshots of a newest-first list: the older ~60% first, then the newer ~60%, overlapping in the middle. */
export function overlappingSnapshots<T>(newestFirst: T[]): [older: T[], newer: T[]] {
  const cut = Math.ceil(newestFirst.length * 0.6);
  return [newestFirst.slice(newestFirst.length - cut), newestFirst.slice(0, cut)];
}
