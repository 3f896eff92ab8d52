// The terminal table: one row per build with its stage times, then the floor and the targets.
import type { BuildName, SizeResult } from "./bench-size.ts";
import { STAGE_NAMES } from "./stage-timings-file.ts";
import type { TargetCheck } from "./targets.ts";

const BUILD_LABELS: Record<BuildName, string> = { cold: "cold build", unchanged: "nothing changed", oneChanged: "one feed changed" };

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

export function sizeReport(result: SizeResult): string[] {
  const { settings } = result;
  const header = ["build (ms)", "wall", "cpu", "peak RSS MB", ...STAGE_NAMES, "responses"];
  const rows = (Object.keys(BUILD_LABELS) as BuildName[]).flatMap((name) => {
    const build = result.builds[name];
    if (!build) return [];
    const failed = build.exitCode !== 0 || build.timedOut;
    return [[
      `${BUILD_LABELS[name]}${failed ? " (FAILED)" : ""}`,
      ms(build.wallMs),
      ms(build.cpuMs),
      (build.maxRssBytes / MB).toFixed(0),
      ...STAGE_NAMES.map((stage) => ms(build.stages?.[stage])),
      responses(build.responses),
    ]];
  });
  const { floor, unchangedOutDir: out } = result;
  return [
    `${result.size}: ${result.feeds} feeds × ${result.postsPerFeed} posts, ${(result.corpusBytes / MB).toFixed(1)} MB of feeds, ` +
      `${settings.latencyMs} ms latency, concurrency ${settings.concurrency} (per host ${settings.perHostConcurrency})`,
    ...table([header, ...rows]),
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

function osmosfeedLine(result: SizeResult): string[] {
  const peer = result.osmosfeed;
  if (peer === null) return [];
  if (!peer.ran) return [`osmosfeed: not measured: ${peer.reason}`];
  const ours = result.builds.cold;
  const ratio = ours ? ` (our cold build takes ${(ours.wallMs / peer.cold.wallMs).toFixed(2)} × its wall time)` : "";
  return [
    `osmosfeed ${peer.version} on the same corpus and server: cold ${ms(peer.cold.wallMs)} ms wall, ${ms(peer.cold.cpuMs)} ms cpu, ` +
      `${(peer.cold.maxRssBytes / MB).toFixed(0)} MB peak; rerun ${ms(peer.unchanged.wallMs)} ms wall${ratio}. ` +
      "It keeps summaries only (one page, no archive), neither sends validators nor sanitises, and fetches every new post's page.",
  ];
}

export function targetReport(checks: readonly TargetCheck[]): string[] {
  return table([["target", "measured", "wanted", ""], ...checks.map((check) => [check.name, check.measured, check.target, check.pass ? "PASS" : "MISS"])]);
}
