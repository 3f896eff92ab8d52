// The fetch run: every feed polled under the concurrency limits, each written back on its own, so one
// feed's failure (or a kill mid-run) never touches another feed's archive.
import { availableParallelism } from "node:os";
import type { Config, FeedConfig, FeedError } from "../model.ts";
import { forEachWithLimits } from "../fetch/limits.ts";
import { readFeedItems, readFeedState, writeFeedItems, writeFeedState } from "../archive/store.ts";
import { diskProblem } from "../archive/disk-errors.ts";
import { isFileSystemError } from "../disk.ts";
import { createDocumentPool, documentLimitsFor, type DocumentPool } from "./document-pool.ts";
import { refreshFeed, type FeedReport } from "./refresh-feed.ts";
import type { StageTimings } from "./stage-timings.ts";

export interface RefreshAllOptions {
  config: Config;
  dataDir: string;
  now: Date;
  timings: StageTimings;
  /** Called as each feed finishes, for progress and log lines. */
  onReport: (report: FeedReport) => void;
}

function hostOf(feed: FeedConfig): string {
  try {
    const url = new URL(feed.url);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : "local files";
  } catch {
    return "local files";
  }
}

/** A feed this run could not refresh, because of its archive on disk or a program error. */
function failedReport(feed: FeedConfig, error: FeedError): FeedReport {
  return {
    name: feed.name, slug: feed.slug, url: feed.url, outcome: "failed", status: null,
    added: 0, updated: 0, expired: 0, durationMs: 0, error, warnings: [], note: null, recovered: [], capped: null,
  };
}

/**
 * A failure of Blogroll's own code while refreshing `feed`: said as a bug, never as the feed's network or disk
 * problem, with the stack as its detail (shown under --verbose). The feed keeps its archive as it was.
 */
function programError(feed: FeedConfig, error: unknown): FeedReport {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return failedReport(feed, {
    kind: "program_error",
    message: `Blogroll failed while refreshing ${feed.name}: ${what}. This is a bug in Blogroll, not a problem with the feed; its archive was left as it was. Please report it, with the output of --verbose.`,
    detail: error instanceof Error && error.stack !== undefined ? error.stack : what,
  });
}

/** For tests: the slug of a feed whose refresh fails as a bug would, so that the way a program error is told can be checked. */
const PROGRAM_ERROR_FEED = process.env.BLOGROLL_TEST_PROGRAM_ERROR_IN;

async function refreshOne(feed: FeedConfig, options: RefreshAllOptions, documents: DocumentPool): Promise<FeedReport> {
  const { config, dataDir, now, timings } = options;
  if (PROGRAM_ERROR_FEED === feed.slug) (null as unknown as { refresh(): void }).refresh();
  // The run holds the lock, so a damaged file may be put right from its previous generation.
  const stored = await readFeedState(dataDir, feed.slug, feed.url, { repair: true });
  if (!stored.ok) return failedReport(feed, stored.failure.error);
  const previous = {
    state: stored.value,
    recovered: stored.recovery === null ? [] : [stored.recovery],
    readItems: () => readFeedItems(dataDir, feed.slug, { repair: true }),
  };
  const result = await refreshFeed(feed, previous, { settings: config.fetch, retentionMs: config.site.retentionMs, caps: config.site.caps, now, timings, documents });
  // Items before state: a kill between the two leaves the old validators, so the next run simply refetches.
  await timings.measure("archive", async () => {
    if (result.items !== null) await writeFeedItems(dataDir, feed.slug, result.items);
    if (result.state !== null) await writeFeedState(dataDir, feed.slug, result.state);
  });
  return result.report;
}

export interface RefreshRun {
  /** One per feed polled, in the order of feeds.yaml. */
  reports: FeedReport[];
  /**
   * Why the run stopped early: the disk refused a write (full, read-only, permissions). Said once, in one sentence;
   * feeds not yet polled were left alone, and a feed whose write failed keeps its previous archive.
   */
  stopped: string | null;
}

export async function refreshAll(options: RefreshAllOptions): Promise<RefreshRun> {
  const reports: FeedReport[] = [];
  let stopped: string | null = null;
  const started = performance.now();
  // One worker per core, no more than there are feeds; workers start only when a changed document needs reading.
  const documents = createDocumentPool(Math.min(availableParallelism(), options.config.feeds.length), documentLimitsFor(options.config.fetch.maxBodyBytes));
  try {
    await forEachWithLimits(options.config.feeds, hostOf, options.config.fetch, async (feed) => {
      if (stopped !== null) return;
      let report: FeedReport;
      try {
        report = await refreshOne(feed, options, documents);
      } catch (error) {
        if (!isFileSystemError(error)) report = programError(feed, error);
        else {
          // The disk refused: every later write would fail the same way (and leave its own partial file), so the
          // run stops instead of reporting the same cause once per feed.
          stopped ??= diskProblem(error, options.dataDir);
          return;
        }
      }
      reports.push(report);
      options.onReport(report);
    });
  } finally {
    // Live workers would keep the process from exiting.
    await documents.close();
  }
  // Wall time of the whole polling phase; parse, sanitise and archive are also counted inside it.
  options.timings.add("fetch", performance.now() - started);
  const order = new Map(options.config.feeds.map((feed, index) => [feed.slug, index]));
  return { reports: reports.sort((a, b) => (order.get(a.slug) ?? 0) - (order.get(b.slug) ?? 0)), stopped };
}
