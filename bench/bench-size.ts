// One benchmark size end to end: corpus on a loopback server, the floor, then the three builds
// (cold, nothing changed, one feed changed), each a child process running the real CLI.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { addPost, generateCorpus, type CorpusFeed } from "./corpus.ts";
import { feedDocument, feedPath } from "./feed-document.ts";
import { measureFloor, type FloorMeasurement } from "./floor.ts";
import { measureProcess, type ProcessMeasurement } from "./measure-process.ts";
import { benchOsmosfeed, type OsmosfeedResult } from "./osmosfeed.ts";
import { compareSnapshots, snapshotOutDir, type OutDirChanges } from "./out-dir-snapshot.ts";
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
  concurrency: number;
  perHostConcurrency: number;
  seed: number;
}

export const DEFAULT_SETTINGS: BenchSettings = { latencyMs: 20, concurrency: 16, perHostConcurrency: 16, seed: 2025 };

export type BuildName = "cold" | "unchanged" | "oneChanged";

export interface BuildResult extends ProcessMeasurement {
  /** Null when the CLI wrote no `--timings` file. */
  stages: StageTimes | null;
  /** What the corpus server answered during the build, by HTTP status. */
  responses: StatusCounts;
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
}

// Fixed instants keep the corpus and the site identical from run to run; each build happens an hour
// after the last, as a cron job would run it.
const NEWEST_POST = new Date("2025-06-01T08:00:00Z");
const BUILD_TIMES: Record<BuildName, string> = {
  cold: "2025-06-01T12:00:00Z",
  unchanged: "2025-06-01T13:00:00Z",
  oneChanged: "2025-06-01T14:00:00Z",
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

function feedsYaml(server: CorpusServer, feeds: readonly CorpusFeed[], settings: BenchSettings): string {
  return stringify({
    site: { title: "Blogroll benchmark", baseUrl: "http://localhost:8080/" },
    fetch: { concurrency: settings.concurrency, perHostConcurrency: settings.perHostConcurrency },
    feeds: feeds.map((feed, index) => ({
      name: feed.name,
      url: server.origin + feedPath(feed),
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

export async function benchSize(run: SizeRun): Promise<SizeResult> {
  const { feeds, postsPerFeed } = SIZES[run.size];
  const { settings, say } = run;
  const dir = join(run.workDir, run.size);
  const dataDir = join(dir, "data");
  const outDir = join(dir, "site");
  const configFile = join(dir, "feeds.yaml");
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });

  const server = await startCorpusServer({ latencyMs: settings.latencyMs });
  try {
    say(`${run.size}: generating ${feeds} feeds × ${postsPerFeed} posts`);
    const corpus = generateCorpus({ feeds, postsPerFeed, seed: settings.seed, origin: server.origin, newest: NEWEST_POST });
    const bodies = corpus.feeds.map((feed) => publish(server, feed));
    await writeFile(configFile, feedsYaml(server, corpus.feeds, settings));

    say(`${run.size}: measuring the floor (rss-parser + sanitize-html in process)`);
    const floor = await measureFloor(bodies);

    const build = async (name: BuildName): Promise<BuildResult> => {
      say(`${run.size}: build "${name}"`);
      server.resetCounts();
      const timingsFile = join(dir, `${name}.timings.json`);
      await rm(timingsFile, { force: true });
      const measured = await measureProcess({
        cwd: run.repoDir,
        argv: ["bin/blogroll.js", "build", "--config", configFile, "--data", dataDir, "--out", outDir, "--now", BUILD_TIMES[name], "--timings", timingsFile],
        logFile: logFileOf(name),
        usageFile: join(dir, `${name}.usage.json`),
        timeoutMs: BUILD_TIMEOUT_MS,
      });
      return { ...measured, stages: await readStageTimings(timingsFile), responses: server.counts() };
    };
    const logFileOf = (name: BuildName): string => join(dir, `${name}.log`);

    const builds: Partial<Record<BuildName, BuildResult>> = {};
    let failure: string | null = null;
    let unchangedOutDir: OutDirChanges | null = null;
    let toolFloors: ToolFloors | null = null;
    for (const name of ["cold", "unchanged", "oneChanged"] as const) {
      if (name === "oneChanged") publish(server, addPost(corpus, Math.floor(feeds / 2), NEW_POST));
      const before = name === "unchanged" ? await snapshotOutDir(outDir) : null;
      const result = await build(name);
      builds[name] = result;
      // Exit code 0 includes runs where feeds failed; anything else means a broken build, and the
      // builds after it would measure a different starting state.
      if (result.exitCode !== 0 || result.timedOut) {
        failure = await describeFailure(name, result, logFileOf(name));
        say(`${run.size}: ${failure}`);
        break;
      }
      if (before) unchangedOutDir = compareSnapshots(before, await snapshotOutDir(outDir));
      if (name === "cold") toolFloors = await measureToolFloors(run, configFile, dataDir, outDir, dir);
    }
    const osmosfeed = run.withOsmosfeed
      ? await benchOsmosfeed({
          installDir: join(run.workDir, "osmosfeed"),
          runDir: join(dir, "osmosfeed"),
          feedUrls: corpus.feeds.map((feed) => server.origin + feedPath(feed)),
          say,
        })
      : null;

    return {
      size: run.size,
      feeds,
      postsPerFeed,
      corpusBytes: floor.bytes,
      settings,
      floor,
      fetchAllowanceMs: Math.ceil(feeds / Math.min(settings.concurrency, settings.perHostConcurrency)) * settings.latencyMs,
      builds,
      failure,
      unchangedOutDir,
      toolFloors,
      osmosfeed,
    };
  } finally {
    await server.close();
  }
}
