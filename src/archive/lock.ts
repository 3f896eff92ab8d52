// One run at a time per data directory: overlapping cron runs would interleave writes to the archive.
import { open, readFile, unlink, mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

export interface Lock {
  release(): Promise<void>;
}

export type LockResult = { ok: true; lock: Lock } | { ok: false; message: string };

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as LockOwner;
  } catch {
    return null; // unreadable: a run died while writing it
  }
}

/**
 * Takes the data directory's lock. A lock left by a run that no longer exists on this host (killed with
 * -9, machine rebooted) is stale and taken over.
 */
export async function acquireLock(dataDir: string, now: Date): Promise<LockResult> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, ".lock");
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: now.toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(JSON.stringify(owner));
      await handle.close();
      return { ok: true, lock: { release: () => unlink(file).catch(() => undefined) } };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await readOwner(file);
    if (holder && holder.host === owner.host && isAlive(holder.pid) && holder.pid !== process.pid) {
      return {
        ok: false,
        message: `Another Blogroll run (pid ${holder.pid}, started ${holder.since}) is using ${dataDir}. This run stopped without changing anything; if no other run is going, delete ${file}.`,
      };
    }
    if (holder && holder.host !== owner.host) {
      return {
        ok: false,
        message: `${file} is held by a run on host ${holder.host} (pid ${holder.pid}, started ${holder.since}). This run stopped without changing anything; if that run is gone, delete the file.`,
      };
    }
    await unlink(file).catch(() => undefined); // stale: its run is gone
  }
  return { ok: false, message: `Could not take the lock ${file}; delete it if no other Blogroll run is going.` };
}
