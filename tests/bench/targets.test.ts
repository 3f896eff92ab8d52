import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type BuildName, type BuildResult, type SizeName, type SizeResult } from "../../bench/bench-size.ts";
import type { ProcessMeasurement } from "../../bench/measure-process.ts";
import { scalingTarget, sizeTargets, type TargetCheck } from "../../bench/targets.ts";

const GIB = 1024 ** 3;

function build(wallMs: number, extra: Partial<BuildResult> = {}): BuildResult {
  return {
    exitCode: 0,
    timedOut: false,
    wallMs,
    cpuMs: wallMs,
    maxRssBytes: 0.5 * GIB,
    treePeakRssBytes: 1 * GIB,
    treeProcesses: 2,
    stages: null,
    responses: {},
    made: { pagesMade: null, pages: null, searchSegments: null },
    siteFiles: 6_000,
    ...extra,
  };
}

function peerRun(wallMs: number): ProcessMeasurement {
  return { exitCode: 0, timedOut: false, wallMs, cpuMs: wallMs, maxRssBytes: GIB / 2, treePeakRssBytes: GIB / 2, treeProcesses: 1 };
}

function result(size: SizeName, builds: Partial<Record<BuildName, BuildResult>>): SizeResult {
  return {
    size,
    feeds: 100,
    postsPerFeed: 50,
    corpusBytes: 0,
    settings: DEFAULT_SETTINGS,
    floor: { wallMs: 1, cpuMs: 1, documents: 1, items: 1, bytes: 1 },
    fetchAllowanceMs: 140,
    builds,
    failure: null,
    unchangedOutDir: null,
    toolFloors: null,
    osmosfeed: { ran: true, version: "1.15.1", cold: peerRun(8_000), rerun: peerRun(2_000) },
    vocabulary: [],
  };
}

function check(checks: readonly TargetCheck[], start: string): TargetCheck {
  const found = checks.find((candidate) => candidate.name.startsWith(start));
  if (!found) throw new Error(`no target named "${start}…" in ${checks.map((candidate) => candidate.name).join("; ")}`);
  return found;
}

describe("issue 18's targets", () => {
  it("judges small's hourly builds against its cold build and against osmosfeed's same builds", () => {
    const met = sizeTargets(result("small", { cold: build(20_000), unchanged: build(1_900), oneChanged: build(2_900) }));
    expect(check(met, "small: one feed changed ≤ 15% of cold").pass).toBe(true);
    expect(check(met, "small: one feed changed ≤ 1.5 × osmosfeed's rerun").pass).toBe(true);
    expect(check(met, "small: nothing changed ≤ 10% of cold").pass).toBe(true);
    expect(check(met, "small: cold build ≤ 2.5 × osmosfeed's cold").pass).toBe(true);
    const missed = sizeTargets(result("small", { cold: build(20_100), unchanged: build(2_100), oneChanged: build(3_100) }));
    expect(check(missed, "small: one feed changed ≤ 1.5 × osmosfeed's rerun").pass).toBe(false);
    expect(check(missed, "small: nothing changed ≤ 10% of cold").pass).toBe(false);
    expect(check(missed, "small: cold build ≤ 2.5 × osmosfeed's cold").pass).toBe(false);
  });

  it("counts the whole process tree's peak in every build, and says when it could not be measured", () => {
    const over = sizeTargets(result("small", { cold: build(20_000), oneChanged: build(2_000, { treePeakRssBytes: 1.6 * GIB }) }));
    expect(check(over, "small: whole-tree peak").pass).toBe(false);
    const unmeasured = sizeTargets(result("small", { cold: build(20_000, { treePeakRssBytes: Number.NaN }) }));
    expect(check(unmeasured, "small: whole-tree peak")).toMatchObject({ pass: false, measured: "not measured (no /proc)" });
  });

  it("wants an upgrade that changes no record to make no search segment, and misses it when the CLI does not say", () => {
    const kept = build(3_000, { made: { pagesMade: 855, pages: 855, searchSegments: { total: 12, made: 0 } } });
    expect(check(sizeTargets(result("small", { cold: build(20_000), upgrade: kept })), "small: an upgrade").pass).toBe(true);
    const silent = check(sizeTargets(result("small", { cold: build(20_000), upgrade: build(3_000) })), "small: an upgrade");
    expect(silent.pass).toBe(false);
    expect(silent.measured).toMatch(/n\/a/);
  });

  it("holds large to 180 s, fewer than 20,000 files, 3 GiB, and 10.5 × small's cold build", () => {
    const large = result("large", { cold: build(179_000, { treePeakRssBytes: 2.9 * GIB }), oneChanged: build(17_000, { siteFiles: 19_999 }) });
    expect(sizeTargets(large).every((target) => target.pass || target.name.includes("upgrade"))).toBe(true);
    const tooMany = sizeTargets(result("large", { cold: build(179_000, { siteFiles: 20_000 }) }));
    expect(check(tooMany, "large: the site in fewer than 20000 files").pass).toBe(false);
    expect(scalingTarget(result("small", { cold: build(17_100) }), large).pass).toBe(true);
    expect(scalingTarget(result("small", { cold: build(16_000) }), large).pass).toBe(false);
  });
});
