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
import type { SourceHeaderView, StampView, StatusRowView, StatusStateView, UnreachableView } from "./view-types.ts";

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

/** When the failing streak began, for a feed whose last poll failed; null for any other. */
function failingSince(state: FeedState | undefined, now: Date, site: SiteConfig): StampView | null {
  if (state === undefined || state.lastError === null || !isFailing(state)) return null;
  // The streak's start is part of the page (it moves only when the streak does), so it is a date, not a live stamp.
  const since = state.failingSince ?? state.lastChecked;
  return since === null ? null : dateStamp(since, now, site);
}

/** How the source's page ends the sentence, above the posts; /sources/ ends it with a full stop. */
const KEPT = "; the posts below are the ones we kept.";

/**
 * The reader's one sentence about a feed we cannot read. It stands instead of `Updated: X ago` (the last check, which
 * a failed poll moves too) and of the error's text, which speaks to the owner.
 */
export function unreachable(state: FeedState | undefined, now: Date, site: SiteConfig, after: string): UnreachableView | null {
  if (state?.gone === true) return { before: "This blog's feed is gone: its server says it was removed, so we no longer check it", since: null, after };
  if (!isFailing(state)) return null;
  const since = failingSince(state, now, site);
  return since === null ? { before: "We could not reach this blog's feed lately", since: null, after } : { before: "We could not reach this blog's feed since ", since, after };
}

/** A feed we polled and never read: with no posts either, readers get no page of it (it is on /status/). */
export function neverWorked(state: FeedState | undefined): boolean {
  return state !== undefined && state.lastChecked !== null && state.lastSuccess === null;
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
  const notice = unreachable(state, now, site, KEPT);
  return {
    subscribe: { text: `Subscribe to ${feed.name} feed`, href: subscribeUrl(feed, state, linker) },
    feedTitle: state?.meta.title ?? null,
    feedDescription: state?.meta.description ?? null,
    siteLink: absoluteHttpUrl(state?.meta.siteLink ?? null),
    image: image === null ? null : { src: image, alt: state?.meta.image?.title ?? state?.meta.title ?? feed.name },
    updated: notice === null ? feedStamps(feed.slug, state, now).checked : null,
    unreachable: notice,
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
    failingSince: failingSince(state, now, site),
    consecutiveFailures: state?.consecutiveFailures ?? 0,
    consecutiveFailuresText: failedPollsInARow(state?.consecutiveFailures ?? 0),
    permanentRedirect: state?.permanentRedirect ?? null,
    capped: state?.capped ? describeCap(state.capped) : null,
    polls: pollsView(feed.slug, state),
  };
}

/**
 * The whole row: the state's part, and what the feed's items, archive files and the owner's filters make of it
 * (`hasPage`: whether the source has a page to link to).
 */
export function statusRow(state: StatusStateView, items: readonly Item[], archiveNotes: readonly string[], week: string, hasPage: boolean, hiddenByFilters = 0): StatusRowView {
  return {
    ...state,
    href: hasPage ? state.href : null,
    items: items.length,
    archiveNotes: [...archiveNotes],
    hiddenByFilters: hiddenByFilters === 0 ? null : `${hiddenByFilters} of ${items.length} archived posts (kept in the archive; feeds.yaml's include and exclude hide them)`,
    rhythm: rhythmView(items, new Date(week)),
  };
}
