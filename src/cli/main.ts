// The `blogroll` command line: parse the arguments, run one command, return the exit code.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseCliArgs, USAGE } from "./args.ts";
import { processIo, type CliIo } from "./io.ts";
import { EXIT_FEEDS_FAILED, EXIT_OK, EXIT_USAGE, loadConfigOrExplain, runPipeline } from "./commands.ts";
import { runStatus } from "./status.ts";
import { runInspect } from "./inspect.ts";
import { serveStatic } from "./static-server.ts";
import { runAdd, runOpmlExport, runOpmlImport, runRemove } from "./manage-feeds.ts";

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    io.err(parsed.message);
    return EXIT_USAGE;
  }
  const { command, positionals, options } = parsed;
  switch (command) {
    case "fetch":
    case "render":
    case "build":
      return runPipeline(command, options, io);
    case "status": {
      const config = await loadConfigOrExplain(options, io);
      if (!config) return EXIT_USAGE;
      await runStatus(config, options, io);
      return EXIT_OK;
    }
    case "inspect": {
      const [target] = positionals;
      if (!target) {
        io.err("inspect needs a feed URL or file: blogroll inspect https://example.org/feed.xml");
        return EXIT_USAGE;
      }
      const config = await loadConfigOrExplain(options, io);
      if (!config) return EXIT_USAGE;
      return (await runInspect(target, config, options, io)) ? EXIT_OK : EXIT_FEEDS_FAILED;
    }
    case "add":
    case "remove":
    case "opml": {
      const config = await loadConfigOrExplain(options, io);
      if (!config) return EXIT_USAGE;
      const [first, second] = positionals;
      if (command === "opml" && first === "export") {
        await runOpmlExport(config, options, io);
        return EXIT_OK;
      }
      const target = command === "opml" && first === "import" ? second : command === "opml" ? undefined : first;
      if (!target) {
        io.err(`Missing argument.\n\n${USAGE}`);
        return EXIT_USAGE;
      }
      const done =
        command === "add" ? await runAdd(target, config, options, io)
        : command === "remove" ? await runRemove(target, config, options, io)
        : await runOpmlImport(target, config, options, io);
      return done ? EXIT_OK : EXIT_FEEDS_FAILED;
    }
    case "serve": {
      // Served under the path of site.baseUrl, so a site for a sub-path (GitHub project pages) previews as it will run.
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
    default:
      io.err(`Unknown command "${command}".\n\n${USAGE}`);
      return EXIT_USAGE;
  }
}
