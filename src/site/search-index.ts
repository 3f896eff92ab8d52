// The Pagefind index under <site>/pagefind/: one record per post, found by any word of its text, filtered by source
// and category, sorted by date. Records come from the posts, not from the rendered pages: reading every page's HTML
// made the index the slowest part of a build.
import { Worker } from "node:worker_threads";
import { decodeHTML } from "entities";
import * as pagefind from "pagefind";
import type { SanitizedHtml } from "../model.ts";
import { pageOfPost } from "./pagination.ts";
import { pagedPath, sourcePath, type Linker } from "./paths.ts";
import type { Post } from "./posts.ts";
import type { PostView } from "./view-types.ts";

/** What a post's record is made from; cheap to list, so the index's render key needs no text extracted. */
export interface SearchPost {
  /** The post itself: its own address, as every title on the site links to it, else its place on our source page. */
  url: string;
  title: string;
  source: string;
  categories: string[];
  /** The post's date as the site prints it, and as ISO for sorting. */
  date: string;
  published: string;
  summary: string;
  contentHtml: SanitizedHtml;
}

/** Each record's sort key, the post's date: the search page lists results newest first. */
export const SEARCH_SORT_KEY = "date";

/** Each post as its pages show it (`viewOf`: its view, made once for all of them): the same link, date and words. */
export function searchPosts(
  posts: readonly Post[],
  bySource: ReadonlyMap<string, readonly Post[]>,
  linker: Linker,
  perPage: number,
  viewOf: (post: Post) => PostView,
): SearchPost[] {
  return posts.map((post) => {
    const view = viewOf(post);
    return {
      url: view.link ?? linker.href(`${ownPage(post, bySource, perPage)}#${view.anchor}`),
      title: view.title,
      source: post.source.name,
      categories: post.categories,
      date: view.published.absolute ?? view.published.text,
      published: post.item.published,
      summary: view.summary,
      contentHtml: view.contentHtml,
    };
  });
}

/** The page of its source's list a post stands on for good (a numbered page, where the list has them). */
function ownPage(post: Post, bySource: ReadonlyMap<string, readonly Post[]>, perPage: number): string {
  const posts = bySource.get(post.source.slug) ?? [];
  const position = posts.findIndex((standing) => standing.item.id === post.item.id);
  return pagedPath(sourcePath(post.source.slug), pageOfPost(Math.max(0, position), posts.length, perPage));
}

const TAG = /<[^>]*>/g;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Every distinct word of a post's text, in reading order. Pagefind's indexing time grows with every word it is given
 * (the running text of the small benchmark took it 14 s, its distinct words 4 s); its distinct words still find the
 * post by any of them, and results show the summary instead of an excerpt. The body is our sanitiser's output, whose
 * tags and quoted attributes never hold a raw `<` or `>`, so tags can be cut out without an HTML parser.
 */
export function distinctWords(html: string): string {
  const words = decodeHTML(html.replace(TAG, " ")).toLowerCase().match(WORD) ?? [];
  return [...new Set(words)].join(" ");
}

const RECORDS_IN_FLIGHT = 256;

export interface SkippedPost {
  url: string;
  reason: string;
}

/** A post as Pagefind receives it. */
export interface SearchRecord {
  url: string;
  content: string;
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
}

export function searchRecord(post: SearchPost): SearchRecord {
  return {
    url: post.url,
    content: `${post.title} ${distinctWords(post.contentHtml)}`,
    language: "en",
    meta: { title: post.title, source: post.source, date: post.date, summary: post.summary },
    filters: { source: [post.source], category: post.categories },
    sort: { [SEARCH_SORT_KEY]: post.published },
  };
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

function fail(step: string, errors: string[]): never {
  throw new Error(`Could not build the search index (${step}): ${errors.join("; ")}`);
}

/**
 * Has Pagefind index the records as they come (their text is extracted while Pagefind indexes the ones before). A
 * record Pagefind refuses is skipped and reported: one post never stops a build.
 */
export async function indexRecords(records: Iterable<SearchRecord> | AsyncIterable<SearchRecord>): Promise<BuiltIndex> {
  // Pagefind runs as a child process; it is stopped on every path, or the command could not exit.
  const close = (): Promise<void> => pagefind.close().then(() => undefined);
  try {
    const created = await pagefind.createIndex({ forceLanguage: "en" });
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
    // Pagefind answers each record over a pipe: many in flight keep it busy instead of waiting on each.
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

/** What the render sends the search index's worker thread, and what it answers. */
export type ToSearchWorker = { kind: "posts"; posts: SearchPost[] } | { kind: "end" };
export type FromSearchWorker = { kind: "taken" } | { kind: "done"; skipped: SkippedPost[] } | { kind: "failed"; message: string };

const SEARCH_WORKER = new URL("./search-worker.ts", import.meta.url);
/** A batch of posts is cut at this much markup (or one post, if larger): a few hundred posts of the benchmark's. */
const BATCH_BYTES = 2 * 1024 ** 2;
/** Markup sent and not yet made into records: enough to keep Pagefind busy while this thread renders a run. */
const BYTES_AHEAD = 16 * 1024 ** 2;
/**
 * The worker holds what was sent ahead and Pagefind's answers: about 25–65 MB in use for the large benchmark's 50,000
 * posts. Its heap is bounded (unbounded, V8 grew it by 150 MB on the small benchmark) but not tightly: at 128 MB V8
 * collected so often that feeding Pagefind took twice as long (165 s against 85 s to send those posts; in the build,
 * 107 s of the worker's 207 s went to the garbage collector).
 */
const WORKER_HEAP_MB = 256;

/** A search index being built on its worker thread. */
export interface SearchBuild {
  /** The posts Pagefind refused, once every file of the index is written. */
  done: Promise<SkippedPost[]>;
  /** Gives it up (the render failed): the worker ends and Pagefind with it. */
  cancel(): Promise<void>;
}

/**
 * Builds the index of `posts` into `outputDir` on a worker thread of its own, which makes their records and feeds
 * them to Pagefind (a process of its own). Pagefind indexes only as fast as it is fed and its answers read, and the
 * render's thread is busy with Eleventy for long stretches: fed from there, Pagefind waited. Posts are sent some
 * batches ahead of the worker, which says when it has taken one: Pagefind always has work queued, and the queue
 * stays small (all 50,000 records queued at once took 300 MB).
 */
export function buildSearchIndex(posts: readonly SearchPost[], outputDir: string): SearchBuild {
  const worker = new Worker(SEARCH_WORKER, { workerData: { outputDir }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  let sent = 0;
  let ended = false;
  const inFlight: number[] = [];
  const sendAhead = (): void => {
    while (!ended && inFlight.reduce((sum, bytes) => sum + bytes, 0) < BYTES_AHEAD) {
      const batch: SearchPost[] = [];
      let bytes = 0;
      for (; sent < posts.length && (batch.length === 0 || bytes < BATCH_BYTES); sent++) {
        const post = posts[sent];
        if (post === undefined) break;
        batch.push(post);
        bytes += post.contentHtml.length;
      }
      ended = batch.length === 0;
      worker.postMessage((ended ? { kind: "end" } : { kind: "posts", posts: batch }) satisfies ToSearchWorker);
      inFlight.push(bytes);
    }
  };
  const done = new Promise<SkippedPost[]>((resolve, reject) => {
    worker.on("message", (message: FromSearchWorker) => {
      if (message.kind === "taken") {
        inFlight.shift();
        sendAhead();
      } else if (message.kind === "done") resolve(message.skipped);
      else reject(new Error(message.message));
    });
    worker.once("error", reject);
    // After `done`, a rejection changes nothing; before it, the worker died without a word.
    worker.once("exit", (code) => reject(new Error(`The search index's worker stopped unexpectedly (exit code ${code}).`)));
  });
  sendAhead();
  return { done, cancel: () => worker.terminate().then(() => undefined) };
}
