// The performance targets of issue 18 ("The hourly build costs what changed"), as measured within one run: ratios of
// builds made on the same machine state, never wall times compared across runs.
import type { BuildName, BuildResult, SizeResult } from "./bench-size.ts";

export interface TargetCheck {
  name: string;
  measured: string;
  target: string;
  pass: boolean;
}

const GIB = 1024 ** 3;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function percent(part: number, whole: number): string {
  return `${((part / whole) * 100).toFixed(1)}%`;
}

/** A build that crashed or timed out measures nothing a target can use. */
function succeeded(result: SizeResult, name: BuildName): BuildResult | null {
  const build = result.builds[name];
  return build && build.exitCode === 0 && !build.timedOut ? build : null;
}

function failed(name: string, target: string, why = "build failed"): TargetCheck {
  return { name, measured: why, target, pass: false };
}

function shareOfCold(result: SizeResult, name: BuildName, label: string, share: number): TargetCheck {
  const title = `${result.size}: ${label} ≤ ${share * 100}% of cold`;
  const cold = succeeded(result, "cold");
  const build = succeeded(result, name);
  if (!cold || !build) return failed(title, `≤ ${share * 100}%`);
  return {
    name: title,
    measured: `${seconds(build.wallMs)} (${percent(build.wallMs, cold.wallMs)})`,
    target: `≤ ${share * 100}%`,
    pass: build.wallMs <= share * cold.wallMs,
  };
}

/** Our build against osmosfeed's same build in the same run, as a multiple of its wall time. */
function againstOsmosfeed(result: SizeResult, ours: BuildName, theirs: "cold" | "rerun", label: string, times: number): TargetCheck {
  const title = `${result.size}: ${label} ≤ ${times} × osmosfeed's ${theirs === "cold" ? "cold build" : "rerun of the same feeds"}`;
  const build = succeeded(result, ours);
  const peer = result.osmosfeed;
  if (!peer?.ran) return failed(title, `≤ ${times} ×`, peer ? `osmosfeed not measured: ${peer.reason}` : "osmosfeed not run");
  if (!build) return failed(title, `≤ ${times} ×`);
  const bound = peer[theirs].wallMs;
  return { name: title, measured: `${seconds(build.wallMs)} (${(build.wallMs / bound).toFixed(2)} ×)`, target: `≤ ${seconds(times * bound)}`, pass: build.wallMs <= times * bound };
}

/** The whole process tree (Pagefind's process included) at its peak, over every build that ran: a build that crashed still used the memory it reached. */
function treePeak(result: SizeResult, gib: number): TargetCheck {
  const title = `${result.size}: whole-tree peak memory ≤ ${gib} GiB in every build`;
  const peaks = Object.values(result.builds).map((build) => build.treePeakRssBytes);
  if (peaks.length === 0 || peaks.some(Number.isNaN)) return failed(title, `≤ ${gib.toFixed(2)} GiB`, "not measured (no /proc)");
  const peak = Math.max(...peaks);
  return { name: title, measured: `${(peak / GIB).toFixed(2)} GiB`, target: `≤ ${gib.toFixed(2)} GiB`, pass: peak <= gib * GIB };
}

/** An upgrade that changes no record must not rebuild a search segment: the costliest output is keyed by what it holds. */
function upgradeKeepsSegments(result: SizeResult): TargetCheck {
  const title = `${result.size}: an upgrade that changes no record makes no search segment again`;
  const build = succeeded(result, "upgrade");
  if (!build) return failed(title, "0 segments");
  const segments = build.made.searchSegments;
  if (!segments) return failed(title, "0 segments", `n/a: the CLI does not report segments (${seconds(build.wallMs)})`);
  return { name: title, measured: `${segments.made} of ${segments.total} (${seconds(build.wallMs)})`, target: "0 segments", pass: segments.made === 0 };
}

const FILE_LIMIT = 20_000;

export function sizeTargets(result: SizeResult): TargetCheck[] {
  if (result.size === "small") {
    return [
      shareOfCold(result, "oneChanged", "one feed changed", 0.15),
      againstOsmosfeed(result, "oneChanged", "rerun", "one feed changed", 1.5),
      shareOfCold(result, "unchanged", "nothing changed", 0.1),
      againstOsmosfeed(result, "cold", "cold", "cold build", 2.5),
      treePeak(result, 1.5),
      upgradeKeepsSegments(result),
    ];
  }
  const cold = succeeded(result, "cold");
  const coldTitle = "large: cold build ≤ 180 s wall";
  const files = Math.max(0, ...Object.values(result.builds).map((build) => build.siteFiles));
  return [
    shareOfCold(result, "oneChanged", "one feed changed", 0.1),
    cold ? { name: coldTitle, measured: seconds(cold.wallMs), target: "≤ 180.00 s", pass: cold.wallMs <= 180_000 } : failed(coldTitle, "≤ 180.00 s"),
    treePeak(result, 3),
    { name: `large: the site in fewer than ${FILE_LIMIT} files (Cloudflare Pages' limit)`, measured: `${files} files`, target: `< ${FILE_LIMIT}`, pass: files > 0 && files < FILE_LIMIT },
    upgradeKeepsSegments(result),
  ];
}

/** Ten times the feeds should cost at most 10.5 times the time: the build scales linearly. */
export function scalingTarget(small: SizeResult, large: SizeResult): TargetCheck {
  const title = "large cold ≤ 10.5 × small cold";
  const smallCold = succeeded(small, "cold");
  const largeCold = succeeded(large, "cold");
  if (!smallCold || !largeCold) return failed(title, "≤ 10.5 ×");
  const ratio = largeCold.wallMs / smallCold.wallMs;
  return { name: title, measured: `${ratio.toFixed(2)} ×`, target: "≤ 10.5 ×", pass: ratio <= 10.5 };
}
