import type { FeedState, Poll } from "../model.ts";

/** How many polls a feed's state remembers. */
export const MAX_POLLS = 30;

/** The state of a feed never polled. */
export function newFeedState(url: string): FeedState {
  return {
    url,
    etag: null,
    lastModified: null,
    bodyHash: null,
    lastChecked: null,
    lastSuccess: null,
    lastChange: null,
    lastStatus: null,
    lastError: null,
    failingSince: null,
    consecutiveFailures: 0,
    permanentRedirect: null,
    gone: false,
    retryAfter: null,
    currentIds: [],
    warnings: [],
    meta: { title: null, description: null, siteLink: null, image: null },
    polls: [],
    capped: null,
  };
}

/**
 * The owner edited the feed's URL in feeds.yaml: what we learnt about the old address (validators,
 * redirects, "gone", back-off) no longer applies. Items and meta stay.
 */
export function stateForUrl(state: FeedState, url: string): FeedState {
  if (state.url === url) return state;
  return {
    ...newFeedState(url),
    meta: state.meta,
    lastChecked: state.lastChecked,
    lastSuccess: state.lastSuccess,
    lastChange: state.lastChange,
    currentIds: state.currentIds,
    polls: state.polls,
  };
}

/**
 * How a feed is doing, one rule for `blogroll status` and the site's /status/: never polled yet; its last
 * poll reached the feed (ok); its last poll failed (failing, until a poll succeeds); or it answered 410 Gone
 * and is no longer polled.
 */
export type FeedHealth = "never-checked" | "ok" | "failing" | "gone";

export function feedHealth(state: FeedState | null | undefined): FeedHealth {
  if (state === null || state === undefined || state.lastChecked === null) return "never-checked";
  if (state.gone) return "gone";
  return state.lastError !== null ? "failing" : "ok";
}

/** The state with this poll remembered, the oldest forgotten past MAX_POLLS. */
export function withPoll(state: FeedState, poll: Poll): FeedState {
  return { ...state, polls: [...state.polls, poll].slice(-MAX_POLLS) };
}

/**
 * The state with no validators (ETag, Last-Modified, body hash), so the next poll fetches and reads the whole
 * document even if it has not changed: for when the archive lacks items that document lists.
 */
export function withoutValidators(state: FeedState): FeedState {
  return { ...state, etag: null, lastModified: null, bodyHash: null };
}

/** The order feeds are listed in by health, the broken first: what an owner looks for first. */
const HEALTH_RANK: Record<FeedHealth, number> = { failing: 0, gone: 1, "never-checked": 2, ok: 3 };

/** Sorts by health, failing feeds first; a sort keeps config order within each health (Array.sort is stable). */
export function byHealth<T>(entries: readonly T[], healthOf: (entry: T) => FeedHealth): T[] {
  return [...entries].sort((a, b) => HEALTH_RANK[healthOf(a)] - HEALTH_RANK[healthOf(b)]);
}

/**
 * The line `blogroll status` ends with and `/status/` opens with: `4 feeds: 2 ok, 1 failing, 1 gone, 0 never
 * checked.`, then, when filters hide posts, how many (they stay archived).
 */
export function healthSummary(healths: readonly FeedHealth[], hiddenByFilters = 0): string {
  const count = (health: FeedHealth) => healths.filter((each) => each === health).length;
  const feeds = `${healths.length} feed${healths.length === 1 ? "" : "s"}`;
  const line = `${feeds}: ${count("ok")} ok, ${count("failing")} failing, ${count("gone")} gone, ${count("never-checked")} never checked.`;
  if (hiddenByFilters === 0) return line;
  return `${line} Filters hide ${hiddenByFilters} archived post${hiddenByFilters === 1 ? "" : "s"} from the site.`;
}
