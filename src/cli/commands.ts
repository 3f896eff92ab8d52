// The commands that run the pipeline: fetch, render and build (fetch then render).
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Config } from "../model.ts";
import { loadConfig, formatConfigError } from "../config/load.ts";
import { acquireLock } from "../archive/lock.ts";
import { openArchive } from "../archive/store.ts";
import { refreshAll } from "../refresh/refresh-all.ts";
import type { FeedReport } from "../refresh/refresh-feed.ts";
import { StageTimings } from "../refresh/stage-timings.ts";
import { renderSite } from "../site/render.ts";
import type { CliOptions } from "./args.ts";
import type { CliIo } from "./io.ts";
import { feedLogJson, feedLogLine, runSummary } from "./feed-log.ts";
import { terminalLine } from "./terminal-text.ts";

export const EXIT_OK = 0;
export const EXIT_FEEDS_FAILED = 1;
export const EXIT_USAGE = 2;
/** Another run holds the data folder (overlapping cron); nothing was done. */
export const EXIT_LOCKED = 3;

/** The configuration, or null after telling the user exactly what to fix (exit 2). */
export async function loadConfigOrExplain(options: CliOptions, io: CliIo): Promise<Config | null> {
  const result = await loadConfig(resolve(options.config));
  if (result.ok) return result.config;
  for (const error of result.errors) io.err(terminalLine`${formatConfigError(error)}`);
  io.err(`Nothing was fetched or written: fix ${options.config} and run again.`);
  return null;
}

async function runFetch(config: Config, options: CliOptions, io: CliIo, timings: StageTimings): Promise<FeedReport[]> {
  let done = 0;
  let failures = 0;
  const total = config.feeds.length;
  const reports = await refreshAll({
    config,
    dataDir: resolve(options.data),
    now: options.now,
    timings,
    onReport: (report) => {
      done++;
      if (report.outcome === "failed") failures++;
      if (options.json) io.out(feedLogJson(report));
      else if (io.isInteractive) {
        if (report.outcome === "failed") {
          io.progress(null);
          io.err(feedLogLine(report, options.verbose));
        } else if (options.verbose) {
          io.progress(null);
          io.out(feedLogLine(report, true));
        }
        io.progress(`Fetching feeds: ${done}/${total} done, ${failures} failed`);
      } else if (!options.quiet || report.outcome === "failed") {
        (report.outcome === "failed" ? io.err : io.out)(feedLogLine(report, options.verbose));
      }
    },
  });
  if (io.isInteractive) io.progress(null);
  if (!options.json && !options.quiet) io.out(runSummary(reports));
  return reports;
}

async function runRender(config: Config, options: CliOptions, io: CliIo, timings: StageTimings): Promise<void> {
  const archive = await openArchive(resolve(options.data), config.feeds);
  const report = await renderSite({ config, archive, now: options.now, outDir: resolve(options.out), timings });
  for (const { slug, error } of archive.problems) io.err(terminalLine`${slug}: ${error.message}`);
  for (const warning of report.warnings) io.err(terminalLine`warning: ${warning}`);
  if (!options.quiet && !options.json) io.out(`Rendered ${report.pages} pages (${report.rendered} made afresh, ${report.files} files) into ${options.out}.`);
}

/** fetch, render or build under the data folder's lock, so overlapping cron runs never interleave. */
export async function runPipeline(command: "fetch" | "render" | "build", options: CliOptions, io: CliIo): Promise<number> {
  const config = await loadConfigOrExplain(options, io);
  if (!config) return EXIT_USAGE;
  // A mistyped --data must not render an empty site over the real one.
  if (command === "render" && !existsSync(resolve(options.data))) {
    io.err(`There is no archive at ${options.data}: run \`blogroll fetch\` (or \`blogroll build\`) first, or give the right folder with --data.`);
    return EXIT_USAGE;
  }
  const lock = await acquireLock(resolve(options.data), options.now);
  if (!lock.ok) {
    io.err(lock.message);
    return EXIT_LOCKED;
  }
  const timings = new StageTimings();
  try {
    const reports = command === "render" ? [] : await runFetch(config, options, io, timings);
    if (command !== "fetch") await runRender(config, options, io, timings);
    if (options.timings) await writeFile(options.timings, JSON.stringify({ stages: timings.totals }, null, 2) + "\n");
    const anyFailed = reports.some((report) => report.outcome === "failed");
    return options.strict && anyFailed ? EXIT_FEEDS_FAILED : EXIT_OK;
  } finally {
    await lock.lock.release();
  }
}
