// The performance targets of the issue "Speed and shape of the build", as ratios measured within one run.
import type { BuildName, BuildResult, SizeResult } from "./bench-size.ts";

export interface TargetCheck {
  name: string;
  measured: string;
  target: string;
  pass: boolean;
}

const GB = 1024 ** 3;

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

function failed(name: string, target: string): TargetCheck {
  return { name, measured: "build failed", target, pass: false };
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

export function sizeTargets(result: SizeResult): TargetCheck[] {
  const cold = succeeded(result, "cold");
  const checks: TargetCheck[] = [];
  if (result.size === "small") {
    const title = "small: cold build ≤ 2 × (floor + fetch allowance)";
    const bound = 2 * (result.floor.wallMs + result.fetchAllowanceMs);
    checks.push(cold ? { name: title, measured: seconds(cold.wallMs), target: `≤ ${seconds(bound)}`, pass: cold.wallMs <= bound } : failed(title, `≤ ${seconds(bound)}`));
    const peer = result.osmosfeed;
    const peerTitle = "small: cold build ≤ osmosfeed's cold build";
    if (peer?.ran && cold) {
      checks.push({ name: peerTitle, measured: `${seconds(cold.wallMs)} (${(cold.wallMs / peer.cold.wallMs).toFixed(2)} ×)`, target: `≤ ${seconds(peer.cold.wallMs)}`, pass: cold.wallMs <= peer.cold.wallMs });
    } else checks.push(failed(peerTitle, "≤ osmosfeed"));
  }
  checks.push(shareOfCold(result, "unchanged", "nothing changed", 0.1), shareOfCold(result, "oneChanged", "one feed changed", 0.35));
  if (result.size === "large") {
    const title = "large: cold build ≤ 60 s wall";
    checks.push(cold ? { name: title, measured: seconds(cold.wallMs), target: "≤ 60.00 s", pass: cold.wallMs <= 60_000 } : failed(title, "≤ 60.00 s"));
    // A build that crashed still used the memory it reached, so every build that ran counts here.
    const peak = Math.max(...Object.values(result.builds).map((build) => build.maxRssBytes));
    checks.push({ name: "large: peak RSS ≤ 1.5 GiB in every build", measured: `${(peak / GB).toFixed(2)} GiB`, target: "≤ 1.50 GiB", pass: peak <= 1.5 * GB });
  }
  return checks;
}

/** Ten times the feeds should cost at most eleven times the time: the build scales linearly. */
export function scalingTarget(small: SizeResult, large: SizeResult): TargetCheck {
  const title = "large cold ≤ 11 × small cold";
  const smallCold = succeeded(small, "cold");
  const largeCold = succeeded(large, "cold");
  if (!smallCold || !largeCold) return failed(title, "≤ 11 ×");
  const ratio = largeCold.wallMs / smallCold.wallMs;
  return { name: title, measured: `${ratio.toFixed(2)} ×`, target: "≤ 11 ×", pass: ratio <= 11 };
}
