import { open, readdir, rename, unlink } from "node:fs/promises";
import { dirname, basename, join } from "node:path";

/** `.{name}.tmp-{pid}` beside the file: hidden, in the same folder (so a rename moves it), and owned by one process. */
export function temporaryPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
}

const TEMPORARY_NAME = /^\..+\.tmp-\d+$/;

/**
 * Writes `text` to `file` so that a reader (or a run killed at any instant) sees either the old file
 * or the new one, never a half-written one: temporary file in the same folder, then rename. A killed
 * process cannot lose what it handed to the kernel; `durable` also syncs the data to disk before the
 * rename, so that a power cut cannot leave an empty file where posts were (the archive's items). State
 * that the next run can rebuild by refetching skips it, because syncing on every poll costs disk waits.
 * A write that fails (a full disk) removes its temporary file and throws.
 */
export async function writeFileAtomic(file: string, text: string, options: { durable: boolean }): Promise<void> {
  const temporary = temporaryPath(file);
  const handle = await open(temporary, "w");
  try {
    try {
      await handle.writeFile(text, "utf8");
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
 * Removes the temporary files a killed run (or a write the disk refused) left in `folder`. Call it only while holding
 * the lock of the folder's archive: then no other run can be writing one. Returns how many were removed.
 */
export async function removeTemporaryFiles(folder: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  const stale = names.filter((name) => TEMPORARY_NAME.test(name));
  await Promise.all(stale.map((name) => unlink(join(folder, name))));
  return stale.length;
}
