// What a reader and the owner are told about a feed's state: subscribe link, last check, failure in plain words.
import type { FeedArchive, FeedConfig, FeedState, SiteConfig } from "../model.ts";
import { feedHealth, type FeedHealth } from "../archive/feed-state.ts";
import { feedPaths, sourcePath, type Linker } from "./paths.ts";
import { httpUrlOrNull } from "./security.ts";
import { agoStamp, dateStamp } from "./stamps.ts";
import type { FailureView, SourceHeaderView, StatusRowView } from "./view-types.ts";

/** A feed whose last poll failed, gone ones included: the site flags both. */
export function isFailing(state: FeedState | undefined): boolean {
  const health = feedHealth(state);
  return health === "failing" || health === "gone";
}

/** The feed a reader should subscribe to: where it moved to, as configured, or (a local file) our own copy. */
export function subscribeUrl(feed: FeedConfig, state: FeedState | undefined, linker: Linker): string {
  const remote = httpUrlOrNull(state?.permanentRedirect ?? null) ?? httpUrlOrNull(feed.url);
  return remote ?? linker.absolute(feedPaths(sourcePath(feed.slug)).rss);
}

/** `idSuffix` keeps the stamp ids unique on a page that shows many feeds. */
function failure(state: FeedState | undefined, now: Date, site: SiteConfig, idSuffix: string): FailureView | null {
  if (state === undefined || state.lastError === null || !isFailing(state)) return null;
  const since = state.failingSince ?? state.lastChecked;
  return {
    lastSuccess: agoStamp(`last-success${idSuffix}`, state.lastSuccess, now),
    since: since === null ? null : dateStamp(`failing-since${idSuffix}`, since, now, site),
    reason: state.lastError.message,
  };
}

export function sourceHeader(
  feed: FeedConfig,
  state: FeedState | undefined,
  now: Date,
  site: SiteConfig,
  linker: Linker,
): SourceHeaderView {
  const image = httpUrlOrNull(state?.meta.image?.url ?? null);
  return {
    subscribe: { text: `Subscribe to ${feed.name} feed`, href: subscribeUrl(feed, state, linker) },
    feedTitle: state?.meta.title ?? null,
    feedDescription: state?.meta.description ?? null,
    siteLink: httpUrlOrNull(state?.meta.siteLink ?? null),
    image: image === null ? null : { src: image, alt: state?.meta.image?.title ?? state?.meta.title ?? feed.name },
    updated: agoStamp("updated", state?.lastChecked ?? null, now),
    failure: failure(state, now, site, ""),
    gone: state?.gone ?? false,
  };
}

const HEALTH_TEXT: Record<FeedHealth, string> = {
  "never-checked": "Never checked",
  ok: "OK",
  failing: "Failing",
  gone: "Gone (no longer checked)",
};

export function statusRow(
  feed: FeedConfig,
  archive: FeedArchive | undefined,
  now: Date,
  site: SiteConfig,
  linker: Linker,
): StatusRowView {
  const state = archive?.state;
  return {
    name: feed.name,
    href: linker.href(sourcePath(feed.slug)),
    url: feed.url,
    health: HEALTH_TEXT[feedHealth(state)],
    items: archive?.items.length ?? 0,
    lastChecked: agoStamp(`checked-${feed.slug}`, state?.lastChecked ?? null, now),
    lastSuccess: agoStamp(`success-${feed.slug}`, state?.lastSuccess ?? null, now),
    lastStatus: state?.lastStatus ?? null,
    lastError: state?.lastError?.message ?? null,
    failingSince: failure(state, now, site, `-${feed.slug}`)?.since ?? null,
    consecutiveFailures: state?.consecutiveFailures ?? 0,
    permanentRedirect: state?.permanentRedirect ?? null,
  };
}
