// What every output feed says, whatever its format; the writers beside this file only spell it out.
import type { Enclosure, SanitizedHtml } from "../../model.ts";
import type { Post } from "../posts.ts";

/** Feed readers need only the recent past; the site keeps the rest. */
export const OUTPUT_FEED_ITEMS = 20;

export interface OutputItem {
  id: string;
  /** The slug of the feed that carries the item, to make ids unique across sources. */
  feed: string;
  title: string;
  link: string | null;
  published: Date;
  updated: Date | null;
  author: string | null;
  categories: string[];
  contentHtml: SanitizedHtml;
  enclosures: Enclosure[];
  summary: string;
  sourceName: string;
  source: SourceFeed & {
    /** The newest date among the source's posts in the list: the source feed's last change as far as we know it. */
    updated: Date;
  };
}

/** What the output feeds say of the feed a post came from (RSS `<source>`, Atom `<source>`). */
export interface SourceFeed {
  /** The address a reader subscribes to: the source's own feed, or our copy of it for a local file. */
  subscribeUrl: string;
  /** The source's own feed on the web; null for a local file, which has no address anyone else can read. */
  originalUrl: string | null;
  /** The source's site, as its feed names it. */
  siteUrl: string | null;
}

/** The type every format requires of an enclosure, for one the feed left untyped. */
export const UNKNOWN_MEDIA_TYPE = "application/octet-stream";

export interface OutputFeed {
  title: string;
  description: string;
  /** Absolute URLs: the HTML page the feed mirrors and the feed files themselves. */
  homeUrl: string;
  rssUrl: string;
  atomUrl: string;
  jsonUrl: string;
  /** The newest item's date, so a feed changes only when its items do (the Unix epoch when there are none). */
  updated: Date;
  items: OutputItem[];
}

export interface OutputFeedInput extends Pick<OutputFeed, "title" | "description" | "homeUrl" | "rssUrl" | "atomUrl" | "jsonUrl"> {
  /** Posts in list order; only the newest OUTPUT_FEED_ITEMS are kept. */
  posts: Post[];
  /** What is known of each source's own feed, by slug. */
  sourceOf: (slug: string) => SourceFeed;
}

/** The newest date (published or updated) among each source's posts, by slug. */
function newestBySource(posts: readonly Post[]): Map<string, Date> {
  const newest = new Map<string, Date>();
  for (const { item, source } of posts) {
    const date = new Date(item.updated !== null && item.updated > item.published ? item.updated : item.published);
    const known = newest.get(source.slug);
    if (known === undefined || date > known) newest.set(source.slug, date);
  }
  return newest;
}

export function outputFeed(input: OutputFeedInput): OutputFeed {
  const sourceUpdated = newestBySource(input.posts);
  const items = input.posts.slice(0, OUTPUT_FEED_ITEMS).map(
    (post): OutputItem => ({
      id: post.item.id,
      feed: post.source.slug,
      title: post.item.title,
      link: post.item.link,
      published: new Date(post.item.published),
      updated: post.item.updated === null ? null : new Date(post.item.updated),
      author: post.item.author,
      categories: post.categories,
      contentHtml: post.item.contentHtml,
      enclosures: post.item.enclosures,
      summary: post.item.summary,
      sourceName: post.source.name,
      source: { ...input.sourceOf(post.source.slug), updated: sourceUpdated.get(post.source.slug) ?? new Date(post.item.published) },
    }),
  );
  const newest = items.reduce<Date | null>((latest, item) => {
    const date = item.updated !== null && item.updated > item.published ? item.updated : item.published;
    return latest === null || date > latest ? date : latest;
  }, null);
  return {
    title: input.title,
    description: input.description,
    homeUrl: input.homeUrl,
    rssUrl: input.rssUrl,
    atomUrl: input.atomUrl,
    jsonUrl: input.jsonUrl,
    updated: newest ?? new Date(0),
    items,
  };
}
