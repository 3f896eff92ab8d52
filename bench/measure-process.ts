// Runs a Node program in a child process and measures it from outside (wall time, and the memory of its whole process
// tree sampled from /proc) and inside (CPU and peak RSS as the kernel counted them), so nothing in the benchmark's own
// process inflates or hides the numbers.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { ChildUsage } from "./child-usage.ts";

export interface ProcessMeasurement {
  exitCode: number;
  /** True when the process ran past the time limit and was killed. */
  timedOut: boolean;
  wallMs: number;
  /** User + system CPU of the process and of the processes it waited for. */
  cpuMs: number;
  /** The program's own process at its peak (VmHWM). */
  maxRssBytes: number;
  /**
   * The most the process and every process under it (the search indexer's, any worker's) held at once: the peak over
   * samples of the sum of their resident sets. Shared pages count once per process, so this errs high, never low; a
   * spike shorter than the sampling interval may be missed. NaN where there is no /proc to read.
   */
  treePeakRssBytes: number;
  /** The most processes the tree had at one sample. */
  treeProcesses: number;
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

/** The parent of every process on the machine, from field 4 of /proc/<pid>/stat. */
async function parentsOfAll(): Promise<Map<number, number>> {
  const parents = new Map<number, number>();
  const entries = await readdir("/proc").catch(() => []);
  await Promise.all(
    entries.map(async (entry) => {
      if (!/^\d+$/.test(entry)) return;
      // A process may end between the listing and the read: it is simply not in the tree any more.
      const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => null);
      if (stat === null) return;
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (Number.isInteger(parent)) parents.set(Number(entry), parent);
    }),
  );
  return parents;
}

/** `root` and every process descended from it, as /proc shows them now. */
export async function processTree(root: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const [pid, parent] of await parentsOfAll()) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const tree: number[] = [];
  for (const queue = [root]; queue.length > 0; ) {
    const pid = queue.pop() ?? root;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

/** The resident memory of `root` and all its descendants now, and how many there are. */
export async function treeResidentBytes(root: number): Promise<{ bytes: number; processes: number }> {
  const tree = await processTree(root);
  const sizes = await Promise.all(tree.map(residentBytes));
  return { bytes: sizes.reduce((sum, size) => sum + size, 0), processes: sizes.filter((size) => size > 0).length };
}

// How often the parent looks at the child's tree in /proc: often enough to catch the search indexer's peak, which lasts
// seconds; the child's own numbers, for a child that dies without reporting, come from the same samples.
const SAMPLE_EVERY_MS = 50;

export async function measureProcess(run: ProcessRun): Promise<ProcessMeasurement> {
  await rm(run.usageFile, { force: true });
  const log = createWriteStream(run.logFile);
  let timedOut = false;
  const samples: { last: ProcSample | null; treePeak: number; treeProcesses: number; sampling: boolean; ok: boolean } = {
    last: null,
    treePeak: 0,
    treeProcesses: 0,
    sampling: false,
    ok: false,
  };
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
      // A slow sample (a busy machine) is not stacked on by the next one.
      if (child.pid === undefined || samples.sampling) return;
      samples.sampling = true;
      const pid = child.pid;
      void Promise.all([sampleProc(pid), treeResidentBytes(pid)]).then(([sample, tree]) => {
        samples.sampling = false;
        if (!sample) return;
        samples.last = sample;
        samples.ok = true;
        samples.treePeak = Math.max(samples.treePeak, tree.bytes);
        samples.treeProcesses = Math.max(samples.treeProcesses, tree.processes);
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
    treePeakRssBytes: samples.ok ? samples.treePeak : Number.NaN,
    treeProcesses: samples.treeProcesses,
  };
}
