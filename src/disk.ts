// The file-system rules every stage shares (archive, site, config, cli), each decided here once: what "missing"
// means, how a file is replaced atomically, when a hard link may become a copy, and how temporary files are named
// and cleaned up. A second copy of any of these drifts (the site's link fallback once copied on any error, the
// archive's only where links are unsupported), so callers use these and nothing else.
import { copyFile, link, mkdir, open, readdir, rename, unlink } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { eachConcurrently } from "./site/each-concurrently.ts";

/** The error's file-system code (`ENOENT`, `ENOSPC`…), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Whether `error` is the operating system's refusal of a file-system call (ENOSPC, EACCES, EROFS…): it names the call
 * that failed. A program error (a TypeError in our code, Node's own ERR_* codes) is not.
 */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof errorCode(error) === "string" && typeof (error as NodeJS.ErrnoException).syscall === "string";
}

/**
 * Whether `error` says the path is not there: ENOENT, or ENOTDIR (a folder on the way is a file, so nothing can be
 * at the path either). Anything else (EACCES, EIO…) is a real failure and must not be taken for absence.
 */
export function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === "ENOENT" || code === "ENOTDIR";
}

/** `pending`'s value, or `fallback` when it fails because the path is missing; any other failure stands. */
export function unlessMissing<T, F>(pending: Promise<T>, fallback: F): Promise<T | F> {
  return pending.catch((error: unknown) => (isMissing(error) ? fallback : Promise.reject(error)));
}

const NO_HARD_LINKS = new Set(["EXDEV", "EPERM", "ENOTSUP", "EOPNOTSUPP", "EMLINK", "ENOSYS"]);

/**
 * Whether `error` (from `link`) says hard links cannot be made here: another file system (EXDEV), one without links
 * (EPERM, ENOTSUP, ENOSYS), or a file with as many links as it may have (EMLINK). Then a copy does the same job.
 */
export function isNoHardLinks(error: unknown): boolean {
  return NO_HARD_LINKS.has(errorCode(error) ?? "");
}

/**
 * Makes `to` the same file as `from`: a hard link (no bytes copied), or a copy only where links are unsupported.
 * Any other failure (the source missing, the target existing, a full disk, no permission) is thrown: a copy would
 * hide it or fail the same way.
 */
export async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if (!isNoHardLinks(error)) throw error;
    await copyFile(from, to);
  }
}

/** linkOrCopy, with the folders above `to` made first. */
export async function linkFile(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  await linkOrCopy(from, to);
}

/** Links (or copies, as linkOrCopy) every file under the folder `from` to the same place under `to`. */
export async function linkTree(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  await eachConcurrently(files, (file) => linkFile(file, join(to, relative(from, file))));
}

/**
 * The temporary name for `file` (or folder): `.{name}.tmp-{pid}` beside it. Hidden, in the same folder (so a rename
 * moves it into place), owned by one process, and recognisable (isTemporaryName) so that clean-up finds the ones a
 * killed run left.
 */
export function temporaryPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
}

const TEMPORARY_NAME = /^\.(.+)\.tmp-(\d+)$/;

/** Whether `name` (a file name, no folder) is a temporary name, for any target, or for the target named `of`. */
export function isTemporaryName(name: string, of?: string): boolean {
  const match = TEMPORARY_NAME.exec(name);
  return match !== null && (of === undefined || match[1] === of);
}

/**
 * Writes `data` to `file` so that a reader (or a run killed at any instant) sees either the old file or the new one,
 * never a half-written one: its temporary name first, then a rename. A killed process cannot lose what it handed to
 * the kernel; `durable` also syncs the data to disk before the rename, so that a power cut cannot leave an empty file
 * where posts were (the archive's items, feeds.yaml). State that the next run can rebuild by refetching skips it,
 * because syncing on every poll costs disk waits. A write that fails (a full disk) removes its temporary file and
 * throws.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: { durable: boolean }): Promise<void> {
  const temporary = temporaryPath(file);
  try {
    const handle = await open(temporary, "w");
    try {
      await handle.writeFile(data);
      if (options.durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * Makes `target` the same content as `source`, atomically: the target is replaced whole or not at all. `shared`
 * makes it a hard link where the file system allows one (no bytes copied): right for a file about to be replaced by
 * a rename, wrong for two files that must outlive each other's damage.
 */
export async function replaceWithCopy(source: string, target: string, options: { shared: boolean }): Promise<void> {
  const temporary = temporaryPath(target);
  await unlink(temporary).catch(() => undefined);
  try {
    if (options.shared) await linkOrCopy(source, temporary);
    else await copyFile(source, temporary);
    await rename(temporary, target);
  } finally {
    // Gone after a rename, except where the target was already a link to the same file (a write that failed after
    // its rotation): then POSIX rename does nothing, and the temporary name is left to remove.
    await unlink(temporary).catch(() => undefined);
  }
}

/**
 * Removes the temporary files killed runs (or writes the disk refused) left directly in `folder`, their names as
 * temporaryPath gives them. Call it only while holding the lock that guards the folder: then no other run can be
 * writing one. A folder that is not there has none. Returns how many were removed.
 */
export async function removeTemporaryFiles(folder: string): Promise<number> {
  const names = await unlessMissing(readdir(folder), []);
  const stale = names.filter((name) => isTemporaryName(name));
  await Promise.all(stale.map((name) => unlink(join(folder, name))));
  return stale.length;
}
