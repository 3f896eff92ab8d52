import { execFileSync, spawnSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MINIMUM_NODE_MAJOR, nodeVersionProblem } from "../../bin/node-version.js";
import { BLOGROLL_BIN, runBinary } from "../helpers/cli-process.ts";

/** A Node on this machine's PATH older than the one running the tests (the system's Node 20 here), if any. */
function olderNode(): string | undefined {
  const found = spawnSync("which", ["-a", "node"], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
  const ours = realpathSync(process.execPath);
  for (const candidate of found) {
    if (realpathSync(candidate) === ours) continue;
    const version = execFileSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
    if (Number(version.split(".")[0]) < MINIMUM_NODE_MAJOR) return candidate;
  }
  return undefined;
}

describe("the Node that runs bin/blogroll.js", () => {
  it("must be Node 24 or newer; older ones, Node 22 with its type stripping included, get one sentence naming the fix", () => {
    for (const version of ["20.20.2", "22.18.0", "22.23.0", "23.11.1", "18.0.0"]) {
      const problem = nodeVersionProblem(version);
      expect(problem).toContain(`Blogroll needs Node.js 24 or newer, and this is Node.js ${version}`);
      expect(problem).toContain("npx blogroll");
      expect(problem).toContain("install Node.js 24");
      expect(problem).not.toContain("\n");
    }
    for (const version of ["24.0.0", "24.21.0", "25.2.1", "30.0.0"]) expect(nodeVersionProblem(version)).toBeNull();
  });

  const older = olderNode();
  it.skipIf(older === undefined)(`refuses an older Node on this machine (${older ?? "none found"}) with that sentence and exit 2, never a stack`, () => {
    const run = spawnSync(older ?? "", [BLOGROLL_BIN, "build", "--config", "feeds.yaml"], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^Blogroll needs Node\.js 24 or newer, and this is Node\.js \d+\.\d+\.\d+: run it through npm/);
    expect(run.stderr).not.toContain("ERR_UNKNOWN_FILE_EXTENSION");
  });

  it("runs the CLI on the Node 24 the project brings", async () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(24);
    const run = await runBinary(["--version"]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^\d+\.\d+\.\d+$/);
    expect(run.err).toBe("");
  });
});
