// Replacing a published folder with a freshly built one so that an interrupted build never leaves a half site.
import { readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

function isMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

/**
 * Moves `builtDir` to `targetDir`. The old site is renamed aside first and removed only once the new one is in place;
 * if the second rename fails, the old site is put back.
 */
export async function swapIntoPlace(builtDir: string, targetDir: string): Promise<void> {
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

/**
 * Tidies after a render that was killed: a run killed between the two renames of swapIntoPlace left the old site
 * aside (`<target>.old-<pid>`), so it is put back; half-built `<target>.tmp-<pid>` folders are removed. Callers hold
 * the data folder's lock, so no other render is using these folders.
 */
export async function recoverInterruptedSwap(targetDir: string): Promise<void> {
  const parent = path.dirname(targetDir);
  const base = path.basename(targetDir);
  let siblings: string[];
  try {
    siblings = await readdir(parent);
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  const aside = siblings.filter((name) => name.startsWith(`${base}.old-`));
  const targetExists = await stat(targetDir).then(() => true, (error: unknown) => (isMissing(error) ? false : Promise.reject(error)));
  const [restore] = aside;
  if (!targetExists && restore) await rename(path.join(parent, restore), targetDir);
  for (const name of siblings) {
    if (name.startsWith(`${base}.tmp-`) || (name.startsWith(`${base}.old-`) && (targetExists || name !== restore))) {
      await rm(path.join(parent, name), { recursive: true, force: true });
    }
  }
}
