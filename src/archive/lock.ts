// One run at a time per data directory (overlapping cron runs would interleave writes to the archive), and one edit
// of feeds.yaml at a time (two `add`s would each write the file as they read it, and one feed would be lost).
//
// A lock is a file holding its owner (pid, host, the process's pid space, start, and a random token that makes each
// lock's content unique), and it is a lease: the owner renews it by touching the file's mtime every few seconds, and
// a lock not renewed for LEASE_MS is stale wherever its owner ran (another host, a container killed for memory, whose
// successor has a new hostname). On the owner's own host and pid space a lock whose process is gone is stale at
// once. A lock is created whole, never seen half-written: the owner is written to a file of its own, which is then
// hard-linked to the lock (link fails if it exists). Two runs that find the same stale lock must not both take it,
// so only the run that creates `{lock}.break-{hash of the stale content}` may remove it, and only after reading the
// lock again and finding the very same content: a lock that another run has taken meanwhile is never removed.
import { createHash, randomUUID } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import { link, mkdir, readdir, readFile, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { errorCode, isMissing, isNoHardLinks, isTemporaryName, temporaryPath } from "../disk.ts";
import { diskProblem } from "./disk-errors.ts";

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
  /** The boot and pid namespace the pid belongs to; absent in locks written before it was recorded. */
  pidSpace?: string;
  since: string;
  token: string;
}

/** A lock not renewed for this long is stale: its holder is gone, wherever it ran. */
export const LEASE_MS = 45_000;
/** How often the holder renews: nine renewals per lease, so a main thread busy for 40 s still keeps its lock. */
const RENEW_MS = 5_000;
/**
 * How long a holder that looks alive on this host is watched before the run gives up: a process killed with -9 is
 * still there for a moment while the kernel tears it down (and a zombie until its parent reaps it).
 */
const DYING_MS = 2_000;
/** A breaker or a half-made lock file older than this belongs to a run that died making it. */
const LEFTOVER_MS = 5_000;
const RETRY_MS = 25;

/**
 * The boot and pid namespace of this process: two processes with the same hostname (containers started with the same
 * `--hostname`) can see each other's pids only when these match. Empty where /proc does not tell (not Linux).
 */
const OWN_PID_SPACE = ((): string => {
  try {
    return `${readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim()} ${readlinkSync("/proc/self/ns/pid")}`;
  } catch {
    return "";
  }
})();

/** Whether `pid` is a running process (not a zombie, not being torn down after a kill). */
async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if (errorCode(error) !== "EPERM") return false;
  }
  // `pid (name) S ...`: the state follows the last parenthesis; Z and X are processes already dead.
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  const state = stat === null ? null : stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state !== "Z" && state !== "X";
}

/** Whether this run can tell by its pid whether `owner` is alive: the same host, boot and pid namespace. */
function sharesPidSpace(owner: LockOwner): boolean {
  return owner.host === hostname() && (owner.pidSpace === undefined || owner.pidSpace === OWN_PID_SPACE);
}

/** The file's text and when it was last renewed, or null when there is none. */
async function readLockFile(file: string): Promise<{ text: string; renewedMs: number } | null> {
  try {
    const [text, info] = await Promise.all([readFile(file, "utf8"), stat(file)]);
    return { text, renewedMs: info.mtimeMs };
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null) return null;
    const { pid, host, since, pidSpace, token } = value as Record<string, unknown>;
    if (typeof pid !== "number" || typeof host !== "string" || typeof since !== "string") return null;
    return { pid, host, since, token: String(token ?? ""), ...(typeof pidSpace === "string" ? { pidSpace } : {}) };
  } catch {
    return null; // unreadable: written by hand, or by a run without this protocol
  }
}

/**
 * Creates `file` holding `text`, whole, only if it does not exist: true when created, false when it existed.
 * Where the file system has no hard links it falls back to an exclusive open, which can be seen empty for an instant.
 */
async function createExclusive(file: string, text: string, token: string): Promise<boolean> {
  const own = temporaryPath(`${file}.${token}`);
  await writeFile(own, text, { flag: "wx" });
  try {
    await link(own, file);
    return true;
  } catch (error) {
    // EEXIST: taken. ENOENT: our own file was removed as a leftover while this run stalled; the caller tries again.
    if (errorCode(error) === "EEXIST" || isMissing(error)) return false;
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
    const other = await readLockFile(breaker);
    const breakerOwner = other === null ? null : parseOwner(other.text);
    const dead = breakerOwner === null || (sharesPidSpace(breakerOwner) && !(await isRunning(breakerOwner.pid)));
    if (other !== null && (dead || Date.now() - other.renewedMs > LEFTOVER_MS)) await unlink(breaker).catch(() => undefined);
    return false;
  }
  try {
    // Only the very lock judged stale goes: if another run took the lock meanwhile, its content differs.
    if ((await readLockFile(file))?.text === stale) await unlink(file).catch(() => undefined);
  } finally {
    await unlink(breaker).catch(() => undefined);
  }
  return true;
}

/** Lock files of runs killed between writing their owner and linking it (each lives a few milliseconds). */
async function removeLeftovers(file: string): Promise<void> {
  const folder = dirname(file);
  // Their names are the temporary names of `{lock}.{token}`.
  const prefix = `.${basename(file)}.`;
  for (const name of await readdir(folder)) {
    if (!name.startsWith(prefix) || !isTemporaryName(name)) continue;
    const info = await stat(join(folder, name)).catch(() => null);
    if (info !== null && Date.now() - info.mtimeMs > LEFTOVER_MS) await unlink(join(folder, name)).catch(() => undefined);
  }
}

/** Whether the lock `text` (last renewed at `renewedMs`) is stale, and if not, who holds it, in words. */
async function judge(text: string, renewedMs: number, own: LockOwner): Promise<{ stale: true } | { stale: false; holder: string; local: boolean }> {
  const age = Date.now() - renewedMs;
  if (age > LEASE_MS) return { stale: true };
  const holder = parseOwner(text);
  // Unreadable: written by hand, or (without hard links) caught in the instant of its creation.
  if (holder === null) return age > LEFTOVER_MS ? { stale: true } : { stale: false, holder: "a run that is writing it", local: false };
  if (sharesPidSpace(holder)) {
    if (holder.pid === own.pid || !(await isRunning(holder.pid))) return { stale: true };
    return { stale: false, holder: `pid ${holder.pid}, started ${holder.since}`, local: true };
  }
  const renewed = Math.max(0, Math.round(age / 1000));
  return { stale: false, holder: `a run on host ${holder.host} (pid ${holder.pid}, started ${holder.since}; lease renewed ${renewed} s ago)`, local: false };
}

export interface LockOptions {
  /** What the lock guards, for the message: "the data folder /srv/data". */
  what: string;
  /** How long to wait for a lock held by a live run before giving up; 0 gives up at once (overlapping cron). */
  waitMs: number;
}

/** Holds the lock at `file` until released, renewing its lease; a lock another run took meanwhile is left alone. */
function holdLock(file: string, text: string): Lock {
  const renew = async (): Promise<void> => {
    const now = new Date();
    if ((await readLockFile(file).catch(() => null))?.text === text) await utimes(file, now, now).catch(() => undefined);
  };
  const timer = setInterval(() => void renew(), RENEW_MS);
  // The lease must not keep a finished command alive.
  timer.unref();
  return {
    release: async () => {
      clearInterval(timer);
      // Only our own lock is removed: never one a later run took over after ours was judged stale.
      if ((await readLockFile(file).catch(() => null))?.text === text) await unlink(file).catch(() => undefined);
    },
  };
}

/**
 * Takes the lock at `file`. A lock whose holder is gone (killed with -9, its container removed, its machine
 * rebooted) is stale and taken over; of several runs that find it so together, exactly one proceeds.
 */
export async function acquireFileLock(file: string, now: Date, options: LockOptions): Promise<LockResult> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), pidSpace: OWN_PID_SPACE, since: now.toISOString(), token: randomUUID() };
  const text = JSON.stringify(owner);
  const started = Date.now();
  try {
    await mkdir(dirname(file), { recursive: true });
    // Bounded whatever happens: no lock outlives its lease, so past it every wait has had its answer.
    while (Date.now() - started < options.waitMs + LEASE_MS + DYING_MS) {
      if (await createExclusive(file, text, owner.token)) {
        await removeLeftovers(file);
        return { ok: true, lock: holdLock(file, text) };
      }
      const current = await readLockFile(file);
      if (current === null) continue; // released meanwhile: try again at once
      const verdict = await judge(current.text, current.renewedMs, owner);
      if (verdict.stale) {
        if (!(await breakStaleLock(file, current.text, owner))) await sleep(RETRY_MS);
        continue;
      }
      // A holder alive on this host is watched for a moment: it may be one that was just killed.
      const patience = Math.max(options.waitMs, verdict.local ? DYING_MS : 0);
      if (Date.now() - started >= patience) {
        const after = verdict.local ? "if no other run is going, run again" : `a lock expires ${LEASE_MS / 1000} s after its holder stops renewing it, so if that run is gone the next run takes over`;
        return { ok: false, reason: "held", message: `Another Blogroll run (${verdict.holder}) is using ${options.what}. This run stopped without changing anything; ${after}.` };
      }
      await sleep(options.waitMs > 0 ? 100 : 50);
    }
  } catch (error) {
    return { ok: false, reason: "disk", message: diskProblem(error, dirname(file)) };
  }
  return { ok: false, reason: "held", message: `Could not take the lock ${file} for ${options.what}; run again in a minute.` };
}

/** The data folder's lock: fetch, render and build take it, and a second run finding it held stops at once (exit 3). */
export function acquireLock(dataDir: string, now: Date): Promise<LockResult> {
  return acquireFileLock(join(dataDir, ".lock"), now, { what: dataDir, waitMs: 0 });
}
