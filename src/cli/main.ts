// The `blogroll` command line: parse the arguments, run one command, return the exit code. Each command's code is
// loaded only when it runs: Node strips the types of every module it loads, and loading all of them for every
// command doubled the time of `blogroll --version` (0.4 s to 0.8 s).
import { parseCliArgs } from "./args.ts";
import { processIo, type CliIo } from "./io.ts";
import { EXIT_FEEDS_FAILED, EXIT_OK, EXIT_USAGE, loadConfigOrExplain } from "./outcome.ts";

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseCliArgs(argv, io);
  if (parsed.kind === "done") return EXIT_OK;
  if (parsed.kind === "usage-error") return EXIT_USAGE;
  const { command, target, options } = parsed;
  if (command === "fetch" || command === "render" || command === "build") return (await import("./commands.ts")).runPipeline(command, options, io);
  if (command === "serve") return (await import("./static-server.ts")).runServe(options, io);
  const config = await loadConfigOrExplain(options, io);
  if (!config) return EXIT_USAGE;
  switch (command) {
    case "status":
      await (await import("./status.ts")).runStatus(config, options, io);
      return EXIT_OK;
    case "opml export":
      await (await import("./manage-feeds.ts")).runOpmlExport(config, options, io);
      return EXIT_OK;
  }
  if (target === null) {
    // Not reached: the grammar requires the argument of each of these commands.
    io.err(`blogroll ${command} needs its argument: run "blogroll ${command} --help".`);
    return EXIT_USAGE;
  }
  if (command === "inspect") return (await (await import("./inspect.ts")).runInspect(target, config, options, io)) ? EXIT_OK : EXIT_FEEDS_FAILED;
  const feeds = await import("./manage-feeds.ts");
  const done =
    command === "add" ? await feeds.runAdd(target, config, options, io)
    : command === "remove" ? await feeds.runRemove(target, config, options, io)
    : await feeds.runOpmlImport(target, config, options, io);
  return done ? EXIT_OK : EXIT_FEEDS_FAILED;
}
