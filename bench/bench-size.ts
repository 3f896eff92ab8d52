// One benchmark size end to end: corpus on loopback hosts, the floor, then the builds (cold, nothing changed, one feed
// changed, and an upgrade of the program that changes no record), each a child process running the real CLI.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { addPost, generateCorpus, type Corpus, type CorpusFeed } from "./corpus.ts";
import { distinctWordsPerPost, postWords, type DistinctAt } from "./distinct-words.ts";
import { feedDocument, feedPath, feedUrl } from "./feed-document.ts";
import { measureFloor, type FloorMeasurement } from "./floor.ts";
import { measureProcess, type ProcessMeasurement } from "./measure-process.ts";
import { prepareOsmosfeed, type OsmosfeedResult } from "./osmosfeed.ts";
import { compareSnapshots, snapshotOutDir, type OutDirChanges } from "./out-dir-snapshot.ts";
import { madeAgain, type MadeAgain } from "./render-report.ts";
import { upgradedProgram } from "./upgraded-program.ts";
import { startCorpusServer, type CorpusServer, type StatusCounts } from "./server.ts";
import { readStageTimings, type StageTimes } from "./stage-timings-file.ts";
import { readToolFloors, type ToolFloors } from "./tool-floors.ts";

export type SizeName = "small" | "large";

export const SIZES: Record<SizeName, { feeds: number; postsPerFeed: number }> = {
  small: { feeds: 100, postsPerFeed: 50 },
  large: { feeds: 1_000, postsPerFeed: 50 },
};

export interface BenchSettings {
  latencyMs: number;
  /** Loopback hosts the feeds are spread over, as feeds on the web come from many hosts. */
  hosts: number;
  concurrency: number;
  perHostConcurrency: number;
  seed: number;
}

/** Per host, the project's default (two at a time): with feeds on many hosts, the default is what an owner runs. */
export const DEFAULT_SETTINGS: BenchSettings = { latencyMs: 20, hosts: 50, concurrency: 16, perHostConcurrency: 2, seed: 2025 };

export type BuildName = "cold" | "unchanged" | "oneChanged" | "upgrade";

export interface BuildResult extends ProcessMeasurement {
  /** Null when the CLI wrote no `--timings` file. */
  stages: StageTimes | null;
  /** What the corpus server answered during the build, by HTTP status. */
  responses: StatusCounts;
  /** What the CLI says it made again (from `--json`). */
  made: MadeAgain;
  /** Files in the site folder after the build. */
  siteFiles: number;
}

export interface SizeResult {
  size: SizeName;
  feeds: number;
  postsPerFeed: number;
  corpusBytes: number;
  settings: BenchSettings;
  floor: FloorMeasurement;
  /** The least fetch time the concurrency allows: ceil(feeds / concurrency) × latency. */
  fetchAllowanceMs: number;
  /** The builds that ran, in order; a failed build ends the sequence. */
  builds: Partial<Record<BuildName, BuildResult>>;
  /** Why the builds stopped early (a crash, a timeout); null when all three succeeded. */
  failure: string | null;
  /** What the build with nothing changed did to the site folder; null when it did not succeed. */
  unchangedOutDir: OutDirChanges | null;
  /** The render's tools alone on what the cold build rendered; null when the cold build failed or they could not run. */
  toolFloors: ToolFloors | null;
  /** Null when not attempted for this size. */
  osmosfeed: OsmosfeedResult | null;
  /** Median distinct words per post of the generated corpus, at the lengths the real corpus is reported at. */
  vocabulary: DistinctAt[];
}

// Fixed instants keep the corpus and the site identical from run to run; each build happens an hour
// after the last, as a cron job would run it.
const NEWEST_POST = new Date("2025-06-01T08:00:00Z");
const BUILD_TIMES: Record<BuildName, string> = {
  cold: "2025-06-01T12:00:00Z",
  unchanged: "2025-06-01T13:00:00Z",
  oneChanged: "2025-06-01T14:00:00Z",
  upgrade: "2025-06-01T15:00:00Z",
};
const NEW_POST = new Date("2025-06-01T13:30:00Z");

const CONTENT_TYPES: Record<CorpusFeed["format"], string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  rdf: "application/rdf+xml; charset=utf-8",
};

function publish(server: CorpusServer, feed: CorpusFeed): Buffer {
  const body = Buffer.from(feedDocument(feed), "utf8");
  server.put(feedPath(feed), body, CONTENT_TYPES[feed.format], feed.posts[0]?.published ?? NEWEST_POST);
  return body;
}

function feedsYaml(feeds: readonly CorpusFeed[], settings: BenchSettings): string {
  return stringify({
    site: { title: "Blogroll benchmark", baseUrl: "http://localhost:8080/" },
    fetch: { concurrency: settings.concurrency, perHostConcurrency: settings.perHostConcurrency },
    feeds: feeds.map((feed, index) => ({
      name: feed.name,
      url: feedUrl(feed),
      categories: [index % 3 === 0 ? "Programming" : "Life", ...(index % 5 === 0 ? ["Notes"] : [])],
    })),
  });
}

// A single build of the large corpus may take minutes on a slow machine; an hour means it hangs.
const BUILD_TIMEOUT_MS = 3_600_000;

/** The build's fatal line (a V8 heap exhaustion, an uncaught error) when its log has one. */
async function describeFailure(name: BuildName, result: BuildResult, logFile: string): Promise<string> {
  const log = await readFile(logFile, "utf8").catch(() => "");
  const fatal = log.split("\n").find((line) => /^(FATAL ERROR|\w*Error\b)/.test(line));
  const how = result.timedOut ? `ran past ${BUILD_TIMEOUT_MS / 60_000} minutes and was stopped` : `exited with code ${result.exitCode}`;
  return `the "${name}" build ${how} after ${(result.wallMs / 1000).toFixed(1)} s${fatal ? ` (${fatal.trim()})` : ""}; see ${logFile}`;
}

export interface SizeRun {
  repoDir: string;
  workDir: string;
  size: SizeName;
  settings: BenchSettings;
  /** Run osmosfeed on the same corpus too. */
  withOsmosfeed: boolean;
  /** Progress lines for the terminal. */
  say: (line: string) => void;
}

/** Eleventy, Pagefind and the file system alone on the cold build's site, in a process of their own. */
async function measureToolFloors(run: SizeRun, configFile: string, dataDir: string, outDir: string, dir: string): Promise<ToolFloors | null> {
  run.say(`${run.size}: measuring Eleventy, Pagefind and writing alone on the same site`);
  const outFile = join(dir, "tool-floors.json");
  const measured = await measureProcess({
    cwd: run.repoDir,
    argv: ["bench/tool-floors.ts", configFile, dataDir, outDir, join(dir, "tool-floors"), outFile],
    logFile: join(dir, "tool-floors.log"),
    usageFile: join(dir, "tool-floors.usage.json"),
    timeoutMs: BUILD_TIMEOUT_MS,
  });
  const floors = measured.exitCode === 0 ? await readToolFloors(outFile) : null;
  if (floors === null) run.say(`${run.size}: the tool floors could not be measured (see ${join(dir, "tool-floors.log")})`);
  return floors;
}

/** Counting every post of the large corpus would take longer than it tells: a spread sample of this many is enough. */
const VOCABULARY_SAMPLE = 2_000;

function corpusVocabulary(corpus: Corpus): DistinctAt[] {
  const posts = corpus.feeds.flatMap((feed) => feed.posts);
  const step = Math.max(1, Math.floor(posts.length / VOCABULARY_SAMPLE));
  return distinctWordsPerPost(posts.filter((_, index) => index % step === 0).map((post) => postWords(post.html)));
}

async function countFiles(dir: string): Promise<number> {
  return (await snapshotOutDir(dir)).size;
}

export async function benchSize(run: SizeRun): Promise<SizeResult> {
  const { feeds, postsPerFeed } = SIZES[run.size];
  const { settings, say } = run;
  const dir = join(run.workDir, run.size);
  const dataDir = join(dir, "data");
  const outDir = join(dir, "site");
  const configFile = join(dir, "feeds.yaml");
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });

  const server = await startCorpusServer({ latencyMs: settings.latencyMs, hosts: settings.hosts });
  try {
    say(`${run.size}: generating ${feeds} feeds × ${postsPerFeed} posts on ${settings.hosts} hosts`);
    const corpus = generateCorpus({ feeds, postsPerFeed, seed: settings.seed, origins: server.origins, newest: NEWEST_POST });
    const bodies = corpus.feeds.map((feed) => publish(server, feed));
    await writeFile(configFile, feedsYaml(corpus.feeds, settings));
    const vocabulary = corpusVocabulary(corpus);

    say(`${run.size}: measuring the floor (rss-parser + sanitize-html in process)`);
    const floor = await measureFloor(bodies);

    const logFileOf = (name: BuildName): string => join(dir, `${name}.log`);
    const build = async (name: BuildName, programDir: string): Promise<BuildResult> => {
      say(`${run.size}: build "${name}"`);
      server.resetCounts();
      const timingsFile = join(dir, `${name}.timings.json`);
      await rm(timingsFile, { force: true });
      const measured = await measureProcess({
        cwd: programDir,
        argv: [join(programDir, "bin/blogroll.js"), "build", "--config", configFile, "--data", dataDir, "--out", outDir, "--now", BUILD_TIMES[name], "--timings", timingsFile, "--json"],
        logFile: logFileOf(name),
        usageFile: join(dir, `${name}.usage.json`),
        timeoutMs: BUILD_TIMEOUT_MS,
      });
      const output = await readFile(logFileOf(name), "utf8").catch(() => "");
      return { ...measured, stages: await readStageTimings(timingsFile), responses: server.counts(), made: madeAgain(output), siteFiles: await countFiles(outDir) };
    };

    const peer = run.withOsmosfeed
      ? await prepareOsmosfeed({ installDir: join(run.workDir, "osmosfeed"), runDir: join(dir, "osmosfeed"), feedUrls: corpus.feeds.map(feedUrl), say })
      : null;
    const peerRuns: Partial<Record<"cold" | "rerun", ProcessMeasurement>> = {};
    let peerProblem: string | null = typeof peer === "string" ? peer : null;
    const peerBuild = async (name: "cold" | "rerun"): Promise<void> => {
      if (peer === null || typeof peer === "string" || peerProblem !== null) return;
      const measured = await peer.build(name);
      if (typeof measured === "string") peerProblem = measured;
      else peerRuns[name] = measured;
    };

    const builds: Partial<Record<BuildName, BuildResult>> = {};
    let failure: string | null = null;
    let unchangedOutDir: OutDirChanges | null = null;
    let toolFloors: ToolFloors | null = null;
    for (const name of ["cold", "unchanged", "oneChanged", "upgrade"] as const) {
      if (name === "oneChanged") {
        publish(server, addPost(corpus, Math.floor(feeds / 2), NEW_POST));
        // osmosfeed's hourly job on the same change, side by side with ours.
        await peerBuild("rerun");
      }
      // The same program, one comment different: what an upgrade that changes no record costs.
      const upgraded = name === "upgrade" ? await upgradedProgram(run.repoDir) : null;
      const before = name === "unchanged" ? await snapshotOutDir(outDir) : null;
      const result = await build(name, upgraded?.dir ?? run.repoDir).finally(() => upgraded?.remove());
      builds[name] = result;
      // Exit code 0 includes runs where feeds failed; anything else means a broken build, and the
      // builds after it would measure a different starting state.
      if (result.exitCode !== 0 || result.timedOut) {
        failure = await describeFailure(name, result, logFileOf(name));
        say(`${run.size}: ${failure}`);
        break;
      }
      if (before) unchangedOutDir = compareSnapshots(before, await snapshotOutDir(outDir));
      if (name === "cold") {
        toolFloors = await measureToolFloors(run, configFile, dataDir, outDir, dir);
        await peerBuild("cold");
      }
    }
    const osmosfeed: OsmosfeedResult | null =
      peer === null
        ? null
        : peerProblem !== null
          ? { ran: false, reason: peerProblem }
          : peerRuns.cold && peerRuns.rerun && typeof peer !== "string"
            ? { ran: true, version: peer.version, cold: peerRuns.cold, rerun: peerRuns.rerun }
            : { ran: false, reason: "our builds stopped before its runs" };

    return {
      size: run.size,
      feeds,
      postsPerFeed,
      corpusBytes: floor.bytes,
      settings,
      floor,
      fetchAllowanceMs: Math.ceil(feeds / Math.min(settings.concurrency, settings.hosts * settings.perHostConcurrency)) * settings.latencyMs,
      builds,
      failure,
      unchangedOutDir,
      toolFloors,
      osmosfeed,
      vocabulary,
    };
  } finally {
    await server.close();
  }
}
