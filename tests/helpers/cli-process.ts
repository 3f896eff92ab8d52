// Runs the real `blogroll` binary as a child process, as a user's shell or cron would.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CliRun } from "./cli.ts";

export const BLOGROLL_BIN = fileURLToPath(new URL("../../bin/blogroll.js", import.meta.url));

function start(argv: readonly string[], cwd?: string): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BLOGROLL_BIN, ...argv], { cwd, env: { ...process.env, CI: "1" } });
}

/** Runs one command to its end; stdout and stderr exactly as written (a trailing newline dropped). */
export function runBinary(argv: readonly string[], cwd?: string): Promise<CliRun> {
  const child = start(argv, cwd);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) =>
      done({ code: code ?? -1, out: Buffer.concat(out).toString("utf8").replace(/\n$/, ""), err: Buffer.concat(err).toString("utf8").replace(/\n$/, "") }),
    );
  });
}

export interface RunningBinary {
  /** The first line the command printed. */
  firstLine: string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number>;
}

/** Starts a command that runs until stopped (`serve`), once it has printed its first line. */
export function startBinary(argv: readonly string[], cwd?: string): Promise<RunningBinary> {
  const child = start(argv, cwd);
  const exited = new Promise<number>((done) => child.on("close", (code) => done(code ?? -1)));
  let out = "";
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  return new Promise((done, fail) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const end = out.indexOf("\n");
      if (end === -1) return;
      done({
        firstLine: out.slice(0, end),
        stop: () => {
          child.kill("SIGTERM");
          return exited;
        },
      });
    });
    void exited.then((code) => fail(new Error(`blogroll ${argv.join(" ")} exited ${code} before printing a line: ${err}`)));
  });
}
