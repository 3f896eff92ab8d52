// The terminal table: one row per build with its stage times, memory and what it made again, then the floor, the
// vocabulary beside the real feeds', osmosfeed and the targets.
import type { BuildName, BuildResult, SizeResult } from "./bench-size.ts";
import type { DistinctAt } from "./distinct-words.ts";
import { STAGE_NAMES } from "./stage-timings-file.ts";
import type { TargetCheck } from "./targets.ts";

const BUILD_LABELS: Record<BuildName, string> = {
  cold: "cold build",
  unchanged: "nothing changed",
  oneChanged: "one feed changed",
  upgrade: "upgrade, no record changed",
};

const MB = 1024 ** 2;

function ms(value: number | undefined): string {
  return value === undefined ? "n/a" : `${Math.round(value)}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  "));
}

function responses(counts: Record<number, number>): string {
  const parts = Object.entries(counts).map(([status, count]) => `${count}×${status}`);
  return parts.length === 0 ? "none" : parts.join(" ");
}

function megabytes(bytes: number): string {
  return Number.isNaN(bytes) ? "n/a" : (bytes / MB).toFixed(0);
}

function pagesMade(build: BuildResult): string {
  const { pagesMade: made, pages } = build.made;
  if (made === null) return "n/a";
  return pages === null ? `${made}` : `${made}/${pages}`;
}

function segmentsMade(build: BuildResult): string {
  const segments = build.made.searchSegments;
  return segments ? `${segments.made}/${segments.total}` : "n/a";
}

export function sizeReport(result: SizeResult, realVocabulary: RealVocabulary): string[] {
  const { settings } = result;
  const header = ["build (ms)", "wall", "cpu", "own peak MB", "tree peak MB", ...STAGE_NAMES, "pages made", "segments made", "site files", "responses"];
  const rows = (Object.keys(BUILD_LABELS) as BuildName[]).flatMap((name) => {
    const build = result.builds[name];
    if (!build) return [];
    const failed = build.exitCode !== 0 || build.timedOut;
    return [[
      `${BUILD_LABELS[name]}${failed ? " (FAILED)" : ""}`,
      ms(build.wallMs),
      ms(build.cpuMs),
      megabytes(build.maxRssBytes),
      `${megabytes(build.treePeakRssBytes)} (${build.treeProcesses})`,
      ...STAGE_NAMES.map((stage) => ms(build.stages?.[stage])),
      pagesMade(build),
      segmentsMade(build),
      `${build.siteFiles}`,
      responses(build.responses),
    ]];
  });
  const { floor, unchangedOutDir: out } = result;
  return [
    `${result.size}: ${result.feeds} feeds × ${result.postsPerFeed} posts, ${(result.corpusBytes / MB).toFixed(1)} MB of feeds ` +
      `on ${settings.hosts} loopback hosts, ${settings.latencyMs} ms latency, concurrency ${settings.concurrency} (per host ${settings.perHostConcurrency})`,
    ...table([header, ...rows]),
    "  (own peak: the CLI's process; tree peak: the sum over its process tree, Pagefind's included, sampled every 50 ms, " +
      "with the most processes seen at once; pages and segments made again as the CLI's --json report says, n/a when it does not)",
    ...vocabularyLines(result.vocabulary, realVocabulary),
    `floor (rss-parser + sanitize-html, ${floor.items} items, in process): ${ms(floor.wallMs)} ms wall, ${ms(floor.cpuMs)} ms cpu; ` +
      `fetch allowance ${ms(result.fetchAllowanceMs)} ms`,
    ...(result.failure ? [`builds stopped: ${result.failure}`] : []),
    ...(out ? [`nothing-changed build rewrote ${out.rewritten} of ${out.filesAfter} files in the site folder (added ${out.added}, removed ${out.removed})`] : []),
    ...toolFloorLines(result),
    ...osmosfeedLine(result),
  ];
}

function ratio(part: number | undefined, whole: number): string {
  return part === undefined || whole <= 0 ? "n/a" : `${(part / whole).toFixed(2)} ×`;
}

/** The cold build stage by stage beside the same work done by its tools alone, and what the site weighs. */
function toolFloorLines(result: SizeResult): string[] {
  const cold = result.builds.cold;
  const floors = result.toolFloors;
  if (!cold || !floors) return [];
  const stages = cold.stages ?? {};
  const ingest = stages.fetch;
  const posts = floors.records;
  return [
    "cold build, stage by stage, beside its tools alone (ms):",
    ...table([
      ["stage", "build", "tools alone", "distance", "the tools alone"],
      ["ingest (fetch, parse, sanitise, archive)", ms(ingest), ms(result.floor.wallMs), ratio(ingest, result.floor.wallMs), "rss-parser + sanitize-html, one thread"],
      ["pages", ms(stages.pages), ms(floors.eleventyMs), ratio(stages.pages, floors.eleventyMs), `Eleventy over the same ${floors.pages} pages`],
      ["search index", ms(stages.search), ms(floors.pagefindMs), ratio(stages.search, floors.pagefindMs), `Pagefind over the same ${floors.records} records`],
      ["whole render (pages, feeds, files, search beside)", ms(stages.render), ms(floors.writeMs), ratio(stages.render, floors.writeMs), "writing the site's bytes"],
    ]).map((line) => `  ${line}`),
    `site: ${(floors.siteBytes / MB).toFixed(1)} MB in ${floors.siteFiles} files, ${(floors.siteBytes / 1024 / Math.max(1, posts)).toFixed(1)} KB per archived post; ` +
      `search index ${(floors.indexBytes / MB).toFixed(1)} MB in ${floors.indexFiles} files, built in ${ms(stages.search)} ms`,
  ];
}

/** The real feeds' figures, or why there are none. */
export type RealVocabulary = { figures: DistinctAt[]; posts: number; dir: string } | { figures: null; reason: string };

function distinct(figure: DistinctAt | undefined): string {
  return figure === undefined || Number.isNaN(figure.median) ? "n/a" : `${figure.median} (${figure.posts} posts)`;
}

/** Median distinct words in a post's first N words, the generated corpus beside the real feeds. */
function vocabularyLines(corpus: readonly DistinctAt[], real: RealVocabulary): string[] {
  const rows = corpus.map((figure) => [
    `${figure.length} words`,
    distinct(figure),
    real.figures ? distinct(real.figures.find((other) => other.length === figure.length)) : "n/a",
  ]);
  return [
    `vocabulary: median distinct words in a post's first N words (posts at least N long)${real.figures ? `; real feeds read in place from ${real.dir}, ${real.posts} posts` : `; ${real.reason}`}:`,
    ...table([["N", "this corpus", "real feeds"], ...rows]).map((line) => `  ${line}`),
  ];
}

function osmosfeedLine(result: SizeResult): string[] {
  const peer = result.osmosfeed;
  if (peer === null) return [];
  if (!peer.ran) return [`osmosfeed: not measured: ${peer.reason}`];
  const ours = result.builds.cold;
  const ratio = ours ? ` (our cold build takes ${(ours.wallMs / peer.cold.wallMs).toFixed(2)} × its wall time)` : "";
  const changed = result.builds.oneChanged;
  const rerunRatio = changed ? ` (our one-feed-changed build takes ${(changed.wallMs / peer.rerun.wallMs).toFixed(2)} × its wall time)` : "";
  return [
    `osmosfeed ${peer.version} on the same corpus and hosts: cold ${ms(peer.cold.wallMs)} ms wall, ${ms(peer.cold.cpuMs)} ms cpu, ` +
      `${megabytes(peer.cold.maxRssBytes)} MB own peak, ${megabytes(peer.cold.treePeakRssBytes)} MB tree peak${ratio}; ` +
      `rerun after the same new post ${ms(peer.rerun.wallMs)} ms wall, ${megabytes(peer.rerun.treePeakRssBytes)} MB tree peak${rerunRatio}. ` +
      "It keeps summaries only (one page, no archive, no search index), neither sends validators nor sanitises, and fetches every new post's page.",
  ];
}

export function targetReport(checks: readonly TargetCheck[]): string[] {
  return table([["target", "measured", "wanted", ""], ...checks.map((check) => [check.name, check.measured, check.target, check.pass ? "PASS" : "MISS"])]);
}
