// The commands that run the pipeline: fetch, render and build (fetch then render).
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Config } from "../model.ts";
import { acquireLock } from "../archive/lock.ts";
import { openArchive, removeTemporaryArchiveFiles } from "../archive/store.ts";
import { diskProblem } from "../archive/disk-errors.ts";
import { isFileSystemError } from "../disk.ts";
import { refreshAll, type RefreshRun } from "../refresh/refresh-all.ts";
import { StageTimings } from "../refresh/stage-timings.ts";
import { renderSite, type RenderReport } from "../site/render.ts";
import type { CliOptions } from "./args.ts";
import type { CliIo } from "./io.ts";
import { feedLogJson, feedLogLine, runSummary } from "./feed-log.ts";
import { terminalJson, terminalLine } from "./terminal-text.ts";
import { EXIT_ARCHIVE, EXIT_FEEDS_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_USAGE, loadConfigOrExplain } from "./outcome.ts";

async function runFetch(config: Config, options: CliOptions, io: CliIo, timings: StageTimings): Promise<RefreshRun> {
  let done = 0;
  let failures = 0;
  const total = config.feeds.length;
  const run = await refreshAll({
    config,
    dataDir: resolve(options.data),
    now: options.now,
    timings,
    onReport: (report) => {
      done++;
      if (report.outcome === "failed") failures++;
      // A recovered archive file is news the owner must see even with --quiet, like a failure.
      const alarming = report.outcome === "failed" || report.recovered.length > 0;
      if (options.json) io.out(feedLogJson(report));
      else if (io.isInteractive) {
        if (alarming) {
          io.progress(null);
          io.err(feedLogLine(report, options.verbose));
        } else if (options.verbose) {
          io.progress(null);
          io.out(feedLogLine(report, true));
        }
        io.progress(`Fetching feeds: ${done}/${total} done, ${failures} failed`);
      } else if (!options.quiet || alarming) {
        (alarming ? io.err : io.out)(feedLogLine(report, options.verbose));
      }
    },
  });
  if (io.isInteractive) io.progress(null);
  if (run.stopped === null && !options.json && !options.quiet) io.out(runSummary(run.reports));
  return run;
}

/**
 * Renders from the archive. Returns how many archive files could not be read in either generation, or null when the
 * disk refused to put a damaged one right (said in one sentence; nothing was rendered).
 */
async function runRender(config: Config, options: CliOptions, io: CliIo, timings: StageTimings, alreadyTold: ReadonlySet<string>): Promise<number | null> {
  const dataDir = resolve(options.data);
  let report: RenderReport;
  try {
    // Under the lock: a damaged file the fetch did not touch is put right here.
    const archive = await openArchive(dataDir, config.feeds, { repair: true });
    report = await renderSite({ config, archive, now: options.now, outDir: resolve(options.out), timings });
  } catch (error) {
    // The render wraps its own failures; a bare file-system error is the archive's (reading, or putting a file right).
    if (!isFileSystemError(error)) throw error;
    io.err(diskProblem(error, dataDir));
    return null;
  }
  const { recoveries, failures } = report.archive;
  for (const recovery of recoveries) if (!alreadyTold.has(recovery.file)) io.err(terminalLine`${recovery.slug}: ${recovery.message}`);
  for (const failure of failures) io.err(terminalLine`${failure.slug}: ${failure.error.message}`);
  for (const warning of report.warnings) io.err(terminalLine`warning: ${warning}`);
  const { pages, pagesMade, files, searchSegments, hiddenByFilters } = report;
  const hidden = hiddenByFilters ? ` Filters hide ${hiddenByFilters} archived post${hiddenByFilters === 1 ? "" : "s"} (kept in the archive).` : "";
  // What the render made again, for a person or (under --json, one line beside the feeds' lines) a program.
  if (options.json) io.out(terminalJson({ render: { pages, pagesMade, files, searchSegments, hiddenByFilters, outDir: options.out } }));
  else if (!options.quiet) {
    io.out(`Rendered ${pages} pages (${pagesMade} made afresh, ${files} files; search index: ${searchSegments.made} of ${searchSegments.total} segments made afresh) into ${options.out}.${hidden}`);
  }
  return failures.length;
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
  const dataDir = resolve(options.data);
  const lock = await acquireLock(dataDir, options.now);
  if (!lock.ok) {
    io.err(lock.message);
    return lock.reason === "held" ? EXIT_LOCKED : EXIT_ARCHIVE;
  }
  const timings = new StageTimings();
  try {
    const cleaned = await removeTemporaryArchiveFiles(dataDir).catch((error: unknown) => {
      io.err(diskProblem(error, dataDir));
      return null;
    });
    if (cleaned === null) return EXIT_ARCHIVE;
    if (cleaned > 0 && !options.quiet) io.err(`Removed ${cleaned} temporary file${cleaned === 1 ? "" : "s"} that an interrupted run or a full disk left in ${options.data}.`);
    const { reports, stopped } = command === "render" ? { reports: [], stopped: null } : await runFetch(config, options, io, timings);
    if (stopped !== null) {
      const left = config.feeds.length - reports.length;
      io.err(`${stopped}\nThe run stopped: ${left} of ${config.feeds.length} feeds were not brought up to date${command === "build" ? ", and the site was not rendered" : ""}.`);
      return EXIT_ARCHIVE;
    }
    const told = new Set(reports.flatMap((report) => report.recovered.map((recovery) => recovery.file)));
    const unreadable = command === "fetch" ? 0 : await runRender(config, options, io, timings, told);
    if (unreadable === null) return EXIT_ARCHIVE;
    if (options.timings) await writeFile(options.timings, JSON.stringify({ stages: timings.totals }, null, 2) + "\n");
    // The archive is the one thing that must not go quietly wrong: --strict or not.
    if (unreadable > 0 || reports.some((report) => report.error?.kind === "archive_failed")) return EXIT_ARCHIVE;
    const anyFailed = reports.some((report) => report.outcome === "failed");
    return options.strict && anyFailed ? EXIT_FEEDS_FAILED : EXIT_OK;
  } finally {
    await lock.lock.release();
  }
}
