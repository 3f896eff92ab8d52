// Runs the real CLI in this process and keeps what it printed.
import { main } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/io.ts";

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => void out.push(line),
    err: (line) => void err.push(line),
    isInteractive: false,
    progress: () => undefined,
  };
  const code = await main(argv, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}
