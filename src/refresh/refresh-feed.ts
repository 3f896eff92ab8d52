// One feed's poll, from the stored archive to the next one. It never throws: every failure becomes the
// feed's lastError, and a failed poll leaves the items exactly as they were.
import { createHash } from "node:crypto";
import type { ByteCaps, CapHit, FeedConfig, FeedError, FeedState, FetchSettings, Item, PollOutcome } from "../model.ts";
import { fetchFeed, type FetchOutcome } from "../fetch/fetch-feed.ts";
import { mergeItems, type MergeResult } from "../archive/merge.ts";
import { newFeedState, stateForUrl, withoutValidators, withPoll } from "../archive/feed-state.ts";
import type { ArchiveRecovery, FileRead } from "../archive/store.ts";
import type { DocumentPool } from "./document-pool.ts";
import type { PostCuts } from "../normalise/normalise-feed.ts";
import type { StageTimings } from "./stage-timings.ts";

export interface FeedReport {
  name: string;
  slug: string;
  url: string;
  outcome: PollOutcome;
  status: number | null;
  added: number;
  updated: number;
  expired: number;
  durationMs: number;
  error: FeedError | null;
  warnings: string[];
  /** Why a feed was skipped, or a permanent redirect worth telling. */
  note: string | null;
  /** Archive files of this feed that were replaced by their previous generation. */
  recovered: ArchiveRecovery[];
  /** What the caps held back at this poll, or null. */
  capped: CapHit | null;
}

/** A feed's archive as the poll finds it: the state at once, the items only if the poll needs them. */
export interface StoredFeed {
  /** Null for a feed never polled. */
  state: FeedState | null;
  /** How the state was come by, when its file had to be replaced by its previous generation. */
  recovered: ArchiveRecovery[];
  /** Most polls are 304s that never touch the items, so they are read from disk only on demand. */
  readItems: () => Promise<FileRead<Item[]>>;
}

/** What to write back. */
export interface RefreshResult {
  /** The feed's new state; null when its archive could not be read, and nothing may be written. */
  state: FeedState | null;
  /** The items, when they changed or were never written; null leaves the file as it is. */
  items: Item[] | null;
  report: FeedReport;
}

export interface RefreshContext {
  settings: FetchSettings;
  retentionMs: number | null;
  /** What one post and one feed may put in the archive. */
  caps: ByteCaps;
  now: Date;
  timings: StageTimings;
  /** Where fetched documents are parsed and normalised, off the main thread. */
  documents: DocumentPool;
}

function sha256(body: Buffer): string {
  return createHash("sha256").update(body).digest("hex");
}

/** A poll that reached the feed: the failing streak ends. */
function succeeded(state: FeedState, now: string, status: number): FeedState {
  return { ...state, lastSuccess: now, lastStatus: status, lastError: null, failingSince: null, consecutiveFailures: 0, retryAfter: null };
}

function failed(state: FeedState, now: string, error: FeedError, status: number | null, retryAfter: Date | null): FeedState {
  return {
    ...state,
    lastStatus: status,
    lastError: error,
    failingSince: state.failingSince ?? now,
    consecutiveFailures: state.consecutiveFailures + 1,
    gone: error.kind === "http_gone",
    retryAfter: retryAfter ? retryAfter.toISOString() : null,
  };
}

/** Why this run does not poll the feed at all, or null to poll it. */
function skipReason(state: FeedState, now: Date): string | null {
  if (state.gone) return "The feed answered 410 Gone; it is no longer polled. Remove it from feeds.yaml or give it a new URL.";
  if (state.retryAfter && Date.parse(state.retryAfter) > now.getTime()) {
    return `The server asked us to wait (Retry-After); next poll after ${state.retryAfter}.`;
  }
  return null;
}

function withPermanentRedirect(state: FeedState, outcome: FetchOutcome): FeedState {
  return outcome.permanentRedirect ? { ...state, permanentRedirect: outcome.permanentRedirect } : state;
}

export async function refreshFeed(feed: FeedConfig, previous: StoredFeed, context: RefreshContext): Promise<RefreshResult> {
  const started = performance.now();
  const nowIso = context.now.toISOString();
  let state = stateForUrl(previous.state ?? newFeedState(feed.url), feed.url);
  const report: FeedReport = {
    name: feed.name,
    slug: feed.slug,
    url: feed.url,
    outcome: "skipped",
    status: null,
    added: 0,
    updated: 0,
    expired: 0,
    durationMs: 0,
    error: null,
    warnings: [],
    note: null,
    recovered: [...previous.recovered],
    capped: null,
  };
  /** Set when the items came from their file's previous generation: it may lack posts the document still lists. */
  let itemsRestored = false;
  const finish = (items: Item[] | null): RefreshResult => {
    report.durationMs = Math.round(performance.now() - started);
    report.error = report.outcome === "failed" ? state.lastError : null;
    state = withPoll(state, { at: nowIso, outcome: report.outcome, status: report.status });
    return { state, items, report };
  };
  /** The numbers when a cap held something back, for the log and the state; null when none did. */
  const capHit = (listed: number, notKept: number, merged: MergeResult, cut: PostCuts): CapHit | null =>
    notKept + merged.deferred + merged.dropped + merged.droppedForSize + merged.notTakenForSize + cut.bodies + cut.links === 0
      ? null
      : {
          at: nowIso, maxItems: feed.maxItems, maxNewItemsPerRun: context.settings.maxNewItemsPerRun, listed, notKept, deferred: merged.deferred, dropped: merged.dropped,
          caps: context.caps, bodiesCut: cut.bodies, linksDropped: cut.links, droppedForSize: merged.droppedForSize, notTakenForSize: merged.notTakenForSize,
        };
  /** The archive's items, and any recovery of their file in the report. */
  const readItems = async (): Promise<FileRead<Item[]>> => {
    const read = await previous.readItems();
    if (read.ok && read.recovery !== null) report.recovered.push(read.recovery);
    if (read.ok && read.recovery?.replaced) itemsRestored = true;
    return read;
  };
  /** The archive's items could not be read: nothing is written, so the damaged file stays as it is. */
  const unreadable = (error: FeedError): RefreshResult => {
    report.outcome = "failed";
    report.error = error;
    report.durationMs = Math.round(performance.now() - started);
    return { state: null, items: null, report };
  };

  const limits = { now: context.now, retentionMs: context.retentionMs, maxItems: feed.maxItems, maxNewItems: context.settings.maxNewItemsPerRun, maxBytes: context.caps.feedBytes };
  const skip = skipReason(state, context.now);
  if (skip) {
    report.note = skip;
    return finish(null);
  }

  const fetchUrl = state.permanentRedirect ?? feed.url;
  const outcome = await fetchFeed({ url: fetchUrl, etag: state.etag, lastModified: state.lastModified }, context.settings, context.now);
  state = withPermanentRedirect({ ...state, lastChecked: nowIso }, outcome);
  report.status = outcome.status;
  if (outcome.permanentRedirect) report.note = `Moved permanently to ${outcome.permanentRedirect}; that address is used from now on.`;

  if (outcome.kind === "failed") {
    state = failed(state, nowIso, outcome.error, outcome.status, outcome.retryAfter);
    report.outcome = "failed";
    return finish(null);
  }

  // Hashed here, once: reading the document moves the body's bytes to a worker.
  const bodyHash = outcome.kind === "fetched" ? sha256(outcome.body) : null;
  if (outcome.kind === "not-modified" || state.bodyHash === bodyHash) {
    state = succeeded(state, nowIso, outcome.status);
    if (outcome.kind === "fetched") state = { ...state, etag: outcome.etag, lastModified: outcome.lastModified };
    report.outcome = outcome.kind === "not-modified" ? "not-modified" : "unchanged";
    if (context.retentionMs === null) return finish(null);
    const stored = await readItems();
    if (!stored.ok) return unreadable(stored.failure.error);
    const retained = mergeItems(stored.value ?? [], [], { ...limits, currentIds: new Set(state.currentIds) });
    report.expired = retained.expired;
    // A maxItems lowered since the last document was read takes effect here.
    if (retained.dropped + retained.droppedForSize > 0) {
      report.capped = capHit(state.currentIds.length, 0, retained, { bodies: 0, links: 0 });
      state = { ...state, capped: report.capped };
    }
    // The document was not read this time; without validators the next poll reads it and restores what it lists.
    if (itemsRestored) state = withoutValidators(state);
    return finish(retained.expired + retained.dropped + retained.droppedForSize > 0 ? retained.items : null);
  }

  const document = await context.documents.read({ body: outcome.body, contentType: outcome.contentType, url: outcome.url, feed, fetchedAt: nowIso, caps: context.caps });
  if (!document.ok) {
    state = failed(state, nowIso, document.error, outcome.status, null);
    report.outcome = "failed";
    return finish(null);
  }
  // Time spent on the workers, summed over feeds: CPU work done, not wall time of the run.
  context.timings.add("parse", document.parseMs);
  context.timings.add("sanitise", document.normaliseMs);

  const stored = await readItems();
  if (!stored.ok) return unreadable(stored.failure.error);
  const archiveStart = performance.now();
  // A document listing more than the feed may keep was read only as far as its newest maxItems: those are listed.
  const currentIds = document.items.map((item) => item.id);
  const merged = mergeItems(stored.value ?? [], document.items, { ...limits, currentIds: new Set(currentIds) });
  context.timings.add("archive", performance.now() - archiveStart);
  const changed = merged.added + merged.updated + merged.expired + merged.dropped + merged.droppedForSize > 0;
  report.capped = capHit(document.items.length + document.unread, document.unread, merged, document.cut);
  state = {
    ...succeeded(state, nowIso, outcome.status),
    etag: outcome.etag,
    lastModified: outcome.lastModified,
    bodyHash,
    lastChange: merged.added + merged.updated > 0 ? nowIso : state.lastChange,
    currentIds,
    warnings: document.warnings,
    meta: document.meta,
    capped: report.capped,
  };
  // New items the per-run cap left out are in a document that may not change again: the next poll reads it anyway.
  if (merged.deferred > 0) state = withoutValidators(state);
  report.outcome = merged.added + merged.updated > 0 ? "new-items" : "unchanged";
  report.added = merged.added;
  report.updated = merged.updated;
  report.expired = merged.expired;
  report.warnings = state.warnings;
  // A first poll writes the items file even when the feed has none, so the archive says it was read.
  return finish(changed || stored.value === null ? merged.items : null);
}
