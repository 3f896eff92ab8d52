import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir, hostname } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { acquireLock } from "../../src/archive/lock.ts";

const now = new Date("2019-02-21T12:00:00Z");

describe("acquireLock", () => {
  it("refuses a second run while the first holds the lock, with a message naming the holder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-lock-"));
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      await writeFile(join(dir, ".lock"), JSON.stringify({ pid: holder.pid, host: hostname(), since: now.toISOString() }));
      const second = await acquireLock(dir, now);
      expect(second.ok).toBe(false);
      if (!second.ok) expect(second.message).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("recovers a stale lock left by a killed run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-lock-"));
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => dead.on("exit", resolve));
    await writeFile(join(dir, ".lock"), JSON.stringify({ pid: dead.pid, host: hostname(), since: now.toISOString() }));
    const taken = await acquireLock(dir, now);
    expect(taken.ok).toBe(true);
    expect(JSON.parse(await readFile(join(dir, ".lock"), "utf8")).pid).toBe(process.pid);
    if (taken.ok) await taken.lock.release();
  });

  it("releases so that the next run can take it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-lock-"));
    const first = await acquireLock(dir, now);
    expect(first.ok).toBe(true);
    if (first.ok) await first.lock.release();
    const second = await acquireLock(dir, now);
    expect(second.ok).toBe(true);
    if (second.ok) await second.lock.release();
  });
});
