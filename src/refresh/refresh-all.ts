// The fetch run: every feed polled under the concurrency limits, each written back on its own, so one
// feed's failure (or a kill mid-run) never touches another feed's archive.
import { availableParallelism } from "node:os";
import type { Config, FeedConfig, FeedError } from "../model.ts";
import { forEachWithLimits } from "../fetch/limits.ts";
import { readFeedItems, readFeedState, writeFeedItems, writeFeedState } from "../archive/store.ts";
import { createDocumentPool, type DocumentPool } from "./document-pool.ts";
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

/** A feed this run could not even start on, because of its archive on disk. */
function archiveFailure(feed: FeedConfig, error: FeedError): FeedReport {
  return {
    name: feed.name, slug: feed.slug, url: feed.url, outcome: "failed", status: null,
    added: 0, updated: 0, expired: 0, durationMs: 0, error, warnings: [], note: null,
  };
}

async function refreshOne(feed: FeedConfig, options: RefreshAllOptions, documents: DocumentPool): Promise<FeedReport> {
  const { config, dataDir, now, timings } = options;
  const stored = await readFeedState(dataDir, feed.slug, feed.url);
  if (!stored.ok) return archiveFailure(feed, stored.error);
  const previous = { state: stored.value, readItems: () => readFeedItems(dataDir, feed.slug) };
  const result = await refreshFeed(feed, previous, { settings: config.fetch, retentionMs: config.site.retentionMs, now, timings, documents });
  // Items before state: a kill between the two leaves the old validators, so the next run simply refetches.
  await timings.measure("archive", async () => {
    if (result.items !== null) await writeFeedItems(dataDir, feed.slug, result.items);
    if (result.state !== null) await writeFeedState(dataDir, feed.slug, result.state);
  });
  return result.report;
}

export async function refreshAll(options: RefreshAllOptions): Promise<FeedReport[]> {
  const reports: FeedReport[] = [];
  const started = performance.now();
  // One worker per core, no more than there are feeds; workers start only when a changed document needs reading.
  const documents = createDocumentPool(Math.min(availableParallelism(), options.config.feeds.length));
  try {
    await forEachWithLimits(options.config.feeds, hostOf, options.config.fetch, async (feed) => {
      let report: FeedReport;
      try {
        report = await refreshOne(feed, options, documents);
      } catch (error) {
        // Only the disk can fail here (full, read-only): say so for this feed and go on with the others.
        report = archiveFailure(feed, {
          kind: "archive_failed",
          message: `The archive of this feed could not be written in ${options.dataDir}; check the disk and permissions.`,
          detail: error instanceof Error ? error.message : String(error),
        });
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
  return reports.sort((a, b) => (order.get(a.slug) ?? 0) - (order.get(b.slug) ?? 0));
}
