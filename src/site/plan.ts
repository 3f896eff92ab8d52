// Every keep / refresh / make decision of a render, and its record. Each output is keyed by a digest of what it is
// made from (its source in the catalogue, or for the whole site the content in site-state.ts) and of the program
// itself; the keys of the previous render sit beside its pages in a manifest. A render plans from that manifest
// (for each output: keep it, refresh its live parts, or make it), carries out the keeps and refreshes, makes the
// rest, and commits: it records what it made and writes the manifest, last, so a killed render leaves the previous
// one's. Nothing is ever written where readers are served except by a rename (see swap.ts).
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, writeFile, rm } from "node:fs/promises";
import path from "node:path";
import { linkFile, linkTree } from "../disk.ts";
import type { SiteConfig } from "../model.ts";
import { eachConcurrently } from "./each-concurrently.ts";
import { isLiveValue, refreshLiveParts, type LiveValue } from "./live-parts.ts";

/** Beside the pages: the content key of the render, its calendar day, and each output's key. */
export const MANIFEST_FILE = "blogroll-render-keys.json";

export type Decision = "keep" | "refresh" | "make";

interface OutputRecord {
  key: string;
  /** A file's size, so that a copy changed since (edited by hand, damaged) is made again rather than refreshed; null for a folder. */
  size: number | null;
  /** The page holds a live part a later render may print differently (keeping it means refreshing it). */
  moves: boolean;
}

interface Manifest {
  content: string;
  /**
   * The previous render's calendar day (`yyyy-mm-dd` in the site's time zone): a render on an earlier day must redraw
   * every date, even those that read as dates (a post's date reads `X ago` on its own day). The day, not the instant,
   * so that the manifest of an unchanged site changes once a day, not on every run.
   */
  day: string;
  outputs: Map<string, OutputRecord>;
}

export interface LiveContext {
  /** Every named live part the site shows, as this render prints it. */
  parts: ReadonlyMap<string, LiveValue>;
  now: Date;
  site: SiteConfig;
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

async function readManifest(siteDir: string): Promise<Manifest | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path.join(siteDir, MANIFEST_FILE), "utf8"));
  } catch {
    // No previous site, or a damaged manifest: everything is made afresh.
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { content, day, outputs } = parsed as { content?: unknown; day?: unknown; outputs?: unknown };
  if (typeof content !== "string" || typeof day !== "string" || typeof outputs !== "object" || outputs === null) return null;
  const records = new Map<string, OutputRecord>();
  for (const [file, record] of Object.entries(outputs)) {
    const { key, size, moves } = (record ?? {}) as { key?: unknown; size?: unknown; moves?: unknown };
    if (typeof key === "string" && (size === null || typeof size === "number") && typeof moves === "boolean") records.set(file, { key, size, moves });
  }
  return { content, day, outputs: records };
}

/** Writes `bytes` to `file` in `siteDir` through the same path in `stagingDir`, then a rename: readers never see half a file. */
async function replaceIn(siteDir: string, stagingDir: string, file: string, bytes: Buffer): Promise<void> {
  const staged = path.join(stagingDir, file);
  await mkdir(path.dirname(staged), { recursive: true });
  await writeFile(staged, bytes);
  await rename(staged, path.join(siteDir, file));
}

/** What a render does with one output. */
export interface PlannedOutput {
  path: string;
  key: string;
  decision: Decision;
}

/** The previous site, as a render plans from it. */
export class PreviousSite {
  /** A post body stands on several pages and feeds: hashed once, not in every key. */
  private readonly bodyDigests = new Map<string, string>();

  readonly siteDir: string;
  private readonly manifest: Manifest | null;
  private readonly program: string;

  private constructor(siteDir: string, manifest: Manifest | null, program: string) {
    this.siteDir = siteDir;
    this.manifest = manifest;
    this.program = program;
  }

  static async open(siteDir: string): Promise<PreviousSite> {
    const [manifest, program] = await Promise.all([readManifest(siteDir), programFingerprint()]);
    return new PreviousSite(siteDir, manifest, program);
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

  private decide(file: string, key: string, day: string): Decision {
    const previous = this.manifest?.outputs.get(file);
    if (previous?.key !== key) return "make";
    // A date stamp that read as a date may read `X ago` again on an earlier day: refresh every page then.
    const dayWentBack = this.manifest !== null && day < this.manifest.day;
    return previous.moves || (dayWentBack && previous.size !== null && file.endsWith(".html")) ? "refresh" : "keep";
  }

  /**
   * The plan of a render whose content is the previous render's (`contentKey`): every output kept or refreshed,
   * in place; null when the content changed, or when an output is not as it was left (gone, or edited by hand).
   */
  async planUnchanged(contentKey: string, day: string): Promise<RenderPlan | null> {
    if (this.manifest?.content !== contentKey) return null;
    const outputs = [...this.manifest.outputs].map(([file, record]) => ({ path: file, key: record.key, decision: this.decide(file, record.key, day) }));
    const intact = await Promise.all(
      [...this.manifest.outputs].map(([file, record]) =>
        stat(path.join(this.siteDir, file)).then((found) => record.size === null || found.size === record.size, () => false),
      ),
    );
    return intact.includes(false) ? null : new RenderPlan(this, this.manifest, contentKey, day, outputs, true);
  }

  /** The plan of a render that made its catalogue: for each output (its path and key), keep, refresh or make. */
  plan(contentKey: string, day: string, outputs: readonly { path: string; key: string }[]): RenderPlan {
    return new RenderPlan(this, this.manifest, contentKey, day, outputs.map((output) => ({ ...output, decision: this.decide(output.path, output.key, day) })), false);
  }
}

/** One render's decisions, carried out into its work folder, then committed. */
export class RenderPlan {
  readonly outputs: readonly PlannedOutput[];
  /** The plan rewrites the published site's files in place (by renames), rather than building a new site to swap in. */
  readonly inPlace: boolean;
  private readonly made = new Map<string, OutputRecord>();
  private readonly keys: Map<string, string>;
  private readonly previous: PreviousSite;
  private readonly manifest: Manifest | null;
  private readonly contentKey: string;
  private readonly day: string;

  constructor(previous: PreviousSite, manifest: Manifest | null, contentKey: string, day: string, outputs: PlannedOutput[], inPlace: boolean) {
    this.previous = previous;
    this.manifest = manifest;
    this.contentKey = contentKey;
    this.day = day;
    this.outputs = outputs;
    this.keys = new Map(outputs.map((output) => [output.path, output.key]));
    this.inPlace = inPlace;
  }

  /**
   * Carries out every keep and refresh into `workDir` (or, for a plan in place, into the published site through
   * `workDir`); returns the outputs left to make: those planned so, and those whose previous copy could not be
   * kept or refreshed after all (gone, edited by hand). A plan in place that leaves any means the site must be made.
   */
  async carryOut(workDir: string, live: LiveContext): Promise<Set<string>> {
    const toMake = new Set<string>();
    await eachConcurrently(this.outputs, async (output) => {
      if (output.decision === "make" || !(output.decision === "keep" ? await this.keep(output, workDir) : await this.refresh(output, workDir, live))) {
        toMake.add(output.path);
      }
    });
    return toMake;
  }

  /** Links the previous copy of the output (a folder when its path ends in `/`) into `workDir`; false when it is gone. */
  private async keep(output: PlannedOutput, workDir: string): Promise<boolean> {
    const record = this.manifest?.outputs.get(output.path);
    if (this.inPlace) {
      this.made.set(output.path, { key: output.key, size: record?.size ?? null, moves: record?.moves ?? false });
      return true;
    }
    const from = path.join(this.previous.siteDir, output.path);
    const to = path.join(workDir, output.path);
    try {
      // A hard link where the file system allows one (the new site is built on the old one's), else a copy.
      if (output.path.endsWith("/")) await linkTree(from, to);
      else await linkFile(from, to);
    } catch {
      // Writing over a linked file would change the previous site's copy too: make it again in a clean place.
      await rm(to, { recursive: true, force: true });
      return false;
    }
    this.made.set(output.path, { key: output.key, size: record?.size ?? null, moves: record?.moves ?? false });
    return true;
  }

  /** Writes the previous copy of a page with its live parts as this render prints them; false when it cannot. */
  private async refresh(output: PlannedOutput, workDir: string, live: LiveContext): Promise<boolean> {
    const siteDir = this.previous.siteDir;
    const previous = await readFile(path.join(siteDir, output.path)).catch(() => null);
    if (previous === null || previous.length !== this.manifest?.outputs.get(output.path)?.size) return false;
    const refreshed = refreshLiveParts(previous, live.parts, live.now, live.site);
    if (refreshed === null) return false;
    const unchanged = refreshed.html.equals(previous);
    if (this.inPlace) {
      if (!unchanged) await replaceIn(siteDir, workDir, output.path, refreshed.html);
    } else if (unchanged) await linkFile(path.join(siteDir, output.path), path.join(workDir, output.path));
    else {
      await mkdir(path.dirname(path.join(workDir, output.path)), { recursive: true });
      await writeFile(path.join(workDir, output.path), refreshed.html);
    }
    this.made.set(output.path, { key: output.key, size: refreshed.html.length, moves: refreshed.moves });
    return true;
  }

  /** Notes an output this render made: its size (a file's; null for a folder) and whether it holds a part that moves. */
  recordMade(file: string, size: number | null, moves: boolean): void {
    const key = this.keys.get(file);
    if (key === undefined) throw new Error(`${file} is not an output of this render's plan.`);
    this.made.set(file, { key, size, moves });
  }

  /**
   * Writes the manifest of this render, last: into `workDir`, the site about to be swapped in; or, for a plan in
   * place, into the published site by a rename from `workDir`, and only when it says something new.
   */
  async commit(workDir: string): Promise<void> {
    const outputs = Object.fromEntries([...this.made].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const manifest = Buffer.from(`${JSON.stringify({ content: this.contentKey, day: this.day, outputs }, null, 1)}\n`, "utf8");
    if (!this.inPlace) {
      await writeFile(path.join(workDir, MANIFEST_FILE), manifest);
      return;
    }
    const published = path.join(this.previous.siteDir, MANIFEST_FILE);
    if (!(await readFile(published).catch(() => null))?.equals(manifest)) await replaceIn(this.previous.siteDir, workDir, MANIFEST_FILE, manifest);
  }
}
