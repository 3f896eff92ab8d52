/** Where the CLI writes; tests pass their own to read what a user would see. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** A live progress line is drawn only on an interactive terminal, never in CI or a pipe. */
  isInteractive: boolean;
  /** Redraws the progress line in place (interactive terminals only). */
  progress(line: string | null): void;
}

export const processIo: CliIo = {
  out: (line) => void process.stdout.write(line + "\n"),
  err: (line) => void process.stderr.write(line + "\n"),
  isInteractive: Boolean(process.stderr.isTTY) && !process.env.CI,
  progress: (line) => void process.stderr.write(line === null ? "\r\x1b[K" : `\r\x1b[K${line}`),
};
