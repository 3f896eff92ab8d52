// Runs a Node program in a child process and measures it from outside (wall time, and the memory of its whole process
// tree sampled from /proc) and inside (CPU and peak RSS as the kernel counted them), so nothing in the benchmark's own
// process inflates or hides the numbers.
import { spawn } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync } from "node:fs";
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
function parentsOfAll(): Map<number, number> {
  const parents = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return parents;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (Number.isInteger(parent)) parents.set(Number(entry), parent);
    } catch {
      // A process may end between the listing and the read: it is simply not in the tree any more.
    }
  }
  return parents;
}

/** `root` and every process descended from it, as /proc shows them now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, parent] of parentsOfAll()) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const tree: number[] = [];
  for (const queue = [root]; queue.length > 0; ) {
    const pid = queue.pop() ?? root;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** VmRSS of a process now; 0 once it has ended. */
function residentBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

// How often the parent looks at the child's tree in /proc: often enough to catch the search indexer's peak, which lasts
// seconds; the child's own numbers, for a child that dies without reporting, come from the same samples. Finding the
// tree means reading every process's stat (some milliseconds of CPU on a machine that is being measured), so it is
// found again only every tenth sample; a process is counted from at most half a second after it starts.
const SAMPLE_EVERY_MS = 50;
const FIND_TREE_EVERY = 10;

/** Samples a running process's tree: call `sample` every interval, read the peak at the end. */
class TreeSampler {
  peakBytes = 0;
  mostProcesses = 0;
  sampled = false;
  private members: number[] = [];
  private count = 0;
  private readonly root: number;

  constructor(root: number) {
    this.root = root;
  }

  sample(): void {
    if (this.count++ % FIND_TREE_EVERY === 0) this.members = processTree(this.root);
    const sizes = this.members.map(residentBytes);
    const live = sizes.filter((size) => size > 0).length;
    if (live === 0) return;
    this.sampled = true;
    this.peakBytes = Math.max(this.peakBytes, sizes.reduce((sum, size) => sum + size, 0));
    this.mostProcesses = Math.max(this.mostProcesses, live);
  }
}

export async function measureProcess(run: ProcessRun): Promise<ProcessMeasurement> {
  await rm(run.usageFile, { force: true });
  const log = createWriteStream(run.logFile);
  let timedOut = false;
  const samples: { last: ProcSample | null; tree: TreeSampler | null } = { last: null, tree: null };
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
    if (child.pid !== undefined) samples.tree = new TreeSampler(child.pid);
    let sampling = false;
    const sampler = setInterval(() => {
      // A slow sample (a busy machine) is not stacked on by the next one.
      if (child.pid === undefined || sampling) return;
      sampling = true;
      samples.tree?.sample();
      void sampleProc(child.pid).then((sample) => {
        sampling = false;
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
    treePeakRssBytes: samples.tree?.sampled ? samples.tree.peakBytes : Number.NaN,
    treeProcesses: samples.tree?.mostProcesses ?? 0,
  };
}
