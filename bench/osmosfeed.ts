// osmosfeed, the closest peer, on the same corpus and servers, when it can be installed: it is never a dependency of
// the project, only a program in bench/.work/ measured like our CLI. It builds cold beside our cold build and again
// after the one new post beside ours, so its rerun is the same hourly job.
import { spawn } from "node:child_process";
import { access, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { measureProcess, type ProcessMeasurement } from "./measure-process.ts";

const PACKAGE = "@osmoscraft/osmosfeed@1.15.1";
const INSTALL_TIMEOUT_MS = 180_000;
const RUN_TIMEOUT_MS = 300_000;

export type OsmosfeedBuild = "cold" | "rerun";

export type OsmosfeedResult =
  | { ran: true; version: string; cold: ProcessMeasurement; rerun: ProcessMeasurement }
  | { ran: false; reason: string };

export interface OsmosfeedRun {
  /** Where the package is installed (`npm install --prefix`), kept between benchmark runs. */
  installDir: string;
  /** Where it builds: its config, its cache and its `public/` site. */
  runDir: string;
  feedUrls: readonly string[];
  say: (line: string) => void;
}

/** osmosfeed installed and configured for the corpus: its builds run when the benchmark's own do, on the same feeds. */
export interface OsmosfeedPeer {
  version: string;
  /** Its build on the feeds as the server has them now; a string says why it failed. */
  build(name: OsmosfeedBuild): Promise<ProcessMeasurement | string>;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function install(installDir: string): Promise<string | null> {
  return new Promise((resolve) => {
    const npm = spawn("npm", ["install", "--prefix", installDir, "--no-audit", "--no-fund", "--no-save", PACKAGE], { stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    npm.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const timer = setTimeout(() => npm.kill("SIGKILL"), INSTALL_TIMEOUT_MS);
    npm.on("error", (error) => resolve(`npm could not start: ${error.message}`));
    npm.on("close", (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? null : `npm install ${PACKAGE} failed (${code ?? "killed"}): ${errors.trim().split("\n").slice(-3).join(" ")}`);
    });
  });
}

function failure(name: string, measured: ProcessMeasurement, logFile: string): string | null {
  if (measured.timedOut) return `its ${name} build ran past ${RUN_TIMEOUT_MS / 1000} s and was stopped (log: ${logFile})`;
  if (measured.exitCode !== 0) return `its ${name} build exited with code ${measured.exitCode} (log: ${logFile})`;
  return null;
}

/** Installs osmosfeed when it is not yet and writes its configuration; a string says why it cannot run. */
export async function prepareOsmosfeed(run: OsmosfeedRun): Promise<OsmosfeedPeer | string> {
  const packageDir = join(run.installDir, "node_modules", "@osmoscraft", "osmosfeed");
  if (!(await exists(join(packageDir, "bin", "main.js")))) {
    run.say(`osmosfeed: installing ${PACKAGE} into ${run.installDir}`);
    await mkdir(run.installDir, { recursive: true });
    const problem = await install(run.installDir);
    if (problem) return problem;
  }
  const { version } = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as { version: string };
  await rm(run.runDir, { recursive: true, force: true });
  await mkdir(run.runDir, { recursive: true });
  // It keeps only items younger than cacheMaxDays by the real clock and has no way to pin it.
  await writeFile(join(run.runDir, "osmosfeed.yaml"), stringify({ cacheMaxDays: 100_000, sources: run.feedUrls.map((href) => ({ href })) }));

  return {
    version,
    async build(name) {
      run.say(`osmosfeed: build "${name}"`);
      const logFile = join(run.runDir, `${name}.log`);
      const measured = await measureProcess({
        cwd: run.runDir,
        argv: [join(packageDir, "main.js")],
        logFile,
        usageFile: join(run.runDir, `${name}.usage.json`),
        timeoutMs: RUN_TIMEOUT_MS,
      });
      return failure(name, measured, logFile) ?? measured;
    },
  };
}
