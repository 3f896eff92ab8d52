// `blogroll status`: what a site owner asks the morning after: which feeds work, which fail and why.
import { resolve } from "node:path";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import type { CapHit, Config, FeedArchive, FeedConfig } from "../model.ts";
import { describeCap } from "../archive/merge.ts";
import { byHealth, feedHealth, healthSummary, type FeedHealth } from "../archive/feed-state.ts";
import { readArchives, type ArchivesRead } from "../archive/store.ts";
import { postLists } from "../site/posts.ts";
import { terminalJson, terminalLine } from "./terminal-text.ts";
import type { CliOptions } from "./args.ts";
import type { CliIo } from "./io.ts";

export interface FeedStatus {
  name: string;
  url: string;
  health: FeedHealth;
  itemsArchived: number;
  lastChecked: string | null;
  lastSuccess: string | null;
  lastStatus: number | null;
  lastError: string | null;
  failingSince: string | null;
  consecutiveFailures: number;
  permanentRedirect: string | null;
  gone: boolean;
  retryAfter: string | null;
  /** Archive files of the feed that are damaged: recovered from their previous generation, or not at all. */
  archiveProblems: { file: string; message: string; recovered: boolean }[];
  /** What a cap held back at the last poll that read the feed's document. */
  capped: CapHit | null;
  /** Archived posts the filters in feeds.yaml hide from the site. */
  hiddenByFilters: number;
}

export function feedStatus(feed: FeedConfig, archive: FeedArchive | undefined, read: Pick<ArchivesRead, "recoveries" | "failures">, hiddenByFilters = 0): FeedStatus {
  const state = archive?.state;
  const recovered = read.recoveries.filter((recovery) => recovery.slug === feed.slug).map(({ file, message }) => ({ file, message, recovered: true }));
  const failed = read.failures.filter((failure) => failure.slug === feed.slug).map(({ file, error }) => ({ file, message: error.message, recovered: false }));
  return {
    name: feed.name,
    url: feed.url,
    health: feedHealth(state),
    itemsArchived: archive?.items.length ?? 0,
    lastChecked: state?.lastChecked ?? null,
    lastSuccess: state?.lastSuccess ?? null,
    lastStatus: state?.lastStatus ?? null,
    lastError: state?.lastError?.message ?? null,
    failingSince: state?.failingSince ?? null,
    consecutiveFailures: state?.consecutiveFailures ?? 0,
    permanentRedirect: state?.permanentRedirect ?? null,
    gone: state?.gone ?? false,
    retryAfter: state?.retryAfter ?? null,
    archiveProblems: [...failed, ...recovered],
    capped: state?.capped ?? null,
    hiddenByFilters,
  };
}

/** An instant as the owner reads it: in `site.timezone`, with its offset (`2024-03-01 14:00 +01:00`). */
function localTime(iso: string | null, timezone: string): string | null {
  if (iso === null) return null;
  const instant = Date.parse(iso);
  return Number.isNaN(instant) ? iso : format(new TZDate(instant, timezone), "yyyy-MM-dd HH:mm xxx");
}

function healthText(status: FeedStatus, timezone: string): string {
  const since = localTime(status.failingSince, timezone) ?? "?";
  switch (status.health) {
    case "never-checked":
      return "never checked";
    case "ok":
      return "ok";
    case "failing":
      return terminalLine`FAILING since ${since} (${status.consecutiveFailures} failed poll${status.consecutiveFailures === 1 ? "" : "s"} in a row): ${status.lastError ?? ""}`;
    case "gone":
      return terminalLine`GONE since ${since}: ${status.lastError ?? "the server answered 410 Gone; no longer polled."}`;
  }
}

function statusText(status: FeedStatus, timezone: string): string {
  const time = (iso: string | null) => localTime(iso, timezone) ?? "never";
  const lines = [
    terminalLine`${status.name}  <${status.url}>`,
    `  health: ${healthText(status, timezone)}`,
    `  items archived: ${status.itemsArchived}${status.hiddenByFilters > 0 ? ` (${status.hiddenByFilters} hidden from the site by filters)` : ""}`,
    terminalLine`  last checked: ${time(status.lastChecked)}   last success: ${time(status.lastSuccess)}   last HTTP status: ${status.lastStatus ?? "-"}`,
  ];
  if (status.permanentRedirect) lines.push(terminalLine`  moved permanently to ${status.permanentRedirect} (used from now on; feeds.yaml is unchanged)`);
  if (status.retryAfter) lines.push(terminalLine`  the server asked us to wait until ${time(status.retryAfter)}`);
  if (status.capped) lines.push(terminalLine`  at ${time(status.capped.at)}: ${describeCap(status.capped)}`);
  for (const problem of status.archiveProblems) lines.push(terminalLine`  ${problem.recovered ? "archive recovered" : "ARCHIVE DAMAGED"}: ${problem.message}`);
  return lines.join("\n");
}

export async function runStatus(config: Config, options: CliOptions, io: CliIo): Promise<void> {
  // Without the lock (a run may be going): a damaged file is read from its previous generation, never changed.
  const read = await readArchives(resolve(options.data), config.feeds, { repair: false });
  // What the site would show of each feed, by the rule the render follows.
  const { hiddenByFilters } = postLists(config, new Map([...read.archives].map(([slug, archive]) => [slug, archive.items])));
  const all = byHealth(
    config.feeds.map((feed) => feedStatus(feed, read.archives.get(feed.slug), read, hiddenByFilters.get(feed.slug))),
    (status) => status.health,
  );
  // The summary always counts every feed, so `--failing` still says how many work.
  const summary = healthSummary(
    all.map((status) => status.health),
    all.reduce((sum, status) => sum + status.hiddenByFilters, 0),
  );
  const shown = options.failing ? all.filter((status) => status.health === "failing" || status.health === "gone") : all;
  if (options.json) {
    io.out(terminalJson({ feeds: shown, summary }, 2));
    return;
  }
  for (const status of shown) io.out(statusText(status, config.site.timezone));
  io.out(summary);
}
