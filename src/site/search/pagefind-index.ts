// The Pagefind wrapper: one index in Pagefind's process, fed records and written as one segment's bundle.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as pagefind from "pagefind";
import * as z from "zod";
import type { SearchRecord } from "./records.ts";

export interface SkippedPost {
  url: string;
  reason: string;
}

/** An index Pagefind has built and holds, until its files are written or it is given up. */
export interface BuiltIndex {
  /** Posts Pagefind refused; the others are searchable. */
  skipped: SkippedPost[];
  /** Writes the index's files into `outputDir` and stops Pagefind. */
  write(outputDir: string): Promise<void>;
  /** Stops Pagefind without writing. */
  close(): Promise<void>;
}

/** Pagefind answers each record over a pipe: many in flight keep it busy instead of waiting on each. */
const RECORDS_IN_FLIGHT = 256;
/**
 * A segment's posts' fragments (each post's text and meta, fetched per result shown) are grouped into at most this
 * many files: one file per post would put some 50,000 files in the large benchmark's site, past what a static host
 * takes (Cloudflare Pages: 20,000). A group of a large segment holds some 16 posts, a few tens of KB gzipped.
 */
export const MAX_FRAGMENT_FILES = 256;

function fail(step: string, errors: string[]): never {
  throw new Error(`Could not build the search index (${step}): ${errors.join("; ")}`);
}

/**
 * Has Pagefind index the records as they come. A record Pagefind refuses is skipped and reported: one post never
 * stops a build.
 */
export async function indexRecords(records: Iterable<SearchRecord> | AsyncIterable<SearchRecord>): Promise<BuiltIndex> {
  // Pagefind runs as a child process; it is stopped on every path, or the command could not exit.
  const close = (): Promise<void> => pagefind.close().then(() => undefined);
  try {
    const created = await pagefind.createIndex({ forceLanguage: "en", maxFragments: MAX_FRAGMENT_FILES });
    if (created.index === undefined) fail("starting Pagefind", created.errors);
    const { index } = created;
    const skipped: SkippedPost[] = [];
    const add = async (record: SearchRecord): Promise<void> => {
      const errors = await index.addCustomRecord(record).then(
        (response) => response.errors,
        (error: unknown) => [error instanceof Error ? error.message : String(error)],
      );
      if (errors.length > 0) skipped.push({ url: record.url, reason: errors.join("; ") });
    };
    const added: Promise<void>[] = [];
    for await (const record of records) {
      added.push(add(record));
      if (added.length >= RECORDS_IN_FLIGHT) await added.shift();
    }
    await Promise.all(added);
    const write = async (outputDir: string): Promise<void> => {
      try {
        const written = await index.writeFiles({ outputPath: outputDir });
        if (written.errors.length > 0) fail("writing the index", written.errors);
      } finally {
        await close();
      }
    };
    return { skipped, write, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The search page's own files, which Pagefind writes into every bundle: one copy serves the page (at the root of
 * the index's folder), none is needed inside a segment. A segment keeps what searching it takes: pagefind.js and its
 * worker (the newest segment's load the others), the WebAssembly, the entry, meta, index, filter and fragment files.
 */
export const PAGE_FILES = ["pagefind-component-ui.js", "pagefind-component-ui.css"] as const;
const UNUSED_FILES = ["pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js"];

/** Removes from a written bundle the files no reader loads from a segment (the page's own are moved out first). */
export async function trimBundle(bundleDir: string): Promise<void> {
  await Promise.all([...UNUSED_FILES, ...PAGE_FILES].map((file) => rm(path.join(bundleDir, file), { force: true })));
}

const packageSchema = z.object({ version: z.string() });

/** Pagefind's version, as installed: part of every segment's key (a new Pagefind writes other files). */
export async function pagefindVersion(): Promise<string> {
  const entry = fileURLToPath(import.meta.resolve("pagefind"));
  const manifest = path.join(path.dirname(entry), "..", "package.json");
  return packageSchema.parse(JSON.parse(await readFile(manifest, "utf8"))).version;
}
