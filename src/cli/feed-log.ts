// One line per feed for cron logs, or one JSON object per feed with --json.
import type { FeedReport } from "../refresh/refresh-feed.ts";
import { describeCap } from "../archive/merge.ts";
import { escapeControls, terminalJson, terminalLine } from "./terminal-text.ts";

const OUTCOME_WORDS: Record<FeedReport["outcome"], string> = {
  "new-items": "updated",
  unchanged: "unchanged",
  "not-modified": "not modified",
  failed: "FAILED",
  skipped: "skipped",
};

export function feedLogLine(report: FeedReport, verbose: boolean): string {
  const parts = [
    OUTCOME_WORDS[report.outcome].padEnd(12),
    escapeControls(report.name),
    `HTTP ${report.status ?? "-"}`,
    `${report.added} new, ${report.updated} updated${report.expired ? `, ${report.expired} expired` : ""}`,
    `${report.durationMs} ms`,
  ];
  let line = parts.join("  ");
  if (report.error) line += terminalLine`\n    ${report.error.message}`;
  // A detail of several lines (a program error's stack) keeps its lines, each indented.
  if (report.error?.detail && verbose) line += report.error.detail.split("\n").map((detailLine, index, all) => terminalLine`\n    ${index === 0 ? "(" : "  "}${detailLine.trim()}${index === all.length - 1 ? ")" : ""}`).join("");
  if (report.note) line += terminalLine`\n    ${report.note}`;
  for (const recovery of report.recovered) line += terminalLine`\n    ${recovery.message}`;
  if (report.capped) line += terminalLine`\n    ${describeCap(report.capped)}`;
  if (verbose) for (const warning of report.warnings) line += terminalLine`\n    warning: ${warning}`;
  return line;
}

export function feedLogJson(report: FeedReport): string {
  return terminalJson(report);
}

export function runSummary(reports: readonly FeedReport[]): string {
  const failed = reports.filter((report) => report.outcome === "failed").length;
  const added = reports.reduce((sum, report) => sum + report.added, 0);
  const updated = reports.reduce((sum, report) => sum + report.updated, 0);
  return `${reports.length} feeds: ${added} new posts, ${updated} updated, ${failed} failed.`;
}
