// What the site shows of the feeds' states, made in this one place: the catalogue reads a feed's state only through
// these views, and a render tells whether anything changed from them (with the configuration and the items files'
// digests) without reading a post. A page that starts showing one more field of a state shows it from here, so the
// field is in the render's content key too (tests/site/site-state.test.ts holds this for every field).
import type { Config, FeedState } from "../model.ts";
import { blogrollOpml, type OpmlDocument } from "../config/opml.ts";
import { feedStamps, neverWorked, originalFeedUrl, sourceHeader, statusState, subscribeUrl, unreachable } from "./feed-health.ts";
import type { SourceFeed } from "./feeds/output-feed.ts";
import { isLiveValue, type LiveValue } from "./live-parts.ts";
import { makeLinker } from "./paths.ts";
import { weekStart } from "./pictures.ts";
import type { SourceHeaderView, StampView, StatusStateView, UnreachableView } from "./view-types.ts";

export interface FeedStateViews {
  /** The source's first page. */
  header: SourceHeaderView;
  /** Its row on /status/, less what its items make of it. */
  status: StatusStateView;
  /** Its line on /sources/: when it was last checked, or, for a feed we cannot read, the reader's sentence. */
  overview: { updated: StampView | null; unreachable: UnreachableView | null };
  /** Polled and never read: with no posts either, the feed has no public page and no line on /sources/. */
  neverWorked: boolean;
  /** The feed a reader should subscribe to, as pages, output feeds and the OPML give it. */
  subscribeUrl: string;
  /** The source as the output feeds' entries name it (Atom's `<source>`). */
  source: SourceFeed;
}

export interface SiteState {
  /** The Monday (ISO) of the build's week: /status/'s picture of posts per week ends with it. */
  week: string;
  /** By feed slug, in configuration order. */
  feeds: Record<string, FeedStateViews>;
  /** What /status/ says of feeds whose archive files had to be recovered or could not be read, by feed slug. */
  archiveNotes: Record<string, string[]>;
  opml: OpmlDocument;
}

export function siteState(config: Config, states: ReadonlyMap<string, FeedState>, archiveNotes: ReadonlyMap<string, readonly string[]>, now: Date): SiteState {
  const linker = makeLinker(config.site.baseUrl);
  const feeds: Record<string, FeedStateViews> = {};
  for (const feed of config.feeds) {
    const state = states.get(feed.slug);
    const notice = unreachable(state, now, config.site, ".");
    feeds[feed.slug] = {
      header: sourceHeader(feed, state, now, config.site, linker),
      status: statusState(feed, state, now, config.site, linker),
      overview: { updated: notice === null ? feedStamps(feed.slug, state, now).checked : null, unreachable: notice },
      neverWorked: neverWorked(state),
      subscribeUrl: subscribeUrl(feed, state, linker),
      source: { subscribeUrl: subscribeUrl(feed, state, linker), originalUrl: originalFeedUrl(feed, state), siteUrl: state?.meta.siteLink ?? null },
    };
  }
  return {
    week: weekStart(now).toISOString(),
    feeds,
    archiveNotes: Object.fromEntries(config.feeds.map((feed) => [feed.slug, [...(archiveNotes.get(feed.slug) ?? [])]])),
    opml: blogrollOpml(config, states, (feed) => feeds[feed.slug]?.subscribeUrl ?? feed.url),
  };
}

/**
 * What the whole site is made from: the configuration, each feed's items file by its digest, and the views above.
 * Two renders with the same key differ only in their live parts.
 */
export function siteContent(config: Config, itemsDigests: ReadonlyMap<string, string>, state: SiteState): unknown {
  return { site: config.site, feeds: config.feeds.map((feed) => [feed, itemsDigests.get(feed.slug) ?? null]), state };
}

/** Every named live part in `views`, by name: what a render that only moves live parts redraws. */
export function namedLiveParts(views: unknown, into = new Map<string, LiveValue>()): Map<string, LiveValue> {
  if (isLiveValue(views)) {
    if (views.live !== null) into.set(views.live, views);
  } else if (Array.isArray(views)) for (const value of views) namedLiveParts(value, into);
  else if (typeof views === "object" && views !== null) for (const value of Object.values(views)) namedLiveParts(value, into);
  return into;
}
