// Replacing a published folder with a freshly built one so that an interrupted build never leaves a half site.
import { rename, rm } from "node:fs/promises";

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
