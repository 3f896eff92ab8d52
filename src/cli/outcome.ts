// What every command shares: its exit codes, and the configuration it starts from (or the reason it cannot).
import { resolve } from "node:path";
import type { Config } from "../model.ts";
import { formatConfigError, loadConfig } from "../config/load.ts";
import type { CliOptions } from "./args.ts";
import type { CliIo } from "./io.ts";
import { terminalLine } from "./terminal-text.ts";

export const EXIT_OK = 0;
export const EXIT_FEEDS_FAILED = 1;
export const EXIT_USAGE = 2;
/** Another run holds the data folder (overlapping cron); nothing was done. */
export const EXIT_LOCKED = 3;
/** The archive is in trouble: a file unreadable in both generations, or the disk refused a write. */
export const EXIT_ARCHIVE = 4;

/** The configuration, or null after telling the user exactly what to fix (exit 2). */
export async function loadConfigOrExplain(options: CliOptions, io: CliIo): Promise<Config | null> {
  const result = await loadConfig(resolve(options.config));
  if (result.ok) return result.config;
  for (const error of result.errors) io.err(terminalLine`${formatConfigError(error)}`);
  io.err(`Nothing was fetched or written: fix ${options.config} and run again.`);
  return null;
}
