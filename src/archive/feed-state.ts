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
