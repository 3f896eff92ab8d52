// Incremental rendering. Every file of the site is made from inputs we can name (a page from its view, the site's
// chrome and the templates; an output feed from its items; the search index from its records), so a hash of those
// inputs is a key for the file. The site keeps the key of each file in its render manifest; a file whose key matches
// the previous site's is not made again but linked from it (a hard link: same inode, same mtime), a page whose date
// stamps alone moved is rewritten from its previous copy (see Refresh), and every file whose bytes did not change
// keeps the previous copy too, so deploys and caches see only what really changed.
import { createHash } from "node:crypto";
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { eachConcurrently } from "./each-concurrently.ts";
import { isStampView } from "./stamps.ts";

/** Beside the pages: each output path (a folder ends in `/`) with the key of what it was made from. */
export const MANIFEST_FILE = "blogroll-render-keys.json";

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Every file at or under these paths shapes the output (templates, assets, Eleventy's config, the feed writers). */
export async function inputsFingerprint(paths: readonly string[]): Promise<string> {
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

async function readManifest(siteDir: string): Promise<Map<string, string>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(siteDir, MANIFEST_FILE), "utf8"));
    if (typeof parsed !== "object" || parsed === null) return new Map();
    return new Map(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    // No previous site, or one from before manifests: everything is made afresh.
    return new Map();
  }
}

/** A hard link where the file system allows one (the new site is built beside the old), else a copy. */
async function linkInto(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  await link(from, to).catch(() => copyFile(from, to));
}

/** Links every file of a previous folder (such as the search index) into the new site. */
async function linkFolder(previousDir: string, workDir: string): Promise<void> {
  const entries = await readdir(previousDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  await eachConcurrently(files, (file) => linkInto(file, path.join(workDir, path.relative(previousDir, file))));
}

/** Whether `file` holds exactly `bytes` (sizes compared first, so most changed files are never read). */
async function holds(file: string, bytes: Buffer): Promise<boolean> {
  const found = await stat(file).catch(() => null);
  if (!found?.isFile() || found.size !== bytes.length) return false;
  return (await readFile(file)).equals(bytes);
}

/**
 * For a file whose key leaves out some of its inputs (a page's stamps): `detail` is a digest of those, and `apply`
 * rewrites the previous copy for new ones (null when it cannot, and the file is then made afresh).
 */
export interface Refresh {
  detail: string;
  apply: (previous: Buffer) => Buffer | null;
}

function manifestEntry(key: string, refresh: Refresh | undefined): string {
  return refresh === undefined ? key : `${key}/${refresh.detail}`;
}

/** One render's view of the previous site (`previousDir`) and of the site being built beside it (`workDir`). */
export class IncrementalSite {
  /** Keys of the files this render has made or kept. */
  private readonly keys = new Map<string, string>();
  /** What was linked from the previous site (files, and folders ending in `/`): nothing there to compare. */
  private readonly linked = new Set<string>();
  /** A post body stands on several pages and feeds: hashed once, not in every key. */
  private readonly bodyDigests = new Map<string, string>();

  readonly previousDir: string;
  readonly workDir: string;
  private readonly fingerprint: string;
  private readonly previousKeys: Map<string, string>;

  private constructor(previousDir: string, workDir: string, fingerprint: string, previousKeys: Map<string, string>) {
    this.previousDir = previousDir;
    this.workDir = workDir;
    this.fingerprint = fingerprint;
    this.previousKeys = previousKeys;
  }

  static async open(previousDir: string, workDir: string, inputs: readonly string[]): Promise<IncrementalSite> {
    return new IncrementalSite(previousDir, workDir, await inputsFingerprint(inputs), await readManifest(previousDir));
  }

  /**
   * The key of a file made from `value`: every `contentHtml` stands as its digest, and every stamp as its id only
   * (its text and instant move with the clock; a Refresh brings them up to date).
   */
  keyOf(value: unknown): string {
    const json = JSON.stringify(value, (name, field: unknown) => {
      if (isStampView(field)) return { stamp: field.id };
      if (name !== "contentHtml" || typeof field !== "string") return field;
      let digest = this.bodyDigests.get(field);
      if (digest === undefined) {
        digest = sha256(field);
        this.bodyDigests.set(field, digest);
      }
      return digest;
    });
    return sha256(`${this.fingerprint}\n${json}`);
  }

  /**
   * Links the previous site's `relativePath` (a file, or a folder ending in `/`) when it was made with `key`; with
   * `refresh`, tells whether the previous copy was made with the same key but other details, which `refreshFrom`
   * can bring up to date.
   */
  async reuse(relativePath: string, key: string, refresh?: Refresh): Promise<"linked" | "refreshable" | "none"> {
    const entry = manifestEntry(key, refresh);
    const previousEntry = this.previousKeys.get(relativePath);
    if (refresh !== undefined && previousEntry !== entry && previousEntry?.startsWith(`${key}/`)) return "refreshable";
    if (previousEntry !== entry) return "none";
    const previous = path.join(this.previousDir, relativePath);
    const target = path.join(this.workDir, relativePath);
    try {
      if (relativePath.endsWith("/")) await linkFolder(previous, target);
      else await linkInto(previous, target);
    } catch {
      // The previous copy is gone or unreadable: make it again, into a clean place (writing over a linked file would
      // change the previous site's copy too).
      await rm(target, { recursive: true, force: true });
      return "none";
    }
    this.linked.add(relativePath);
    this.keys.set(relativePath, entry);
    return "linked";
  }

  /** Writes the previous copy of `relativePath` as `refresh` rewrites it; false when it cannot (make it afresh). */
  async refreshFrom(relativePath: string, key: string, refresh: Refresh): Promise<boolean> {
    let refreshed: Buffer | null;
    try {
      refreshed = refresh.apply(await readFile(path.join(this.previousDir, relativePath)));
    } catch {
      return false;
    }
    if (refreshed === null) return false;
    await this.write(relativePath, refreshed);
    this.keys.set(relativePath, manifestEntry(key, refresh));
    return true;
  }

  /** Records that `relativePath` was made afresh from `key` (and the details `refresh` stands for). */
  made(relativePath: string, key: string, refresh?: Refresh): void {
    this.keys.set(relativePath, manifestEntry(key, refresh));
  }

  /** Reuses the previous copy of a generated file, or writes it (making its content only then). */
  async file(relativePath: string, key: string, content: () => string | Buffer): Promise<void> {
    if ((await this.reuse(relativePath, key)) === "linked") return;
    const made = content();
    await this.write(relativePath, typeof made === "string" ? Buffer.from(made, "utf8") : made);
    this.made(relativePath, key);
  }

  /** Writes the manifest, then keeps the previous copy of every file that came out byte-identical. */
  async finish(): Promise<void> {
    const manifest = Object.fromEntries([...this.keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await this.write(MANIFEST_FILE, Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`, "utf8"));
    await this.keepUnchangedFiles();
  }

  private async write(relativePath: string, bytes: Buffer): Promise<void> {
    const target = path.join(this.workDir, relativePath);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }

  /**
   * Replaces every file of the new site that is byte-identical to the previous site's copy with a link to that
   * copy (pages whose key changed but not their text, stamps refreshed to the same text). Linked files are skipped.
   */
  private async keepUnchangedFiles(): Promise<void> {
    const linkedFolders = [...this.linked].filter((linked) => linked.endsWith("/"));
    const entries = await readdir(this.workDir, { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(this.workDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
      .filter((file) => !this.linked.has(file) && !linkedFolders.some((folder) => file.startsWith(folder)));
    await eachConcurrently(files, async (relativePath) => {
      const file = path.join(this.workDir, relativePath);
      const previous = path.join(this.previousDir, relativePath);
      const [current, old] = await Promise.all([stat(file), stat(previous).catch(() => null)]);
      // No previous copy of the same size: nothing to compare.
      if (old?.size !== current.size) return;
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
}
