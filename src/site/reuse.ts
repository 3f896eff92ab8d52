// Incremental rendering. A page is described completely by its view (src/site/view-types.ts), the site's chrome
// and the templates, so a hash of those is a key for its HTML: a page whose key matches the one stamped in the
// previous site's copy is not rendered again, and every output file whose bytes did not change keeps the previous
// site's file (a hard link: same inode, same mtime), so deploys and caches see only what really changed.
import { createHash } from "node:crypto";
import { copyFile, link, mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PageView, SiteView } from "./view-types.ts";
import { eachConcurrently } from "./each-concurrently.ts";

const KEY_META = /<meta name="blogroll-render-key" content="([0-9a-f]{64})">/;

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Every file at or under these paths shapes the HTML of every page (templates, assets, Eleventy's config). */
export async function templatesFingerprint(paths: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const root of paths) {
    const files = (await stat(root)).isDirectory()
      ? (await readdir(root, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile())
          .map((entry) => path.join(entry.parentPath, entry.name))
          .sort()
      : [root];
    for (const file of files) hash.update(file).update("\0").update(await readFile(file)).update("\0");
  }
  return hash.digest("hex");
}

/**
 * JSON for hashing, with each post body replaced by its digest: a body stands on several pages, and hashing it
 * once instead of on every page is most of the cost of the keys.
 */
function keyJson(value: unknown, bodyDigests: Map<string, string>): string {
  return JSON.stringify(value, (key, field: unknown) => {
    if (key !== "contentHtml" || typeof field !== "string") return field;
    let digest = bodyDigests.get(field);
    if (digest === undefined) {
      digest = sha256(field);
      bodyDigests.set(field, digest);
    }
    return digest;
  });
}

/** The key of each page's HTML, in page order. */
export function pageKeys(view: SiteView, fingerprint: string): string[] {
  const bodyDigests = new Map<string, string>();
  const shared = sha256(fingerprint + JSON.stringify(view.chrome));
  return view.pages.map((page) => sha256(shared + keyJson(page, bodyDigests)));
}

/** The render key stamped in a previous page's head, or null. */
async function previousKey(file: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return KEY_META.exec(buffer.toString("utf8", 0, bytesRead))?.[1] ?? null;
  } finally {
    await handle.close();
  }
}

/** A hard link where the file system allows one (the new site is built beside the old), else a copy. */
async function linkInto(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  await link(from, to).catch(() => copyFile(from, to));
}

export interface PagePlan {
  /** Pages to render, each with its key. */
  render: (PageView & { renderKey: string })[];
  /** Pages whose previous HTML was linked into the new site unchanged. */
  reused: number;
}

/** Links unchanged pages from the previous site into the new one and returns the pages left to render. */
export async function planPages(view: SiteView, keys: readonly string[], previousDir: string, workDir: string): Promise<PagePlan> {
  const reusedAt = new Set<number>();
  await eachConcurrently([...view.pages.keys()], async (index) => {
    const page = view.pages[index];
    if (page === undefined) return;
    const previous = path.join(previousDir, page.outputPath);
    if ((await previousKey(previous)) !== keys[index]) return;
    await linkInto(previous, path.join(workDir, page.outputPath));
    reusedAt.add(index);
  });
  const render = view.pages.flatMap((page, index) => (reusedAt.has(index) ? [] : [{ ...page, renderKey: keys[index] ?? "" }]));
  return { render, reused: reusedAt.size };
}

/** Whether `file` holds exactly `bytes` (sizes compared first, so most changed files are never read). */
async function holds(file: string, bytes: Buffer): Promise<boolean> {
  const found = await stat(file).catch(() => null);
  if (!found?.isFile() || found.size !== bytes.length) return false;
  return (await readFile(file)).equals(bytes);
}

/** Writes a generated file into the new site, or links the previous site's copy when it already holds these bytes. */
export async function writeOrReuse(workDir: string, previousDir: string, relativePath: string, content: string): Promise<void> {
  const bytes = Buffer.from(content, "utf8");
  const previous = path.join(previousDir, relativePath);
  const target = path.join(workDir, relativePath);
  if (await holds(previous, bytes)) await linkInto(previous, target);
  else {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
}

/**
 * Replaces every file of the new site that is byte-identical to the previous site's copy with a link to that
 * copy. Files already linked (same inode) are skipped.
 */
export async function keepUnchangedFiles(workDir: string, previousDir: string): Promise<void> {
  const entries = await readdir(workDir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  await eachConcurrently(files, async (file) => {
    const previous = path.join(previousDir, path.relative(workDir, file));
    const [current, old] = await Promise.all([stat(file), stat(previous).catch(() => null)]);
    // Already a link (a reused page), or no previous copy of the same size: nothing to compare.
    if (current.nlink > 1 || old?.size !== current.size) return;
    if (!(await holds(previous, await readFile(file)))) return;
    // Link beside, then rename over: the new file is never missing, even if linking is refused.
    const linked = `${file}.link-${process.pid}`;
    try {
      await link(previous, linked);
      await rename(linked, file);
    } catch {
      await unlink(linked).catch(() => undefined);
    }
  });
}

/** Links every file of a previous folder (such as the search index) into the new site. */
export async function linkFolder(previousDir: string, workDir: string): Promise<void> {
  const entries = await readdir(previousDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  await eachConcurrently(files, (file) => linkInto(file, path.join(workDir, path.relative(previousDir, file))));
}
