// The archive on disk: per feed, data/items/{slug}.json (the posts) and data/state/{slug}.json (what we
// remember about the feed). Pretty JSON, one file per feed, so the archive diffs well in git. Items and
// state are apart because state changes on every poll while items rarely do: a run with nothing new
// rewrites only the small state files.
//
// Each file keeps its previous generation beside it ({slug}.prev.json): a file that cannot be read (truncated, not
// JSON, the wrong shape) is replaced by that generation, and the damaged one is kept as {slug}.damaged.json until
// the owner has looked at it. A file damaged in both generations is reported and never written over.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type * as z from "zod";
import type { FeedArchive, FeedError, FeedState, Item } from "../model.ts";
import { wellFormed } from "../normalise/unicode.ts";
import { SANITISE_POLICY_VERSION } from "../sanitise/policy-version.ts";
import { errorCode, isMissing, removeTemporaryFiles, replaceWithCopy, unlessMissing, writeFileAtomic } from "../disk.ts";
import { newFeedState, withoutValidators } from "./feed-state.ts";
import { salvageItems } from "./salvage.ts";
import { check, FORMAT_VERSION, itemsFileSchema, stateFileSchema } from "./schema.ts";

/** An archive file that could not be read as it was, and the generation used instead. */
export interface ArchiveRecovery {
  slug: string;
  /** Relative to the data folder (`items/example.json`): messages may reach the public /status/ page. */
  file: string;
  message: string;
  /**
   * The content stands in for the damaged or missing file in this read (its previous generation, or the whole posts
   * salvaged from it), so it may lack posts the feed lists; false when the file was restored by an earlier run.
   */
  replaced: boolean;
}

/** An archive file that could not be read in either generation: none of it is used, and nothing is written over it. */
export interface ArchiveFailure {
  slug: string;
  file: string;
  error: FeedError;
}

/** One archive file's content, null when the feed has none yet, and how it was come by. */
export type FileRead<T> = { ok: true; value: T | null; recovery: ArchiveRecovery | null } | { ok: false; failure: ArchiveFailure };

export interface ReadOptions {
  /**
   * Put a recovered generation back in place of the damaged file (which is kept aside). Only a run holding the
   * data folder's lock may; `status` reads without it and changes nothing.
   */
  repair: boolean;
}

type Kind = "items" | "state";

function relativePath(kind: Kind, slug: string, suffix = ""): string {
  return `${kind}/${slug}${suffix}.json`;
}

/** The three names one archive file goes by: itself, its previous generation, and a damaged copy kept aside. */
interface FileNames {
  relative: string;
  current: string;
  previous: string;
  damaged: string;
}

function fileNames(dataDir: string, kind: Kind, slug: string): FileNames {
  return {
    relative: relativePath(kind, slug),
    current: join(dataDir, relativePath(kind, slug)),
    previous: join(dataDir, relativePath(kind, slug, ".prev")),
    damaged: join(dataDir, relativePath(kind, slug, ".damaged")),
  };
}

type Generation<T> =
  | { state: "missing" }
  | { state: "read"; value: T }
  /** `text`: what the file held, when it could be read as text, for salvaging what is whole in it. */
  | { state: "damaged"; problem: string; text?: string }
  /** Written by a newer Blogroll: not damage, and no reason to fall back to an older generation. */
  | { state: "newer"; version: number };

function errorText(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}

async function readGeneration<T>(file: string, schema: z.ZodType<T>): Promise<Generation<T>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (isMissing(error)) return { state: "missing" };
    return { state: "damaged", problem: errorText(error) };
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    return { state: "damaged", problem: `not JSON: ${errorText(error)}`, text };
  }
  const version = typeof content === "object" && content !== null ? (content as { version?: unknown }).version : undefined;
  if (typeof version === "number" && version > FORMAT_VERSION) return { state: "newer", version };
  const checked = check(schema, content);
  if (!checked.ok) return { state: "damaged", problem: checked.problem, text };
  // Only a \u escape can carry a lone surrogate into JSON text; archives written before normalise repaired them may.
  return { state: "read", value: /\\u[dD][89a-fA-F]/.test(text) ? wellFormed(checked.value) : checked.value };
}

async function modifiedAt(file: string): Promise<string> {
  const { mtime } = await stat(file);
  return mtime.toISOString().replace(/\.\d{3}Z$/, "Z");
}

async function exists(file: string): Promise<boolean> {
  return unlessMissing(stat(file).then(() => true), false);
}

function relativeSibling(names: FileNames, which: "prev" | "damaged"): string {
  return `${dirname(names.relative)}/${basename(which === "prev" ? names.previous : names.damaged)}`;
}

/** What a damaged file with no previous generation still holds that may stand in for it, and how to say so. */
type Salvage<T> = (text: string) => { value: T; kept: string } | null;

async function readArchiveFile<T>(dataDir: string, kind: Kind, slug: string, schema: z.ZodType<T>, options: ReadOptions, salvage: Salvage<T> | null = null): Promise<FileRead<T>> {
  const names = fileNames(dataDir, kind, slug);
  const previousName = relativeSibling(names, "prev");
  const damagedName = relativeSibling(names, "damaged");
  const failure = (message: string, detail: string | null): FileRead<T> => ({
    ok: false,
    failure: { slug, file: names.relative, error: { kind: "archive_failed", message, detail } },
  });
  const current = await readGeneration(names.current, schema);
  if (current.state === "newer") {
    return failure(
      `The archive file ${names.relative} was written by a newer Blogroll (format ${current.version}; this one reads format ${FORMAT_VERSION}). It was left as it is and nothing was written for this feed. Fix: upgrade Blogroll.`,
      null,
    );
  }
  if (current.state === "read") {
    // A damaged copy kept aside says the file was restored earlier; it is reported until the owner deletes it.
    const restoredEarlier = await exists(names.damaged);
    const message = `${names.relative} was damaged and was restored. The damaged file is kept as ${damagedName}: compare the two, then delete ${damagedName}.`;
    return { ok: true, value: current.value, recovery: restoredEarlier ? { slug, file: names.relative, message, replaced: false } : null };
  }

  const previous = await readGeneration(names.previous, schema);
  if (current.state === "missing" && previous.state === "missing") return { ok: true, value: null, recovery: null };
  const what = current.state === "missing" ? `The archive file ${names.relative} is missing` : `The archive file ${names.relative} could not be read (${current.problem})`;
  const salvaged = current.state === "damaged" && previous.state === "missing" && current.text !== undefined && salvage !== null ? salvage(current.text) : null;
  if (salvaged !== null) {
    // No generation to fall back to, but the file's whole parts stand in: the feed is read in full again and the
    // posts it still lists come back, so one damaged file never stops the run or empties the source.
    if (!options.repair) {
      const message = `${what}, and it has no previous generation; ${salvaged.kept} are used instead. The next fetch or build keeps the damaged file as ${damagedName} and reads the feed in full.`;
      return { ok: true, value: salvaged.value, recovery: { slug, file: names.relative, message, replaced: true } };
    }
    await rename(names.current, names.damaged);
    await writeFileAtomic(names.current, JSON.stringify(salvaged.value, null, 2) + "\n", { durable: true });
    const message = `${what}, and it has no previous generation: it was replaced by ${salvaged.kept}, and the feed is read in full at the next fetch, so the posts it still lists come back. The damaged file is kept as ${damagedName}: compare the two, then delete ${damagedName}.`;
    return { ok: true, value: salvaged.value, recovery: { slug, file: names.relative, message, replaced: true } };
  }
  if (previous.state !== "read") {
    const previousWhy = previous.state === "missing" ? "there is none" : previous.state === "damaged" ? `it could not be read either: ${previous.problem}` : "it was written by a newer Blogroll";
    return failure(
      `${what}, and its previous generation ${previousName} cannot stand in (${previousWhy}). The file was left as it is and nothing was written for this feed. Fix: restore ${names.relative} from a backup (or from git, if the data folder is committed), or delete ${names.relative} and ${previousName} to start this feed afresh (its archived posts are then gone).`,
      current.state === "damaged" ? current.problem : null,
    );
  }
  const savedAt = await modifiedAt(names.previous);
  if (!options.repair) {
    const putBack = current.state === "damaged" ? ` and keeps the damaged file as ${damagedName}` : "";
    return {
      ok: true,
      value: previous.value,
      recovery: { slug, file: names.relative, message: `${what}; its previous generation, saved ${savedAt}, is used instead. The next fetch or build puts it back${putBack}.`, replaced: true },
    };
  }
  if (current.state === "damaged") await rename(names.current, names.damaged);
  await replaceWithCopy(names.previous, names.current, { shared: false });
  const kept = current.state === "damaged" ? ` The damaged file is kept as ${damagedName}: compare the two (posts fetched since ${savedAt} come back at the next fetch while the feed still lists them), then delete ${damagedName}.` : "";
  return {
    ok: true,
    value: previous.value,
    recovery: { slug, file: names.relative, message: `${what}; its previous generation, saved ${savedAt}, was put back in its place.${kept}`, replaced: true },
  };
}

/** What is remembered about a feed (defaults filled in for fields an older Blogroll did not write). */
export async function readFeedState(dataDir: string, slug: string, url: string, options: ReadOptions): Promise<FileRead<FeedState>> {
  const read = await readArchiveFile(dataDir, "state", slug, stateFileSchema, options);
  if (!read.ok) return read;
  return { ...read, value: read.value === null ? null : { ...newFeedState(url), ...read.value.state } };
}

type ItemsFile = z.infer<typeof itemsFileSchema>;

/** The whole posts of a damaged items file, as an items file of their own. */
function salvageItemsFile(text: string): { value: ItemsFile; kept: string } | null {
  const salvaged = salvageItems(text);
  if (salvaged === null) return null;
  const count = salvaged.items.length;
  const refused = salvaged.refused > 0 ? ` (${salvaged.refused} damaged ${salvaged.refused === 1 ? "post was" : "posts were"} left out)` : "";
  return {
    value: { version: FORMAT_VERSION, policy: salvaged.policy, items: salvaged.items },
    kept: count === 0 ? `an empty list of posts (not one post in it is whole)${refused}` : `the ${count} whole ${count === 1 ? "post" : "posts"} it still holds${refused}`,
  };
}

/**
 * A feed's posts. Posts cleaned by an older sanitiser policy are cleaned again by today's (their URLs are already
 * absolute, and cleaning is idempotent), and written back when the run may write (under the lock): once per feed.
 */
export async function readFeedItems(dataDir: string, slug: string, options: ReadOptions): Promise<FileRead<Item[]>> {
  const read = await readArchiveFile(dataDir, "items", slug, itemsFileSchema, options, salvageItemsFile);
  if (!read.ok || read.value === null) return read.ok ? { ...read, value: null } : read;
  if (read.value.policy >= SANITISE_POLICY_VERSION) return { ...read, value: read.value.items };
  // Loaded only then: the sanitiser (sanitize-html and what it brings) is the ingest workers' code, not the run's.
  const { sanitiseHtml } = await import("../sanitise/sanitise.ts");
  const items = read.value.items.map((item) => ({ ...item, contentHtml: sanitiseHtml(item.contentHtml, item.link) }));
  if (options.repair) await writeFeedItems(dataDir, slug, items);
  return { ...read, value: items };
}

export interface FeedArchiveRead {
  /** Null when the feed was never archived, or when its items cannot be read. */
  archive: FeedArchive | null;
  recoveries: ArchiveRecovery[];
  failures: ArchiveFailure[];
}

/** One feed's archive. Posts are kept whenever they can be read: a state file lost in both generations starts afresh. */
export async function readFeedArchive(dataDir: string, slug: string, url: string, options: ReadOptions): Promise<FeedArchiveRead> {
  const items = await readFeedItems(dataDir, slug, options);
  let state = await readFeedState(dataDir, slug, url, options);
  if (options.repair && items.ok && items.recovery?.replaced && state.ok && state.value !== null) {
    // The restored posts are older than the state's validators: without them the next fetch reads the whole
    // document, and the posts it still lists that the damaged file held come back.
    const value = withoutValidators(state.value);
    await writeFeedState(dataDir, slug, value);
    state = { ...state, value };
  }
  const recoveries = [items, state].flatMap((read) => (read.ok && read.recovery !== null ? [read.recovery] : []));
  const failures = [items, state].flatMap((read) => (read.ok ? [] : [read.failure]));
  if (!items.ok || (items.value === null && (!state.ok || state.value === null))) return { archive: null, recoveries, failures };
  return { archive: { state: (state.ok ? state.value : null) ?? newFeedState(url), items: items.value ?? [] }, recoveries, failures };
}

/** Writes one archive file, keeping the one it replaces as the previous generation. */
async function writeArchiveFile(dataDir: string, kind: Kind, slug: string, content: unknown, durable: boolean): Promise<void> {
  await mkdir(join(dataDir, kind), { recursive: true });
  const names = fileNames(dataDir, kind, slug);
  // The file being replaced was read and checked by this run (the caller holds the lock), so it is a good generation.
  await unlessMissing(replaceWithCopy(names.current, names.previous, { shared: true }), undefined);
  await writeFileAtomic(names.current, JSON.stringify(content, null, 2) + "\n", { durable });
}

export function writeFeedState(dataDir: string, slug: string, state: FeedState): Promise<void> {
  return writeArchiveFile(dataDir, "state", slug, { version: FORMAT_VERSION, state }, false);
}

export function writeFeedItems(dataDir: string, slug: string, items: Item[]): Promise<void> {
  return writeArchiveFile(dataDir, "items", slug, { version: FORMAT_VERSION, policy: SANITISE_POLICY_VERSION, items }, true);
}

export interface ArchivesRead {
  archives: Map<string, FeedArchive>;
  /** Files replaced by their previous generation, or restored earlier with the damaged copy still kept aside. */
  recoveries: ArchiveRecovery[];
  /** Files that could not be read in either generation. */
  failures: ArchiveFailure[];
}

/**
 * Every configured feed's archive, for rendering and status. Read one after another: each file's text is garbage as
 * soon as it is parsed, whereas reading them all at once held every file's text in memory together with what was
 * parsed from it (twice the archive's size at the peak).
 */
export async function readArchives(dataDir: string, feeds: readonly { slug: string; url: string }[], options: ReadOptions): Promise<ArchivesRead> {
  const archives = new Map<string, FeedArchive>();
  const recoveries: ArchiveRecovery[] = [];
  const failures: ArchiveFailure[] = [];
  for (const feed of feeds) {
    const read = await readFeedArchive(dataDir, feed.slug, feed.url, options);
    if (read.archive !== null) archives.set(feed.slug, read.archive);
    recoveries.push(...read.recoveries);
    failures.push(...read.failures);
  }
  return { archives, recoveries, failures };
}

/**
 * Removes the temporary files that a killed run, or a write the disk refused, left among the archive's files.
 * Call it only while holding the data folder's lock. Returns how many there were.
 */
export async function removeTemporaryArchiveFiles(dataDir: string): Promise<number> {
  const kinds: Kind[] = ["items", "state"];
  const counts = await Promise.all(kinds.map((kind) => removeTemporaryFiles(join(dataDir, kind))));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** What is remembered about every configured feed (a feed never polled has none), read without repairing anything. */
export async function readStates(dataDir: string, feeds: readonly { slug: string; url: string }[], options: ReadOptions): Promise<{ states: Map<string, FeedState> } & Omit<ArchivesRead, "archives">> {
  const states = new Map<string, FeedState>();
  const recoveries: ArchiveRecovery[] = [];
  const failures: ArchiveFailure[] = [];
  for (const feed of feeds) {
    const read = await readFeedState(dataDir, feed.slug, feed.url, options);
    if (!read.ok) failures.push(read.failure);
    else {
      if (read.value !== null) states.set(feed.slug, read.value);
      if (read.recovery !== null) recoveries.push(read.recovery);
    }
  }
  return { states, recoveries, failures };
}

/** The archive as a render reads it: each feed's state and a digest of its items at once, the items only on demand. */
export interface ArchiveSnapshot {
  /** By feed slug; a feed never polled has none. */
  states: Map<string, FeedState>;
  /** State files recovered or lost while reading the states. */
  problems: Omit<ArchivesRead, "archives">;
  /**
   * By feed slug: equal digests mean the same items file (and the same damaged copy kept aside, if any), so a render
   * can tell that no post changed without reading one.
   */
  itemsDigests: Map<string, string>;
  /** Every configured feed's archive, with the files recovered or lost on the way. */
  read(): Promise<ArchivesRead>;
}

/** Opens the archive for rendering: states are small and read at once; items files are hashed as bytes, far cheaper than parsing them. */
export async function openArchive(dataDir: string, feeds: readonly { slug: string; url: string }[], options: ReadOptions): Promise<ArchiveSnapshot> {
  const { states, recoveries, failures } = await readStates(dataDir, feeds, options);
  const itemsDigests = new Map<string, string>();
  for (const feed of feeds) {
    const names = fileNames(dataDir, "items", feed.slug);
    const hash = createHash("sha256");
    for (const file of [names.current, names.damaged]) hash.update(file).update((await readFile(file).catch(() => null)) ?? "\0none");
    itemsDigests.set(feed.slug, hash.digest("hex"));
  }
  return { states, problems: { recoveries, failures }, itemsDigests, read: () => readArchives(dataDir, feeds, options) };
}
