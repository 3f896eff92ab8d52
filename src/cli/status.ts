// `blogroll status`: what a site owner asks the morning after: which feeds work, which fail and why.
import { resolve } from "node:path";
import type { Config, FeedArchive, FeedConfig } from "../model.ts";
import { readArchives } from "../archive/store.ts";
import { feedHealth, type FeedHealth } from "../archive/feed-state.ts";
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
}

export function feedStatus(feed: FeedConfig, archive: FeedArchive | undefined): FeedStatus {
  const state = archive?.state;
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
  };
}

function healthText(status: FeedStatus): string {
  switch (status.health) {
    case "never-checked":
      return "never checked";
    case "ok":
      return "ok";
    case "failing":
      return terminalLine`FAILING since ${status.failingSince ?? "?"} (${status.consecutiveFailures} failed poll${status.consecutiveFailures === 1 ? "" : "s"} in a row): ${status.lastError ?? ""}`;
    case "gone":
      return terminalLine`GONE since ${status.failingSince ?? "?"}: ${status.lastError ?? "the server answered 410 Gone; no longer polled."}`;
  }
}

function statusText(status: FeedStatus): string {
  const lines = [
    terminalLine`${status.name}  <${status.url}>`,
    `  health: ${healthText(status)}`,
    `  items archived: ${status.itemsArchived}`,
    terminalLine`  last checked: ${status.lastChecked ?? "never"}   last success: ${status.lastSuccess ?? "never"}   last HTTP status: ${status.lastStatus ?? "-"}`,
  ];
  if (status.permanentRedirect) lines.push(terminalLine`  moved permanently to ${status.permanentRedirect} (used from now on; feeds.yaml is unchanged)`);
  if (status.retryAfter) lines.push(terminalLine`  the server asked us to wait until ${status.retryAfter}`);
  return lines.join("\n");
}

export async function runStatus(config: Config, options: CliOptions, io: CliIo): Promise<void> {
  const { archives, errors } = await readArchives(resolve(options.data), config.feeds);
  const statuses = config.feeds.map((feed) => feedStatus(feed, archives.get(feed.slug)));
  if (options.json) {
    io.out(terminalJson({ feeds: statuses, archiveErrors: errors }, 2));
    return;
  }
  for (const status of statuses) io.out(statusText(status));
  for (const { slug, error } of errors) io.err(terminalLine`${slug}: ${error.message}`);
}
