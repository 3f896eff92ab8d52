import { parseArgs } from "node:util";

export interface CliOptions {
  config: string;
  data: string;
  out: string;
  now: Date;
  json: boolean;
  strict: boolean;
  quiet: boolean;
  verbose: boolean;
  timings: string | null;
  port: number;
  name: string | null;
  category: string[];
}

export type ParsedArgs =
  | { ok: true; command: string; positionals: string[]; options: CliOptions }
  | { ok: false; message: string };

export const USAGE = `Usage: blogroll <command> [options]

Commands:
  fetch                      fetch every feed and update the archive
  render                     render the site from the archive (no network)
  build                      fetch, then render
  status                     the health of every feed
  inspect <url|file>         fetch (or read) one feed and print its items; stores nothing
  serve                      serve the rendered site on http://localhost:8080/
  add <site-or-feed-url>     discover a feed, check it, and append it to feeds.yaml
  remove <name>              remove a feed from feeds.yaml (its archive stays in the data folder)
  opml import <file|url>     add every feed of an OPML file to feeds.yaml
  opml export                print feeds.yaml's feeds as OPML

Options:
  --config FILE      feeds.yaml to use (default: feeds.yaml)
  --data DIR         archive folder (default: data)
  --out DIR          site folder (default: _site)
  --now ISO          pin the clock, e.g. 2019-02-21T12:00:00Z (tests, reproducible builds)
  --json             machine-readable output
  --strict           exit 1 when any feed failed
  --quiet            print only failures and errors
  --verbose          print technical detail of failures and warnings
  --timings FILE     write per-stage timings as JSON
  --port N           port for serve (default: 8080)
  --name NAME        name for add (default: the feed's own title)
  --category NAME    category for add and opml import (repeatable)

Exit codes: 0 ran (failed feeds are reported, not fatal); 1 with --strict when a feed failed;
2 usage or configuration error.`;

export function parseCliArgs(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: "string", default: "feeds.yaml" },
        data: { type: "string", default: "data" },
        out: { type: "string", default: "_site" },
        now: { type: "string" },
        json: { type: "boolean", default: false },
        strict: { type: "boolean", default: false },
        quiet: { type: "boolean", default: false },
        verbose: { type: "boolean", default: false },
        timings: { type: "string" },
        port: { type: "string", default: "8080" },
        name: { type: "string" },
        category: { type: "string", multiple: true, default: [] },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    return { ok: false, message: `${error instanceof Error ? error.message : String(error)}\n\n${USAGE}` };
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) return { ok: false, message: USAGE };
  let now = new Date();
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (Number.isNaN(now.getTime())) {
      return { ok: false, message: `--now ${values.now}: not an ISO date and time. Write it like 2019-02-21T12:00:00Z.` };
    }
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return { ok: false, message: `--port ${values.port}: not a port number (0 to 65535).` };
  }
  return {
    ok: true,
    command,
    positionals: rest,
    options: {
      config: values.config,
      data: values.data,
      out: values.out,
      now,
      json: values.json,
      strict: values.strict,
      quiet: values.quiet,
      verbose: values.verbose,
      timings: values.timings ?? null,
      port,
      name: values.name ?? null,
      category: values.category,
    },
  };
}
