// What a render keeps from the previous site, what it refreshes and what it makes again. Every output is keyed by a
// digest of what it is made from (its source in the catalogue) and of the program itself; the keys of the previous
// render sit beside its pages in a manifest. An output whose key is unchanged is kept (a hard link: same inode, no
// bytes written) or, when it holds a live part that may have moved (a date stamp), refreshed from its previous copy.
// A render whose whole content is unchanged (the usual hourly run: every feed answered 304) only refreshes live parts.
import { createHash } from "node:crypto";
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { SiteConfig } from "../model.ts";
import { eachConcurrently } from "./each-concurrently.ts";
import { isLiveValue, partMoves, refreshLiveParts, type LiveValue } from "./live-parts.ts";

/** Beside the pages: the content key of the render, and each output's key. */
export const MANIFEST_FILE = "blogroll-render-keys.json";

export type Decision = "keep" | "refresh" | "make";

interface OutputRecord {
  key: string;
  /**
   * Set when the output holds a live part a later render may move (keeping it means refreshing it): its size, so that
   * a copy changed since (edited by hand, damaged) is made again rather than refreshed.
   */
  size: number | null;
}

interface Manifest {
  content: string;
  outputs: Map<string, OutputRecord>;
}

const projectDir = path.resolve(import.meta.dirname, "../..");
/**
 * The program: every file it is made of, so that any change to how the site is made (a template, a view, a writer, a
 * dependency's version) makes every output again. Nothing here lists which of them shape which output.
 */
const PROGRAM = ["src", "templates", "public", ".eleventy.ts", "package.json", "package-lock.json"];

function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

async function programFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  for (const name of PROGRAM) {
    const root = path.join(projectDir, name);
    const found = await stat(root).catch(() => null);
    if (found === null) continue;
    const files = found.isDirectory()
      ? (await readdir(root, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile())
          .map((entry) => path.join(entry.parentPath, entry.name))
          .sort()
      : [root];
    for (const file of files) hash.update(path.relative(projectDir, file)).update("\0").update(await readFile(file)).update("\0");
  }
  return hash.digest("hex");
}

/** Whether a view holds a part that a later render may print differently without its content changing. */
export function viewMoves(value: unknown): boolean {
  if (isLiveValue(value)) return partMoves(value);
  if (Array.isArray(value)) return value.some(viewMoves);
  if (typeof value === "object" && value !== null) return Object.values(value).some(viewMoves);
  return false;
}

async function readManifest(siteDir: string): Promise<Manifest | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path.join(siteDir, MANIFEST_FILE), "utf8"));
  } catch {
    // No previous site, or a damaged manifest: everything is made afresh.
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { content, outputs } = parsed as { content?: unknown; outputs?: unknown };
  if (typeof content !== "string" || typeof outputs !== "object" || outputs === null) return null;
  const records = new Map<string, OutputRecord>();
  for (const [file, record] of Object.entries(outputs)) {
    const { key, size } = (record ?? {}) as { key?: unknown; size?: unknown };
    if (typeof key === "string" && (size === null || typeof size === "number")) records.set(file, { key, size });
  }
  return { content, outputs: records };
}

/** A hard link where the file system allows one (the new site is built beside the old), else a copy. */
async function linkInto(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  await link(from, to).catch(() => copyFile(from, to));
}

/** Writes `bytes` to `file` through a temporary file and a rename, so a reader never sees half a file. */
async function replaceFile(file: string, bytes: Buffer): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, bytes);
  await rename(temporary, file);
}

export interface LiveContext {
  /** Every named live part the site shows, as this render prints it. */
  parts: ReadonlyMap<string, LiveValue>;
  now: Date;
  site: SiteConfig;
}

/** One render's view of the previous site and of the keys this render gives its outputs. */
export class SiteReuse {
  /** A post body stands on several pages and feeds: hashed once, not in every key. */
  private readonly bodyDigests = new Map<string, string>();
  private readonly made = new Map<string, OutputRecord>();

  readonly previousDir: string;
  private readonly previous: Manifest | null;
  private readonly program: string;

  private constructor(previousDir: string, previous: Manifest | null, program: string) {
    this.previousDir = previousDir;
    this.previous = previous;
    this.program = program;
  }

  static async open(previousDir: string): Promise<SiteReuse> {
    const [previous, program] = await Promise.all([readManifest(previousDir), programFingerprint()]);
    return new SiteReuse(previousDir, previous, program);
  }

  /**
   * The key of an output made from `value`: the program, and the value with every post body as its digest and every
   * live part as what the content fixes of it (a post date's instant; a named part's name, its value moves with runs).
   */
  keyOf(value: unknown): string {
    const json = JSON.stringify(value, (name, field: unknown) => {
      if (isLiveValue(field)) return field.kind === "stamp" && field.live === null ? { iso: field.iso, absolute: field.absolute } : { live: field.live };
      if (name !== "contentHtml" || typeof field !== "string") return field;
      let digest = this.bodyDigests.get(field);
      if (digest === undefined) {
        digest = sha256(field);
        this.bodyDigests.set(field, digest);
      }
      return digest;
    });
    return sha256(`${this.program}\n${json}`);
  }

  /** The previous render was made from the same content (`contentKey`), so only its live parts may have moved. */
  sameContent(contentKey: string): boolean {
    return this.previous?.content === contentKey;
  }

  decide(file: string, key: string): Decision {
    const previous = this.previous?.outputs.get(file);
    if (previous?.key !== key) return "make";
    return previous.size === null ? "keep" : "refresh";
  }

  /** Links the previous copy of `file` (a folder when it ends in `/`) into `workDir`; false when it is gone. */
  async keep(file: string, key: string, workDir: string): Promise<boolean> {
    const from = path.join(this.previousDir, file);
    const to = path.join(workDir, file);
    try {
      if (file.endsWith("/")) {
        const entries = await readdir(from, { recursive: true, withFileTypes: true });
        const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
        await eachConcurrently(files, (found) => linkInto(found, path.join(to, path.relative(from, found))));
      } else await linkInto(from, to);
    } catch {
      // Writing over a linked file would change the previous site's copy too: make it again in a clean place.
      await rm(to, { recursive: true, force: true });
      return false;
    }
    this.record(file, key, null);
    return true;
  }

  /**
   * Writes the previous copy of `file` with its live parts as this render prints them, into `targetDir` (the previous
   * site itself when only live parts moved); false when it cannot (gone, or edited by hand: make it again).
   */
  async refresh(file: string, key: string, targetDir: string, live: LiveContext): Promise<boolean> {
    const previous = await readFile(path.join(this.previousDir, file)).catch(() => null);
    if (previous === null || previous.length !== this.previous?.outputs.get(file)?.size) return false;
    const refreshed = refreshLiveParts(previous, live.parts, live.now, live.site);
    if (refreshed === null) return false;
    const target = path.join(targetDir, file);
    if (targetDir === this.previousDir) {
      if (!refreshed.html.equals(previous)) await replaceFile(target, refreshed.html);
    } else if (refreshed.html.equals(previous)) await linkInto(path.join(this.previousDir, file), target);
    else {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, refreshed.html);
    }
    this.record(file, key, refreshed.moves ? refreshed.html.length : null);
    return true;
  }

  /** Notes an output this render made (or kept) with its key, and its size when it holds a part that moves. */
  record(file: string, key: string, movingSize: number | null): void {
    this.made.set(file, { key, size: movingSize });
  }

  /** The previous render's outputs, for a render that changes only their live parts. */
  previousOutputs(): [string, OutputRecord][] {
    return [...(this.previous?.outputs ?? [])];
  }

  /** Writes the manifest of this render into `siteDir` (last, so a killed render leaves the previous one's). */
  async finish(siteDir: string, contentKey: string): Promise<void> {
    const outputs = Object.fromEntries([...this.made].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const manifest = Buffer.from(`${JSON.stringify({ content: contentKey, outputs }, null, 1)}\n`, "utf8");
    const file = path.join(siteDir, MANIFEST_FILE);
    // Left alone when it says the same, so a render that changed nothing writes nothing.
    if (!(await readFile(file).catch(() => null))?.equals(manifest)) await replaceFile(file, manifest);
  }
}
