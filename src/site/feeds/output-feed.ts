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
  /** The source's own feed, for RSS `<source>`. */
  sourceFeedUrl: string;
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
  /** The URL a reader would subscribe to for a source, by slug. */
  sourceFeedUrl: (slug: string) => string;
}

export function outputFeed(input: OutputFeedInput): OutputFeed {
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
      sourceFeedUrl: input.sourceFeedUrl(post.source.slug),
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
