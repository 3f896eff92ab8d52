// How many distinct words a post holds for its length, in the benchmark's corpus and in real feeds, so the bench can
// show that its posts have the vocabulary of real prose. A post of at least N words counts at N by its first N words;
// the figure at N is the median over those posts.
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseFeedDocument } from "../src/parse/parse-feed.ts";
import type { RawEntry } from "../src/parse/types.ts";
import { htmlToText } from "../src/sanitise/html-to-text.ts";

/** The post lengths, in words, the bench reports the vocabulary at. */
export const VOCABULARY_LENGTHS = [200, 500, 1_000] as const;

export interface DistinctAt {
  /** Words into the post. */
  length: number;
  /** Posts at least that long. */
  posts: number;
  /** Median distinct words among their first `length` words; NaN when no post is that long. */
  median: number;
}

/** Real feeds written by other projects, read in place beside the repository (never copied into it); absent in a fresh clone. */
export function realCorpusDir(repoDir: string): string {
  return resolve(repoDir, "..", "shared", "corpus", "real");
}

const WORD = /[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu;

/** A text's words, lower-cased, in order. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor(sorted.length / 2)] ?? Number.NaN);
}

export function distinctWordsPerPost(posts: readonly (readonly string[])[], lengths: readonly number[] = VOCABULARY_LENGTHS): DistinctAt[] {
  return lengths.map((length) => {
    const counts = posts.filter((words) => words.length >= length).map((words) => new Set(words.slice(0, length)).size);
    return { length, posts: counts.length, median: median(counts) };
  });
}

/** A post's words as a reader sees them: the HTML's text. */
export function postWords(html: string): string[] {
  return wordsOf(htmlToText(html));
}

function entryBody(entry: RawEntry): string | null {
  const body = entry.contentEncoded ?? entry.content ?? entry.description ?? entry.summary;
  if (!body) return null;
  return body.type === "text" ? body.value : htmlToText(body.value);
}

/**
 * The posts of every feed under `dir` (read with the project's own parser), each as its words; a post that appears in
 * several files (a feed and its first-entry excerpt) counts once. Null when the folder does not exist.
 */
export async function realCorpusPosts(dir: string): Promise<string[][] | null> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => null);
  if (entries === null) return null;
  const texts = new Set<string>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const parsed = await parseFeedDocument(await readFile(join(entry.parentPath, entry.name)), { url: "http://corpus.invalid/", contentType: null });
    if (!parsed.ok) continue;
    for (const item of parsed.feed.entries) {
      const text = entryBody(item);
      if (text !== null) texts.add(text.replace(/\s+/g, " ").trim());
    }
  }
  return [...texts].map(wordsOf);
}
