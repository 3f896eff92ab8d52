/** Where the CLI writes; tests pass their own to read what a user would see. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** A live progress line is drawn only on an interactive terminal, never in CI or a pipe. */
  isInteractive: boolean;
  /** Redraws the progress line in place (interactive terminals only). */
  progress(line: string | null): void;
}

/** Set once stdout refuses a write (`blogroll build | head -1`: the reader has gone): output ends, the run does not. */
let stdoutClosed = false;
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  // A closed pipe only means nobody reads any more; any other write error is as fatal as it always was.
  if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  stdoutClosed = true;
});

export const processIo: CliIo = {
  out: (line) => void (stdoutClosed || process.stdout.write(line + "\n")),
  err: (line) => void process.stderr.write(line + "\n"),
  isInteractive: Boolean(process.stderr.isTTY) && !process.env.CI,
  progress: (line) => void process.stderr.write(line === null ? "\r\x1b[K" : `\r\x1b[K${line}`),
};
