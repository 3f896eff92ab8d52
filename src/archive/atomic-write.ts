import { open, rename, unlink } from "node:fs/promises";
import { dirname, basename, join } from "node:path";

/**
 * Writes `text` to `file` so that a reader (or a run killed at any instant) sees either the old file
 * or the new one, never a half-written one: temporary file in the same folder, then rename. A killed
 * process cannot lose what it handed to the kernel; `durable` also syncs the data to disk before the
 * rename, so that a power cut cannot leave an empty file where posts were (the archive's items). State
 * that the next run can rebuild by refetching skips it, because syncing on every poll costs disk waits.
 */
export async function writeFileAtomic(file: string, text: string, options: { durable: boolean }): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(text, "utf8");
    if (options.durable) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
