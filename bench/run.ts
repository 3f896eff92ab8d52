// `npm run bench -- small|large`: measures the real CLI on a synthetic corpus and prints the table.
// `large` runs `small` first so its scaling ratio compares two builds made on the same machine state.
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchSize, DEFAULT_SETTINGS, type SizeName, type SizeResult } from "./bench-size.ts";
import { distinctWordsPerPost, realCorpusDir, realCorpusPosts } from "./distinct-words.ts";
import { sizeReport, targetReport, type RealVocabulary } from "./report.ts";
import { scalingTarget, sizeTargets, type TargetCheck } from "./targets.ts";

const REPO_DIR = fileURLToPath(new URL("..", import.meta.url));
const WORK_DIR = join(REPO_DIR, "bench", ".work");
const RESULTS_DIR = join(REPO_DIR, "bench", "results");

function say(line: string): void {
  process.stderr.write(`· ${line}\n`);
}

/** The real feeds' vocabulary, read in place beside the repository; said plainly when they are not there. */
async function realVocabulary(): Promise<RealVocabulary> {
  const dir = realCorpusDir(REPO_DIR);
  const posts = await realCorpusPosts(dir);
  if (posts === null) return { figures: null, reason: `no real feeds to compare with: ${dir} does not exist (a fresh clone has no ../shared)` };
  return { figures: distinctWordsPerPost(posts), posts: posts.length, dir };
}

function sizeFromArgs(argv: readonly string[]): SizeName | null {
  const [size = "small", ...rest] = argv;
  if (rest.length > 0 || (size !== "small" && size !== "large")) return null;
  return size;
}

async function main(argv: readonly string[]): Promise<number> {
  const size = sizeFromArgs(argv);
  if (!size) {
    process.stderr.write("Usage: npm run bench -- small|large\n");
    return 2;
  }
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg()[0] ?? 0;
  const sizes: SizeName[] = size === "large" ? ["small", "large"] : ["small"];
  say("reading the real feeds' vocabulary");
  const real = await realVocabulary();
  const results: SizeResult[] = [];
  for (const name of sizes) {
    results.push(await benchSize({ repoDir: REPO_DIR, workDir: WORK_DIR, size: name, settings: DEFAULT_SETTINGS, withOsmosfeed: name === "small", say }));
  }
  const checks: TargetCheck[] = results.flatMap(sizeTargets);
  const [small, large] = results;
  if (small && large) checks.push(scalingTarget(small, large));

  // Wall times mean little on a machine busy with other work; say how busy it was.
  const machine = { cpus: availableParallelism(), loadBefore, loadAfter: loadavg()[0] ?? 0 };
  const lines = [
    `machine: ${machine.cpus} CPUs, load average ${machine.loadBefore.toFixed(2)} before and ${machine.loadAfter.toFixed(2)} after; node ${process.version}`,
    "",
    ...results.flatMap((result) => [...sizeReport(result, real), ""]),
    ...targetReport(checks),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);

  await mkdir(RESULTS_DIR, { recursive: true });
  // Colons are not allowed in file names everywhere; the basic ISO form keeps them sortable.
  const file = join(RESULTS_DIR, `${size}-${startedAt.replaceAll(":", "").replace(/\.\d+/, "")}.json`);
  await writeFile(file, `${JSON.stringify({ size, date: startedAt, node: process.version, machine, realVocabulary: real, results, checks }, null, 2)}\n`);
  process.stdout.write(`\nresults: ${file}\n`);
  // A missed target is a result; a build that crashed is a failure of the run.
  return results.some((result) => result.failure !== null) ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
