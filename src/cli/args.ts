// The `blogroll` command line's grammar: every command with its arguments, its own options and an example,
// defined once with commander, which parses by it and prints each command's help from it.
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import type { CliIo } from "./io.ts";
import { controlsIn, escapeControls } from "./terminal-text.ts";

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
  /** `status --failing`: only the feeds that are failing or gone. */
  failing: boolean;
  /** `opml import`: check each feed before adding it (`--no-check` turns it off). */
  check: boolean;
}

export type CommandName = "fetch" | "render" | "build" | "status" | "inspect" | "serve" | "add" | "remove" | "opml import" | "opml export";

export type ParsedArgs =
  /** A command to run; `target` is its one argument (a URL, file or name) for the commands that take one. */
  | { kind: "run"; command: CommandName; target: string | null; options: CliOptions }
  /** Help or the version was printed, as asked. */
  | { kind: "done" }
  /** The command line was wrong; commander said how, and what was meant where it could tell. */
  | { kind: "usage-error" };

type OptionName = keyof CliOptions;

const DEFAULTS = { config: "feeds.yaml", data: "data", out: "_site", port: 8080 } as const;

/** Each option once; a command lists the ones it takes. */
const OPTIONS: Record<OptionName, () => Option> = {
  config: () => new Option("--config <file>", "the feed list").default(DEFAULTS.config),
  data: () => new Option("--data <dir>", "the archive folder").default(DEFAULTS.data),
  out: () => new Option("--out <dir>", "the site folder").default(DEFAULTS.out),
  now: () => new Option("--now <iso>", "pin the clock, e.g. 2019-02-21T12:00:00Z (tests, reproducible builds)").argParser(parseInstant),
  json: () => new Option("--json", "machine-readable output (JSON)"),
  strict: () => new Option("--strict", "exit 1 when any feed failed"),
  quiet: () => new Option("--quiet", "print only failures and errors"),
  verbose: () => new Option("--verbose", "print technical detail of failures, and warnings"),
  timings: () => new Option("--timings <file>", "write the time of each stage as JSON"),
  port: () => new Option("--port <n>", "the port to listen on").default(DEFAULTS.port).argParser(parsePort),
  name: () => new Option("--name <name>", "the feed's name (default: the feed's own title)").argParser(parseTypedName),
  category: () => new Option("--category <name>", "a category for the feeds added (repeat for more)").argParser(collectCategory),
  failing: () => new Option("--failing", "list only the feeds that are failing or gone"),
  check: () => new Option("--no-check", "add the feeds without fetching each once to check it"),
};

interface CommandSpec {
  command: CommandName;
  /** The one argument, as usage shows it, or null. */
  argument: { name: string; description: string } | null;
  summary: string;
  options: OptionName[];
  example: string;
}

const COMMANDS: readonly CommandSpec[] = [
  {
    command: "fetch",
    argument: null,
    summary: "fetch every feed and update the archive",
    options: ["config", "data", "now", "json", "strict", "quiet", "verbose", "timings"],
    example: "blogroll fetch --data /srv/blogroll/data --strict",
  },
  {
    command: "render",
    argument: null,
    summary: "render the site from the archive (no network)",
    options: ["config", "data", "out", "now", "json", "quiet", "timings"],
    example: "blogroll render --out _site --now 2019-02-21T12:00:00Z",
  },
  {
    command: "build",
    argument: null,
    summary: "fetch, then render",
    options: ["config", "data", "out", "now", "json", "strict", "quiet", "verbose", "timings"],
    example: "blogroll build --data /srv/blogroll/data --out /srv/blogroll/_site",
  },
  {
    command: "status",
    argument: null,
    summary: "the health of every feed: ok, failing (since when, and why), gone or never checked",
    options: ["config", "data", "json", "failing"],
    example: "blogroll status --failing",
  },
  {
    command: "inspect",
    argument: { name: "<url|file>", description: "the feed's URL, or a feed file" },
    summary: "fetch (or read) one feed and print its normalised, sanitised items; stores nothing",
    options: ["config", "now", "json", "verbose"],
    example: "blogroll inspect https://example.org/feed.xml --verbose",
  },
  {
    command: "serve",
    argument: null,
    summary: "preview the rendered site on http://localhost:8080/, under the path of site.baseUrl",
    options: ["config", "out", "port"],
    example: "blogroll serve --out _site --port 8081",
  },
  {
    command: "add",
    argument: { name: "<site-or-feed-url>", description: "a feed, or a site whose page advertises one" },
    summary: "find the feed, check it, and append it to feeds.yaml",
    options: ["config", "name", "category"],
    example: 'blogroll add https://blog.example.org/ --name "Example" --category Technology',
  },
  {
    command: "remove",
    argument: { name: "<name>", description: "the feed's name (or slug) in feeds.yaml" },
    summary: "remove a feed from feeds.yaml (its archive stays in the data folder)",
    options: ["config", "data"],
    example: 'blogroll remove "Example"',
  },
  {
    command: "opml import",
    argument: { name: "<file|url>", description: "an OPML file or its URL" },
    summary: "check every feed of an OPML file and add those that answer to feeds.yaml (folders become categories)",
    options: ["config", "category", "check"],
    example: "blogroll opml import subscriptions.opml --category Friends",
  },
  {
    command: "opml export",
    argument: null,
    summary: "print feeds.yaml's web feeds as OPML (local files are left out, and named)",
    options: ["config", "data", "now"],
    example: "blogroll opml export > blogroll.opml",
  },
];

/** Commands that hold commands of their own. */
const GROUPS: Readonly<Record<string, string>> = { opml: "import or export the feed list as OPML" };

const EXIT_CODES_HELP = `
Run "blogroll <command> --help" for a command's options and an example.

Exit codes:
  0  the run finished (failed feeds are reported, not fatal)
  1  --strict and a feed failed; or inspect, add, remove, opml import or serve
     could not do what was asked
  2  usage or configuration error: nothing was fetched or written
  3  another run holds the data folder's lock; nothing was done`;

/** Parses the arguments; help, the version and usage errors are written to `io` as they arise. */
export function parseCliArgs(argv: readonly string[], io: CliIo): ParsedArgs {
  let parsed: ParsedArgs | null = null;
  const program = new Command("blogroll")
    .description("A static-site blogroll aggregator: fetch the feeds in feeds.yaml, keep their posts, render a static site.")
    .usage("<command> [options]")
    .version(packageJson.version, "-V, --version", "print the version")
    .helpOption("-h, --help", "print this help")
    .helpCommand("help [command...]", "print a command's help")
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, "")),
      writeErr: (text) => io.err(text.replace(/\n$/, "")),
      // An error may quote what was typed; commander's own line breaks are kept, anything else is shown escaped.
      outputError: (text, write) => write(text.split("\n").map(escapeControls).join("\n")),
    })
    .showHelpAfterError('Run "blogroll --help" for the commands.')
    .exitOverride()
    .addHelpText("after", EXIT_CODES_HELP);

  const groups = new Map<string, Command>();
  const groupOf = (name: string): Command => {
    const group = groups.get(name) ?? program.command(name).description(GROUPS[name] ?? "").showHelpAfterError(`Run "blogroll ${name} --help" for its commands.`);
    groups.set(name, group);
    return group;
  };
  for (const spec of COMMANDS) {
    // `opml import` is the command `import` of the group `opml`.
    const words = spec.command.split(" ");
    const name = words.pop() ?? spec.command;
    const parent = words.length === 0 ? program : groupOf(words.join(" "));
    const command = parent.command(name).description(spec.summary);
    if (spec.argument) command.argument(spec.argument.name, spec.argument.description);
    for (const option of spec.options) command.addOption(OPTIONS[option]());
    command
      .showHelpAfterError(`Run "blogroll ${spec.command} --help" for its options and an example.`)
      .addHelpText("after", `\nExample:\n  ${spec.example}`)
      .action(() => {
        const [target] = command.processedArgs;
        parsed = {
          kind: "run",
          command: spec.command,
          target: typeof target === "string" ? target : null,
          options: cliOptions(command.opts<Record<string, unknown>>()),
        };
      });
  }
  try {
    program.parse(argv[0] === "help" ? helpArguments(program, argv.slice(1)) : [...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? { kind: "done" } : { kind: "usage-error" };
    throw error;
  }
  return parsed ?? { kind: "usage-error" };
}

/**
 * `help opml import` is `opml import --help`: help for a command of a group works too. A word that names no
 * command is passed on without `--help`, so commander reports it and suggests the command meant.
 */
function helpArguments(program: Command, words: readonly string[]): string[] {
  let command = program;
  for (const [index, word] of words.entries()) {
    const next = command.commands.find((candidate) => candidate.name() === word);
    if (next === undefined) return words.slice(0, index + 1);
    command = next;
  }
  return [...words, "--help"];
}

/** Options a command does not take keep their defaults, so every command sees the same shape. */
function cliOptions(values: Record<string, unknown>): CliOptions {
  const text = (value: unknown): string | null => (typeof value === "string" ? value : null);
  const flag = (value: unknown): boolean => value === true;
  return {
    config: text(values.config) ?? DEFAULTS.config,
    data: text(values.data) ?? DEFAULTS.data,
    out: text(values.out) ?? DEFAULTS.out,
    now: values.now instanceof Date ? values.now : new Date(),
    json: flag(values.json),
    strict: flag(values.strict),
    quiet: flag(values.quiet),
    verbose: flag(values.verbose),
    timings: text(values.timings),
    port: typeof values.port === "number" ? values.port : DEFAULTS.port,
    name: text(values.name),
    category: Array.isArray(values.category) ? values.category.filter((category): category is string => typeof category === "string") : [],
    failing: flag(values.failing),
    // commander sets `check` to false for --no-check, and to true by default only where the command takes it.
    check: values.check !== false,
  };
}

function parseInstant(value: string): Date {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) throw new InvalidArgumentError("Not an ISO date and time: write it like 2019-02-21T12:00:00Z.");
  return instant;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError("Not a port number: give one from 0 to 65535 (0 picks a free one).");
  return port;
}

/** A name typed for feeds.yaml: control characters there would reach every terminal that shows it. */
function parseTypedName(value: string): string {
  const controls = controlsIn(value);
  if (controls !== null) throw new InvalidArgumentError(`It holds control characters (${controls}), which feeds.yaml does not take: type it without them.`);
  return value;
}

function collectCategory(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), parseTypedName(value)];
}
