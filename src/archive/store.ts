// The archive on disk: per feed, data/items/{slug}.json (the posts) and data/state/{slug}.json (what we
// remember about the feed). Pretty JSON, one file per feed, so the archive diffs well in git. Items and
// state are apart because state changes on every poll while items rarely do: a run with nothing new
// rewrites only the small state files.
import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FeedArchive, FeedError, FeedState, Item } from "../model.ts";
import { writeFileAtomic } from "./atomic-write.ts";
import { newFeedState } from "./feed-state.ts";

const FORMAT_VERSION = 1;

interface ItemsFile {
  version: number;
  items: Item[];
}

interface StateFile {
  version: number;
  state: FeedState;
}

export type ArchiveRead = { ok: true; archive: FeedArchive | null } | { ok: false; error: FeedError };

function itemsPath(dataDir: string, slug: string): string {
  return join(dataDir, "items", `${slug}.json`);
}

function statePath(dataDir: string, slug: string): string {
  return join(dataDir, "state", `${slug}.json`);
}

async function readJson(file: string): Promise<unknown | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  return JSON.parse(text) as unknown;
}

function hasVersion(value: unknown): value is { version: number } {
  return typeof value === "object" && value !== null && typeof (value as { version: unknown }).version === "number";
}

/** One archive file's content: null when the file does not exist; an error value when it cannot be used. */
export type FileRead<T> = { ok: true; value: T | null } | { ok: false; error: FeedError };

async function readArchiveFile<T>(file: string, pick: (content: { version: number }) => T): Promise<FileRead<T>> {
  let content: unknown;
  try {
    content = await readJson(file);
  } catch (error) {
    return {
      ok: false,
      error: {
        kind: "archive_failed",
        message: `The archive file ${file} could not be read. It was left untouched and the feed's archive was not updated; restore the file from a backup or git, or delete it to start this feed afresh.`,
        detail: error instanceof Error ? error.message : String(error),
      },
    };
  }
  if (content === null) return { ok: true, value: null };
  if (!hasVersion(content) || content.version > FORMAT_VERSION) {
    return {
      ok: false,
      error: {
        kind: "archive_failed",
        message: `${file} was written by a newer Blogroll or is not an archive file. It was left untouched; upgrade Blogroll or restore the file.`,
        detail: null,
      },
    };
  }
  return { ok: true, value: pick(content) };
}

/** What is remembered about a feed (defaults filled in for fields an older Blogroll did not write). */
export function readFeedState(dataDir: string, slug: string, url: string): Promise<FileRead<FeedState>> {
  return readArchiveFile(statePath(dataDir, slug), (content) => ({ ...newFeedState(url), ...((content as StateFile).state ?? {}) }));
}

export function readFeedItems(dataDir: string, slug: string): Promise<FileRead<Item[]>> {
  return readArchiveFile(itemsPath(dataDir, slug), (content) => (content as ItemsFile).items ?? []);
}

/** Reads one feed's archive; null when the feed was never archived. A damaged file is an error value, never overwritten. */
export async function readFeedArchive(dataDir: string, slug: string, url: string): Promise<ArchiveRead> {
  const [items, state] = await Promise.all([readFeedItems(dataDir, slug), readFeedState(dataDir, slug, url)]);
  if (!items.ok) return items;
  if (!state.ok) return state;
  if (items.value === null && state.value === null) return { ok: true, archive: null };
  return { ok: true, archive: { state: state.value ?? newFeedState(url), items: items.value ?? [] } };
}

export async function writeFeedState(dataDir: string, slug: string, state: FeedState): Promise<void> {
  await mkdir(join(dataDir, "state"), { recursive: true });
  const file: StateFile = { version: FORMAT_VERSION, state };
  await writeFileAtomic(statePath(dataDir, slug), JSON.stringify(file, null, 2) + "\n", { durable: false });
}

export async function writeFeedItems(dataDir: string, slug: string, items: Item[]): Promise<void> {
  await mkdir(join(dataDir, "items"), { recursive: true });
  const file: ItemsFile = { version: FORMAT_VERSION, items };
  await writeFileAtomic(itemsPath(dataDir, slug), JSON.stringify(file, null, 2) + "\n", { durable: true });
}

/**
 * Every configured feed's archive, for rendering and status. Unreadable ones are reported, not fatal. Read one
 * after another: each file's text is garbage as soon as it is parsed, whereas reading them all at once held every
 * file's text in memory together with what was parsed from it (twice the archive's size at the peak).
 */
export async function readArchives(
  dataDir: string,
  feeds: readonly { slug: string; url: string }[],
): Promise<{ archives: Map<string, FeedArchive>; errors: { slug: string; error: FeedError }[] }> {
  const archives = new Map<string, FeedArchive>();
  const errors: { slug: string; error: FeedError }[] = [];
  for (const feed of feeds) {
    const read = await readFeedArchive(dataDir, feed.slug, feed.url);
    if (!read.ok) errors.push({ slug: feed.slug, error: read.error });
    else if (read.archive) archives.set(feed.slug, read.archive);
  }
  return { archives, errors };
}

/** What is remembered about every configured feed (a feed never polled has no entry), and the files that could not be read. */
export async function readStates(
  dataDir: string,
  feeds: readonly { slug: string; url: string }[],
): Promise<{ states: Map<string, FeedState>; problems: { slug: string; error: FeedError }[] }> {
  const states = new Map<string, FeedState>();
  const problems: { slug: string; error: FeedError }[] = [];
  for (const feed of feeds) {
    const state = await readFeedState(dataDir, feed.slug, feed.url);
    if (!state.ok) problems.push({ slug: feed.slug, error: state.error });
    else if (state.value !== null) states.set(feed.slug, state.value);
  }
  return { states, problems };
}

/** The archive as a render reads it: each feed's state and a digest of its items at once, the items only on demand. */
export interface ArchiveSnapshot {
  /** By feed slug; a feed never polled has none. */
  states: Map<string, FeedState>;
  /** By feed slug: equal digests mean equal items. A feed with no items file has none. */
  itemsDigests: Map<string, string>;
  /** Every configured feed's archive. */
  read(): Promise<Map<string, FeedArchive>>;
  /** Archive files that could not be read, filled in as they are met. */
  problems: { slug: string; error: FeedError }[];
}

/**
 * Opens the archive for rendering: states are small and read at once; items are hashed as bytes (far cheaper than
 * parsing them), so a render can tell that no post changed without reading a single one.
 */
export async function openArchive(dataDir: string, feeds: readonly { slug: string; url: string }[]): Promise<ArchiveSnapshot> {
  const { states, problems } = await readStates(dataDir, feeds);
  const itemsDigests = new Map<string, string>();
  for (const feed of feeds) {
    const bytes = await readFile(itemsPath(dataDir, feed.slug)).catch(() => null);
    if (bytes !== null) itemsDigests.set(feed.slug, createHash("sha256").update(bytes).digest("hex"));
  }
  return {
    states,
    itemsDigests,
    problems,
    read: async () => {
      const { archives, errors } = await readArchives(dataDir, feeds);
      problems.push(...errors.filter((error) => !problems.some((known) => known.slug === error.slug)));
      return archives;
    },
  };
}
