import { rename, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.ts";
import { compareSnapshots, snapshotOutDir } from "../../bench/out-dir-snapshot.ts";

let workspace: { dir: string; remove(): Promise<void> };
let dir = "";
beforeEach(async () => {
  workspace = await tempDir("bench-snapshot-");
  dir = workspace.dir;
});
afterEach(() => workspace.remove());

describe("counting the files a build rewrote", () => {
  it("counts touched, replaced, added and removed files, and leaves untouched ones out", async () => {
    const old = new Date("2020-01-01T00:00:00Z");
    for (const name of ["same.html", "touched.html", "replaced.html", "gone.html"]) {
      await writeFile(join(dir, name), name);
      await utimes(join(dir, name), old, old);
    }
    const before = await snapshotOutDir(dir);
    await utimes(join(dir, "touched.html"), new Date(), new Date());
    // Written beside and renamed over, as an atomic write does: a new inode.
    await writeFile(join(dir, "replaced.tmp"), "new");
    await utimes(join(dir, "replaced.tmp"), old, old);
    await rename(join(dir, "replaced.tmp"), join(dir, "replaced.html"));
    await rm(join(dir, "gone.html"));
    await writeFile(join(dir, "new.html"), "new");
    expect(compareSnapshots(before, await snapshotOutDir(dir))).toEqual({ filesAfter: 4, rewritten: 2, added: 1, removed: 1 });
  });

  it("treats a missing folder as empty", async () => {
    expect((await snapshotOutDir(join(dir, "absent"))).size).toBe(0);
  });
});
