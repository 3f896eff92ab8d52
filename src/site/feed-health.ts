// What a reader and the owner are told about a feed's state: subscribe link, last check, failure in plain words.
import path from "node:path";
import type { FeedConfig, FeedState, Item, SiteConfig } from "../model.ts";
import { feedHealth, type FeedHealth } from "../archive/feed-state.ts";
import { describeCap } from "../archive/merge.ts";
import { isWebAddress } from "../fetch/local-file.ts";
import { feedPaths, sourcePath, type Linker } from "./paths.ts";
import { absoluteHttpUrl } from "../sanitise/urls.ts";
import { agoStamp, dateStamp } from "./live-parts.ts";
import { pollsView, rhythmView } from "./pictures.ts";
import type { FailureView, SourceHeaderView, StampView, StatusRowView, StatusStateView } from "./view-types.ts";

/** A feed whose last poll failed, gone ones included: the site flags both. */
export function isFailing(state: FeedState | undefined): boolean {
  const health = feedHealth(state);
  return health === "failing" || health === "gone";
}

/** The feed a reader should subscribe to: where it moved to, as configured, or (a local file) our own copy. */
export function subscribeUrl(feed: FeedConfig, state: FeedState | undefined, linker: Linker): string {
  return originalFeedUrl(feed, state) ?? linker.absolute(feedPaths(sourcePath(feed.slug)).rss);
}

/** The source's own feed on the web (where it moved, if it moved for good); null for a local file. */
export function originalFeedUrl(feed: FeedConfig, state: FeedState | undefined): string | null {
  return absoluteHttpUrl(state?.permanentRedirect ?? null) ?? absoluteHttpUrl(feed.url);
}

/** The stamps every poll moves: when the feed was last checked and last read successfully. */
export interface FeedStamps {
  checked: StampView | null;
  success: StampView | null;
}

/**
 * The one place these stamps are made, for every page that shows them and for refreshing those pages in place; each
 * has one name per feed, the same on every page.
 */
export function feedStamps(slug: string, state: FeedState | undefined, now: Date): FeedStamps {
  return {
    checked: agoStamp(`checked-${slug}`, state?.lastChecked ?? null, now),
    success: agoStamp(`success-${slug}`, state?.lastSuccess ?? null, now),
  };
}

function failure(state: FeedState | undefined, stamps: FeedStamps, now: Date, site: SiteConfig): FailureView | null {
  if (state === undefined || state.lastError === null || !isFailing(state)) return null;
  // The streak's start is part of the page (it moves only when the streak does), so it is a date, not a live stamp.
  const since = state.failingSince ?? state.lastChecked;
  return {
    lastSuccess: stamps.success,
    since: since === null ? null : dateStamp(since, now, site),
    reason: state.lastError.message,
  };
}

/** `1 failed poll in a row`, `4 failed polls in a row`. */
function failedPollsInARow(count: number): string {
  return `${count} failed poll${count === 1 ? "" : "s"} in a row`;
}

export function sourceHeader(
  feed: FeedConfig,
  state: FeedState | undefined,
  now: Date,
  site: SiteConfig,
  linker: Linker,
): SourceHeaderView {
  const image = absoluteHttpUrl(state?.meta.image?.url ?? null);
  const stamps = feedStamps(feed.slug, state, now);
  return {
    subscribe: { text: `Subscribe to ${feed.name} feed`, href: subscribeUrl(feed, state, linker) },
    feedTitle: state?.meta.title ?? null,
    feedDescription: state?.meta.description ?? null,
    siteLink: absoluteHttpUrl(state?.meta.siteLink ?? null),
    image: image === null ? null : { src: image, alt: state?.meta.image?.title ?? state?.meta.title ?? feed.name },
    updated: stamps.checked,
    failure: failure(state, stamps, now, site),
    gone: state?.gone ?? false,
  };
}

const HEALTH_TEXT: Record<FeedHealth, string> = {
  "never-checked": "Never checked",
  ok: "OK",
  failing: "Failing",
  gone: "Gone (no longer checked)",
};

/** A feed's address as the status page shows it: a local file by its name only. */
function location(url: string): string {
  return isWebAddress(url) ? url : `a local file (${path.basename(url)})`;
}

/** A feed's row on /status/ as its state alone makes it (see site-state.ts). */
export function statusState(feed: FeedConfig, state: FeedState | undefined, now: Date, site: SiteConfig, linker: Linker): StatusStateView {
  const stamps = feedStamps(feed.slug, state, now);
  return {
    name: feed.name,
    href: linker.href(sourcePath(feed.slug)),
    location: location(feed.url),
    health: HEALTH_TEXT[feedHealth(state)],
    healthKind: feedHealth(state),
    failing: isFailing(state),
    lastChecked: stamps.checked,
    lastSuccess: stamps.success,
    lastError: state?.lastError?.message ?? null,
    failingSince: failure(state, stamps, now, site)?.since ?? null,
    consecutiveFailures: state?.consecutiveFailures ?? 0,
    consecutiveFailuresText: failedPollsInARow(state?.consecutiveFailures ?? 0),
    permanentRedirect: state?.permanentRedirect ?? null,
    capped: state?.capped ? describeCap(state.capped) : null,
    polls: pollsView(feed.slug, state),
  };
}

/** The whole row: the state's part, and what the feed's items, archive files and the owner's filters make of it. */
export function statusRow(state: StatusStateView, items: readonly Item[], archiveNotes: readonly string[], week: string, hiddenByFilters = 0): StatusRowView {
  return {
    ...state,
    items: items.length,
    archiveNotes: [...archiveNotes],
    hiddenByFilters: hiddenByFilters === 0 ? null : `${hiddenByFilters} of ${items.length} archived posts (kept in the archive; feeds.yaml's include and exclude hide them)`,
    rhythm: rhythmView(items, new Date(week)),
  };
}
