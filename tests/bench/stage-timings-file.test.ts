import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.ts";
import { readStageTimings } from "../../bench/stage-timings-file.ts";

let workspace: { dir: string; remove(): Promise<void> };
let dir = "";
beforeEach(async () => {
  workspace = await tempDir("bench-timings-");
  dir = workspace.dir;
});
afterEach(() => workspace.remove());

describe("reading the CLI's --timings file", () => {
  it("keeps the known stages that hold numbers", async () => {
    const file = join(dir, "timings.json");
    await writeFile(file, JSON.stringify({ stages: { fetch: 12.5, parse: 3, render: "slow", unknown: 1 } }));
    expect(await readStageTimings(file)).toEqual({ fetch: 12.5, parse: 3 });
  });

  it("gives null for a missing file, broken JSON or another shape", async () => {
    expect(await readStageTimings(join(dir, "absent.json"))).toBeNull();
    await writeFile(join(dir, "broken.json"), "{ stages");
    expect(await readStageTimings(join(dir, "broken.json"))).toBeNull();
    await writeFile(join(dir, "other.json"), JSON.stringify({ fetch: 1 }));
    expect(await readStageTimings(join(dir, "other.json"))).toBeNull();
  });
});
