// The search index as segments (see segment-plan.ts): plans them, keeps from the previous site every segment whose
// key it already holds, builds the others on worker threads (each with a Pagefind process of its own), and writes
// the list the search page merges. A segment's key is what it holds, not the program: an upgrade of Blogroll that
// leaves a segment's records as they were keeps it.
import { createHash } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { linkFile, linkTree } from "../../disk.ts";
import { openChannel } from "../../worker-channel.ts";
import { readSegmentList, writeSegmentList, type SegmentList } from "./segment-list.ts";
import { PAGE_FILES, pagefindVersion, trimBundle, type SkippedPost } from "./pagefind-index.ts";
import { RECORD_FORMAT, searchOrder, type SearchPost } from "./records.ts";
import { inOrder, planSegments, segmentWeights, SITE_SEGMENTS, type PlannedSegment, type PlanEntry, type SegmentBounds } from "./segment-plan.ts";
import { fromSegmentWorker, type FromSegmentWorker, type ToSegmentWorker } from "./segment-protocol.ts";

const SEGMENTS_DIR = "segments";

const SEGMENT_WORKER = new URL("./segment-worker.ts", import.meta.url);
/**
 * A segment's worker holds its posts (at most the plan's bound, 16 MB of markup) and their records twice over while
 * Pagefind takes them: 512 MB leaves room without letting a runaway worker take the machine.
 */
const WORKER_HEAP_MB = 512;

export interface SegmentedIndexInput {
  posts: readonly SearchPost[];
  /** The previous site, whose segments are kept when their keys match. */
  previousDir: string;
  /** The site being built. */
  workDir: string;
  /** The index's folder inside the site (ends in `/`). */
  indexPath: string;
  bounds?: SegmentBounds;
}

export interface SegmentedIndex {
  /** Posts Pagefind refused (the rest are searchable). */
  skipped: SkippedPost[];
  /** Segments in the index, and those built by this render (the others were kept). */
  total: number;
  made: number;
}

/** A search index being built. */
export interface SegmentedIndexBuild {
  done: Promise<SegmentedIndex>;
  /** Gives it up (the render failed): the workers end and their Pagefind processes with them. */
  cancel(): Promise<void>;
}

function planEntry(post: SearchPost): PlanEntry & { post: SearchPost } {
  const digest = createHash("sha256").update(JSON.stringify(post)).digest("hex");
  return { order: searchOrder(post), url: post.url, bytes: post.contentHtml.length, digest, post };
}

/** Builds one segment's bundle into `outputDir` on a worker thread; `track` is given the worker, to end it on cancel. */
function buildOnWorker(posts: SearchPost[], outputDir: string, track: (worker: Worker | null) => void): Promise<SkippedPost[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SEGMENT_WORKER, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    track(worker);
    const settle = (answer: FromSegmentWorker | Error): void => {
      track(null);
      if (answer instanceof Error) reject(answer);
      else if (answer.kind === "built") resolve(answer.skipped);
      else reject(new Error(answer.message));
    };
    const channel = openChannel<FromSegmentWorker, ToSegmentWorker>(worker, "The render", fromSegmentWorker, settle, (error) => {
      settle(error);
      void worker.terminate();
    });
    worker.once("error", settle);
    // After an answer, a rejection changes nothing; before one, the worker died without a word.
    worker.once("exit", (code) => settle(new Error(`A search segment's worker stopped unexpectedly (exit code ${code}).`)));
    channel.send({ kind: "build", outputDir, posts });
  });
}

/**
 * Builds the index of `posts` into `<workDir>/<indexPath>`. Segments to make are built on up to two worker threads
 * at a time (each segment's Pagefind uses one core; see SITE_SEGMENTS for what two at once cost in memory).
 */
export function buildSearchSegments(input: SegmentedIndexInput): SegmentedIndexBuild {
  const workers = new Set<Worker>();
  let cancelled = false;
  const done = (async (): Promise<SegmentedIndex> => {
    const indexDir = path.join(input.workDir, input.indexPath);
    const previousDir = path.join(input.previousDir, input.indexPath);
    const [version, previous] = await Promise.all([pagefindVersion(), readSegmentList(previousDir)]);
    const ordered = inOrder(input.posts.map(planEntry));
    const plan = planSegments(ordered, input.bounds ?? SITE_SEGMENTS, `records ${RECORD_FORMAT} pagefind ${version}`);
    const held = new Set(previous?.segments.map((segment) => segment.key));
    const bundleOf = (segment: PlannedSegment): string => `${SEGMENTS_DIR}/${segment.key}/`;
    const toMake: PlannedSegment[] = [];
    await Promise.all(
      plan.map(async (segment) => {
        const target = path.join(indexDir, bundleOf(segment));
        const kept = held.has(segment.key) && (await linkTree(path.join(previousDir, bundleOf(segment)), target).then(() => true, () => false));
        if (!kept) {
          await rm(target, { recursive: true, force: true });
          toMake.push(segment);
        }
      }),
    );
    // The page's own files come with every bundle Pagefind writes; when none is written they are the previous site's.
    const pageFilesKept =
      toMake.length === 0 &&
      (await Promise.all(PAGE_FILES.map((file) => linkFile(path.join(previousDir, file), path.join(indexDir, file)))).then(
        () => true,
        () => false,
      ));
    if (toMake.length === 0 && !pageFilesKept && plan.length > 0) toMake.push(plan[plan.length - 1] as PlannedSegment);
    const skipped: SkippedPost[] = [];
    // The largest first, so that the small ones fill the other core beside it rather than it running alone last.
    const queue = [...toMake].sort((a, b) => b.end - b.start - (a.end - a.start));
    const concurrency = Math.min(queue.length, Math.max(1, Math.min(2, availableParallelism())));
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let segment = queue.shift(); segment !== undefined && !cancelled; segment = queue.shift()) {
          const posts = ordered.slice(segment.start, segment.end).map((entry) => entry.post);
          let current: Worker | null = null;
          const found = await buildOnWorker(posts, path.join(indexDir, bundleOf(segment)), (worker) => {
            if (current !== null) workers.delete(current);
            current = worker;
            if (worker !== null) workers.add(worker);
          });
          skipped.push(...found);
        }
      }),
    );
    if (cancelled) throw new Error("The search index was given up.");
    const [firstMade] = toMake;
    if (firstMade !== undefined) {
      const bundle = path.join(indexDir, bundleOf(firstMade));
      await Promise.all(PAGE_FILES.map((file) => rename(path.join(bundle, file), path.join(indexDir, file))));
    }
    await Promise.all(toMake.map((segment) => trimBundle(path.join(indexDir, bundleOf(segment)))));
    const newestFirst = [...plan].reverse();
    const weights = segmentWeights(newestFirst.map((segment) => segment.end - segment.start));
    const list: SegmentList = {
      segments: newestFirst.map((segment, at) => ({ key: segment.key, bundle: bundleOf(segment), weight: weights[at] ?? 1, posts: segment.end - segment.start })),
    };
    await writeSegmentList(indexDir, list);
    return { skipped, total: plan.length, made: toMake.length };
  })();
  return {
    done,
    cancel: async () => {
      cancelled = true;
      await Promise.all([...workers].map((worker) => worker.terminate()));
      await done.catch(() => undefined);
    },
  };
}
