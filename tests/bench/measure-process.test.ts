import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { measureProcess, processTree } from "../../bench/measure-process.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const MB = 1024 ** 2;
const hasProc = existsSync("/proc/self/stat");

// Holds `mb` megabytes resident (written, so the pages are real) for `ms`, then exits.
const holder = (mb: number, ms: number): string => `const kept = Buffer.alloc(${mb} * 1024 * 1024, 1); setTimeout(() => kept.length, ${ms});`;

describe("measuring a program's process tree", () => {
  it.skipIf(!hasProc)("finds a child process under its parent in /proc", async () => {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 5000)"], { stdio: "ignore" });
    onTestFinished(() => void child.kill("SIGKILL"));
    await new Promise((resolve) => child.once("spawn", resolve));
    expect(processTree(process.pid)).toContain(child.pid);
  });

  it.skipIf(!hasProc)("sums the memory of the program and its children at their peak, beside the program's own peak", async () => {
    const work = await tempDir("blogroll-bench-measure-");
    onTestFinished(work.remove);
    const childScript = path.join(work.dir, "child.js");
    const parentScript = path.join(work.dir, "parent.js");
    await writeFile(childScript, holder(200, 1500));
    // The parent holds 40 MB while its child holds 200 MB: only the tree's sum shows both.
    await writeFile(
      parentScript,
      `${holder(40, 0)}\nconst { spawn } = require("node:child_process");\nspawn(process.execPath, [${JSON.stringify(childScript)}], { stdio: "inherit" }).on("close", () => kept.length);`,
    );
    const measured = await measureProcess({
      cwd: work.dir,
      argv: [parentScript],
      logFile: path.join(work.dir, "log"),
      usageFile: path.join(work.dir, "usage.json"),
      timeoutMs: 15_000,
    });
    expect(measured.exitCode).toBe(0);
    expect(measured.treeProcesses).toBe(2);
    expect(measured.maxRssBytes).toBeLessThan(150 * MB);
    expect(measured.treePeakRssBytes).toBeGreaterThan(measured.maxRssBytes + 180 * MB);
  });
});
