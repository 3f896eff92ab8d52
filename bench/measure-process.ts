// Runs a Node program in a child process and measures it from outside (wall time) and inside (CPU
// and peak RSS as the kernel counted them), so nothing in the benchmark's own process inflates or
// hides the numbers.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { ChildUsage } from "./child-usage.ts";

export interface ProcessMeasurement {
  exitCode: number;
  /** True when the process ran past the time limit and was killed. */
  timedOut: boolean;
  wallMs: number;
  /** User + system CPU of the process and of the processes it waited for. */
  cpuMs: number;
  maxRssBytes: number;
}

export interface ProcessRun {
  cwd: string;
  /** The script and its arguments, run by this Node binary. */
  argv: string[];
  /** Where the child's stdout and stderr go, for reading after a failed run. */
  logFile: string;
  usageFile: string;
  timeoutMs: number;
}

const CHILD_USAGE = fileURLToPath(new URL("./child-usage.ts", import.meta.url));

function isChildUsage(value: unknown): value is ChildUsage {
  return typeof value === "object" && value !== null && "userMs" in value && "systemMs" in value && "childrenCpuMs" in value && "maxRssBytes" in value;
}

async function readUsage(file: string): Promise<ChildUsage | null> {
  try {
    const usage: unknown = JSON.parse(await readFile(file, "utf8"));
    return isChildUsage(usage) ? usage : null;
  } catch {
    return null;
  }
}

interface ProcSample {
  cpuMs: number;
  peakRssBytes: number;
}

/** What /proc says of a running process so far: CPU (its own and its reaped children's) and VmHWM, its peak RSS. */
async function sampleProc(pid: number): Promise<ProcSample | null> {
  try {
    const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, "utf8"), readFile(`/proc/${pid}/status`, "utf8")]);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime, stime, cutime, cstime: fields 14-17, in ticks of 10 ms.
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
    const peakKb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(peakKb) ? { cpuMs: ticks * 10, peakRssBytes: peakKb * 1024 } : null;
  } catch {
    return null;
  }
}

// How often the parent looks at the child in /proc, for the numbers of a child that dies without reporting.
const SAMPLE_EVERY_MS = 250;

export async function measureProcess(run: ProcessRun): Promise<ProcessMeasurement> {
  await rm(run.usageFile, { force: true });
  const log = createWriteStream(run.logFile);
  let timedOut = false;
  const samples: { last: ProcSample | null } = { last: null };
  const started = performance.now();
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", CHILD_USAGE, ...run.argv], {
      cwd: run.cwd,
      env: { ...process.env, BLOGROLL_BENCH_USAGE_FILE: run.usageFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, run.timeoutMs);
    const sampler = setInterval(() => {
      if (child.pid === undefined) return;
      void sampleProc(child.pid).then((sample) => {
        if (sample) samples.last = sample;
      });
    }, SAMPLE_EVERY_MS);
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      clearInterval(sampler);
      resolve(code ?? 1);
    });
  });
  const wallMs = performance.now() - started;
  await new Promise<void>((resolve) => log.end(resolve));
  const usage = await readUsage(run.usageFile);
  // A process killed or aborted (V8 out of memory) writes no report: the last /proc sample is the
  // best remaining account of it, short by at most one sampling interval.
  const sampled = samples.last;
  return {
    exitCode,
    timedOut,
    wallMs,
    cpuMs: usage ? usage.userMs + usage.systemMs + usage.childrenCpuMs : (sampled?.cpuMs ?? Number.NaN),
    maxRssBytes: usage ? usage.maxRssBytes : (sampled?.peakRssBytes ?? Number.NaN),
  };
}
