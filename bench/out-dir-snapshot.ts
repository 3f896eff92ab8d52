// Which files a build rewrote: a file counts when it appeared, vanished, or its inode or
// modification time changed, which is what a deploy tool or a browser cache would notice.
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

export type OutDirSnapshot = Map<string, { ino: number; mtimeMs: number }>;

export async function snapshotOutDir(dir: string): Promise<OutDirSnapshot> {
  const snapshot: OutDirSnapshot = new Map();
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return snapshot;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    snapshot.set(path, { ino: info.ino, mtimeMs: info.mtimeMs });
  }
  return snapshot;
}

export interface OutDirChanges {
  filesAfter: number;
  rewritten: number;
  added: number;
  removed: number;
}

export function compareSnapshots(before: OutDirSnapshot, after: OutDirSnapshot): OutDirChanges {
  let rewritten = 0;
  let added = 0;
  for (const [path, now] of after) {
    const then = before.get(path);
    if (!then) added++;
    else if (then.ino !== now.ino || then.mtimeMs !== now.mtimeMs) rewritten++;
  }
  let removed = 0;
  for (const path of before.keys()) if (!after.has(path)) removed++;
  return { filesAfter: after.size, rewritten, added, removed };
}
