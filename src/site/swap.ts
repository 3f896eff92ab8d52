// Where a render builds the next site and how it puts it in place, so that a killed render never leaves a half site
// and never leaves a temporary file where readers are served. The next site is built beside the published folder
// and swapped in by two renames; when the published folder is a mount point (a tmpfs, a Docker volume, a Kubernetes
// emptyDir), which cannot be renamed, it is built in a hidden folder inside it and its entries are moved in one by
// one. A symbolic link is followed: the swap happens at its target, and the link stays.
import { lstat, mkdir, readFile, readdir, readlink, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { isMissing, isTemporaryName, temporaryPath, unlessMissing } from "../disk.ts";

/** Inside a mount point: the next site while it is built, then (complete, with the list of its entries) while it moves in. */
const NEXT_DIR = ".blogroll-next";
const READY_DIR = ".blogroll-ready";
const OLD_DIR = ".blogroll-old";
/** In READY_DIR: the new site's entries, so a swap cut short can be finished. */
const ENTRIES_FILE = ".blogroll-entries.json";
const OWN_ENTRIES = new Set([NEXT_DIR, READY_DIR, OLD_DIR]);

export interface SiteFolder {
  /** The published folder, a symbolic link resolved to its target. */
  siteDir: string;
  /**
   * Where this render builds the next site, and writes the files it then moves into the published one: on the same
   * file system (so each move is a rename), never where readers are served (beside the site, or a hidden folder
   * inside a mount point, which `blogroll serve` does not serve).
   */
  workDir: string;
  /** The published folder is a mount point: the swap moves entries inside it. */
  mounted: boolean;
}

/** `file`, its symbolic links followed even when the last target does not exist yet. */
async function resolveLinks(file: string): Promise<string> {
  for (let hops = 0; hops < 40; hops++) {
    const found = await unlessMissing(lstat(file), null);
    if (found === null || !found.isSymbolicLink()) {
      // The folders above may be links too: resolve them as well, the last name kept as it is.
      const parent = await realpath(path.dirname(file)).catch(() => path.dirname(file));
      return path.join(parent, path.basename(file));
    }
    file = path.resolve(path.dirname(file), await readlink(file));
  }
  throw new Error(`${file}: too many symbolic links`);
}

/** Mount points as the kernel lists them (Linux); none where /proc is not there. */
async function mountPoints(): Promise<Set<string>> {
  const table = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  // The fifth field is the mount point, with spaces and other bytes written as octal escapes (`\040`).
  const unescape = (field: string) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
  return new Set(table.split("\n").flatMap((line) => {
    const mountPoint = line.split(" ")[4];
    return mountPoint === undefined ? [] : [unescape(mountPoint)];
  }));
}

async function isMountPoint(dir: string): Promise<boolean> {
  const [own, parent] = await Promise.all([stat(dir).catch(() => null), stat(path.dirname(dir)).catch(() => null)]);
  if (own === null || !own.isDirectory()) return false;
  if (parent !== null && own.dev !== parent.dev) return true;
  // A bind mount of the same file system has its parent's device: only the mount table tells.
  return (await mountPoints()).has(dir);
}

export async function siteFolder(outDir: string): Promise<SiteFolder> {
  const siteDir = await resolveLinks(path.resolve(outDir));
  const mounted = await isMountPoint(siteDir);
  return { siteDir, mounted, workDir: mounted ? path.join(siteDir, NEXT_DIR) : temporaryPath(siteDir) };
}

/**
 * Puts the site built in `folder.workDir` in place of the published one. Beside the site: the old site is renamed
 * aside, the new one renamed in, the old one removed (put back if the second rename fails). Inside a mount point: the
 * built folder is marked complete with the list of its entries, then each old entry is moved aside and each new one
 * moved in; a swap cut short there is finished by the next render (see recoverInterruptedSwap).
 */
export async function swapIntoPlace(folder: SiteFolder): Promise<void> {
  if (folder.mounted) {
    const ready = path.join(folder.siteDir, READY_DIR);
    const entries = (await readdir(folder.workDir)).sort();
    await writeFile(path.join(folder.workDir, ENTRIES_FILE), `${JSON.stringify(entries)}\n`);
    await rm(ready, { recursive: true, force: true });
    await rename(folder.workDir, ready);
    await finishMountedSwap(folder.siteDir);
    return;
  }
  const { siteDir: targetDir, workDir: builtDir } = folder;
  const asideDir = `${targetDir}.old-${process.pid}`;
  await rm(asideDir, { recursive: true, force: true });
  let hadOld = true;
  try {
    await rename(targetDir, asideDir);
  } catch (error) {
    if (!isMissing(error)) throw error;
    hadOld = false;
  }
  try {
    await rename(builtDir, targetDir);
  } catch (error) {
    if (hadOld) await rename(asideDir, targetDir);
    throw error;
  }
  if (hadOld) await rm(asideDir, { recursive: true, force: true });
}

/** Moves the complete site in READY_DIR into the mount point; run again after a kill, it carries on where it stopped. */
async function finishMountedSwap(siteDir: string): Promise<void> {
  const ready = path.join(siteDir, READY_DIR);
  const old = path.join(siteDir, OLD_DIR);
  const listed: unknown = JSON.parse(await readFile(path.join(ready, ENTRIES_FILE), "utf8"));
  const entries = new Set(Array.isArray(listed) ? listed.filter((entry): entry is string => typeof entry === "string") : []);
  await mkdir(old, { recursive: true });
  // What only the old site has goes first; then, entry by entry, the old one goes aside and the new one comes in.
  for (const name of await readdir(siteDir)) {
    if (!OWN_ENTRIES.has(name) && !entries.has(name)) await rename(path.join(siteDir, name), path.join(old, name));
  }
  const waiting = new Set(await readdir(ready));
  for (const name of entries) {
    if (!waiting.has(name)) continue;
    await unlessMissing(rename(path.join(siteDir, name), path.join(old, name)), undefined);
    await rename(path.join(ready, name), path.join(siteDir, name));
  }
  await rm(ready, { recursive: true, force: true });
  await rm(old, { recursive: true, force: true });
}

/**
 * Tidies after a render that was killed (callers hold the data folder's lock, so no other render uses these
 * folders). Beside the site: a run killed between the two renames left the old site aside (`<site>.old-<pid>`), so
 * it is put back, and half-built `.<site>.tmp-<pid>` folders are removed. Inside a mount point: a complete site that
 * was moving in is moved in the rest of the way, and a half-built one is removed.
 */
export async function recoverInterruptedSwap(folder: SiteFolder): Promise<void> {
  const targetDir = folder.siteDir;
  if (folder.mounted) {
    const ready = await stat(path.join(targetDir, READY_DIR)).then(() => true, () => false);
    if (ready) await finishMountedSwap(targetDir);
    await rm(path.join(targetDir, NEXT_DIR), { recursive: true, force: true });
    await rm(path.join(targetDir, OLD_DIR), { recursive: true, force: true });
    return;
  }
  const parent = path.dirname(targetDir);
  const base = path.basename(targetDir);
  const siblings = await unlessMissing(readdir(parent), []);
  const aside = siblings.filter((name) => name.startsWith(`${base}.old-`));
  const targetExists = await unlessMissing(stat(targetDir).then(() => true), false);
  const [restore] = aside;
  if (!targetExists && restore) await rename(path.join(parent, restore), targetDir);
  for (const name of siblings) {
    if (isTemporaryName(name, base) || (name.startsWith(`${base}.old-`) && (targetExists || name !== restore))) {
      await rm(path.join(parent, name), { recursive: true, force: true });
    }
  }
}
