// One run at a time per data directory: overlapping cron runs would interleave writes to the archive.
//
// The lock is the file `.lock`, holding its owner (pid, host, start, and a random token that makes each lock's
// content unique). It is created whole, never seen half-written: the owner is written to a file of its own, which
// is then hard-linked to `.lock` (link fails if `.lock` exists). A lock whose run is gone (killed, machine
// rebooted) is stale. Two runs that find the same stale lock must not both take it, so only the run that creates
// `.lock.break-{hash of the stale content}` may remove it, and only after reading `.lock` again and finding the
// very same content: a lock that another run has taken meanwhile is never removed.
import { createHash, randomUUID } from "node:crypto";
import { link, mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { diskProblem, errorCode, isNoHardLinks } from "./disk-errors.ts";

export interface Lock {
  release(): Promise<void>;
}

export type LockResult =
  | { ok: true; lock: Lock }
  /** `held`: another run has the folder (exit 3); `disk`: the folder cannot be written at all. */
  | { ok: false; reason: "held" | "disk"; message: string };

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  token: string;
}

/** Attempts before giving up: each either takes the lock, finds it held, or waits out another run breaking it. */
const ATTEMPTS = 40;
const RETRY_MS = 25;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) === "EPERM";
  }
}

/** The file's text, or null when there is none. */
async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null) return null;
    const { pid, host, since } = value as Record<string, unknown>;
    if (typeof pid !== "number" || typeof host !== "string" || typeof since !== "string") return null;
    return { pid, host, since, token: String((value as Record<string, unknown>).token ?? "") };
  } catch {
    return null; // unreadable: written by hand, or by a run without this protocol
  }
}

/**
 * Creates `file` holding `text`, whole, only if it does not exist: true when created, false when it existed.
 * Where the file system has no hard links it falls back to an exclusive open, which can be seen empty for an instant.
 */
async function createExclusive(file: string, text: string, token: string): Promise<boolean> {
  const own = `${file}.${token}.tmp-${process.pid}`;
  await writeFile(own, text, { flag: "wx" });
  try {
    await link(own, file);
    return true;
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    if (!isNoHardLinks(error)) throw error;
    try {
      await writeFile(file, text, { flag: "wx" });
      return true;
    } catch (fallbackError) {
      if (errorCode(fallbackError) === "EEXIST") return false;
      throw fallbackError;
    }
  } finally {
    await unlink(own).catch(() => undefined);
  }
}

const fingerprint = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 16);

/**
 * Removes the stale lock whose content is `stale`, if this run is the one to do it. Returns false when another run
 * is breaking it right now (the caller looks again shortly).
 */
async function breakStaleLock(file: string, stale: string, owner: LockOwner): Promise<boolean> {
  const breaker = `${file}.break-${fingerprint(stale)}`;
  if (!(await createExclusive(breaker, JSON.stringify(owner), owner.token))) {
    // A run killed in the instant between taking the breaker and removing it would block every later run.
    const other = parseOwner((await readText(breaker)) ?? "");
    if (other === null || (other.host === owner.host && !isAlive(other.pid))) await unlink(breaker).catch(() => undefined);
    return false;
  }
  try {
    // Only the very lock judged stale goes: if another run took the lock meanwhile, its content differs.
    if ((await readText(file)) === stale) await unlink(file).catch(() => undefined);
  } finally {
    await unlink(breaker).catch(() => undefined);
  }
  return true;
}

/** Lock files of runs killed between writing their owner and linking it. */
async function removeLeftovers(dataDir: string): Promise<void> {
  for (const name of await readdir(dataDir)) {
    const pid = /^\.lock\..*\.tmp-(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid))) await unlink(join(dataDir, name)).catch(() => undefined);
  }
}

/**
 * Takes the data directory's lock. A lock left by a run that no longer exists on this host (killed with -9, machine
 * rebooted) is stale and taken over; of several runs that find it so together, exactly one proceeds.
 */
export async function acquireLock(dataDir: string, now: Date): Promise<LockResult> {
  const file = join(dataDir, ".lock");
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: now.toISOString(), token: randomUUID() };
  const text = JSON.stringify(owner);
  try {
    await mkdir(dataDir, { recursive: true });
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (await createExclusive(file, text, owner.token)) {
        await removeLeftovers(dataDir);
        return {
          ok: true,
          lock: {
            // Only our own lock is removed: never one a later run took over after ours was judged stale.
            release: async () => {
              if ((await readText(file).catch(() => null)) === text) await unlink(file).catch(() => undefined);
            },
          },
        };
      }
      const current = await readText(file);
      if (current === null) continue; // released meanwhile: try again at once
      const holder = parseOwner(current);
      if (holder && holder.host === owner.host && holder.pid !== owner.pid && isAlive(holder.pid)) {
        return {
          ok: false,
          reason: "held",
          message: `Another Blogroll run (pid ${holder.pid}, started ${holder.since}) is using ${dataDir}. This run stopped without changing anything; if no other run is going, delete ${file}.`,
        };
      }
      if (holder && holder.host !== owner.host) {
        return {
          ok: false,
          reason: "held",
          message: `${file} is held by a run on host ${holder.host} (pid ${holder.pid}, started ${holder.since}). This run stopped without changing anything; if that run is gone, delete the file.`,
        };
      }
      // Stale: its run is gone (or the file is unreadable).
      if (!(await breakStaleLock(file, current, owner))) await sleep(RETRY_MS);
    }
  } catch (error) {
    return { ok: false, reason: "disk", message: diskProblem(error, dataDir) };
  }
  return { ok: false, reason: "held", message: `Could not take the lock ${file}; delete it if no other Blogroll run is going.` };
}
