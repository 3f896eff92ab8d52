// Preloaded into the CLI process the benchmark runs (`node --import`): at exit it writes what the
// kernel counted for this process, so CPU time and peak memory come from the process itself.
import { readFileSync, writeFileSync } from "node:fs";

export interface ChildUsage {
  userMs: number;
  systemMs: number;
  /** CPU of the processes it spawned and waited for (the search indexer), from /proc. */
  childrenCpuMs: number;
  maxRssBytes: number;
}

/** Fields 16 and 17 of /proc/self/stat: cutime and cstime, in clock ticks (100 per second on Linux). */
function waitedChildrenCpuMs(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

const target = process.env["BLOGROLL_BENCH_USAGE_FILE"];
if (target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    const report: ChildUsage = {
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
      childrenCpuMs: waitedChildrenCpuMs(),
      maxRssBytes: usage.maxRSS * 1024,
    };
    writeFileSync(target, JSON.stringify(report));
  });
}
