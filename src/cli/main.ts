// The `blogroll` command line: parse the arguments, run one command, return the exit code.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseCliArgs, type CliOptions } from "./args.ts";
import { processIo, type CliIo } from "./io.ts";
import { EXIT_FEEDS_FAILED, EXIT_OK, EXIT_USAGE, loadConfigOrExplain, runPipeline } from "./commands.ts";
import { runStatus } from "./status.ts";
import { runInspect } from "./inspect.ts";
import { serveStatic } from "./static-server.ts";
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

/** Serves `--out` under the path of site.baseUrl, so a site for a sub-path (GitHub project pages) previews as it will run. */
async function runServe(options: CliOptions, io: CliIo): Promise<number> {
  let basePath = "/";
  if (existsSync(resolve(options.config))) {
    const config = await loadConfigOrExplain(options, io);
    if (!config) return EXIT_USAGE;
    basePath = new URL(config.site.baseUrl).pathname;
  }
  const server = await serveStatic(resolve(options.out), { port: options.port, host: "127.0.0.1", basePath });
  io.out(`Serving ${options.out} at ${server.url} (Ctrl+C to stop).`);
  await new Promise<void>((stop) => process.once("SIGINT", stop).once("SIGTERM", stop));
  await server.close();
  return EXIT_OK;
}
