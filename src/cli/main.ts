// The `blogroll` command line: parse the arguments, run one command, return the exit code.
import { parseCliArgs } from "./args.ts";
import { processIo, type CliIo } from "./io.ts";
import { EXIT_FEEDS_FAILED, EXIT_OK, EXIT_USAGE, loadConfigOrExplain, runPipeline } from "./commands.ts";
import { runStatus } from "./status.ts";
import { runInspect } from "./inspect.ts";
import { runServe } from "./static-server.ts";
import { runAdd, runOpmlExport, runOpmlImport, runRemove } from "./manage-feeds.ts";

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseCliArgs(argv, io);
  if (parsed.kind === "done") return EXIT_OK;
  if (parsed.kind === "usage-error") return EXIT_USAGE;
  const { command, target, options } = parsed;
  if (command === "fetch" || command === "render" || command === "build") return runPipeline(command, options, io);
  if (command === "serve") return runServe(options, io);
  const config = await loadConfigOrExplain(options, io);
  if (!config) return EXIT_USAGE;
  switch (command) {
    case "status":
      await runStatus(config, options, io);
      return EXIT_OK;
    case "opml export":
      await runOpmlExport(config, options, io);
      return EXIT_OK;
  }
  if (target === null) {
    // Not reached: the grammar requires the argument of each of these commands.
    io.err(`blogroll ${command} needs its argument: run "blogroll ${command} --help".`);
    return EXIT_USAGE;
  }
  const done =
    command === "inspect" ? await runInspect(target, config, options, io)
    : command === "add" ? await runAdd(target, config, options, io)
    : command === "remove" ? await runRemove(target, config, options, io)
    : await runOpmlImport(target, config, options, io);
  return done ? EXIT_OK : EXIT_FEEDS_FAILED;
}
