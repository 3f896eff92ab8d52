// How the pages to render are cut into Eleventy runs.
//
// Eleventy keeps what it renders in memory, even across runs in one process (on the large benchmark it grew the
// heap from 0.9 to 2.2 GB), so each run has a worker thread of its own that ends with it. A run's memory grows
// with the post bodies it carries, and every run costs a worker start-up (about half a second: loading Eleventy,
// reading its config and templates). So runs are as large as the memory budget allows once the main thread's
// share (mostly the archive) is counted: a small site renders in one run, the large benchmark's 50,000 posts in
// runs of 150 pages.
import type { PageView } from "./view-types.ts";

/** The render's memory budget, the benchmark's limit for a 50,000-post archive. */
export const MEMORY_BUDGET_BYTES = 1.5 * 1024 ** 3;
/**
 * Measured on the large benchmark (peak RSS 1.55 GiB at 300 pages a run, 1.46 GiB at 150): a worker's own
 * footprint, and what it holds per byte of post body (the body, the page's HTML as Eleventy keeps it, the copies
 * in between) and per page besides.
 */
const WORKER_BASE_BYTES = 320 * 1024 ** 2;
const WORKER_BYTES_PER_BODY_BYTE = 3;
const WORKER_BYTES_PER_PAGE = 16 * 1024;
/**
 * Runs never get smaller: 150 pages a run keeps the large benchmark just under the budget (1.46 GiB measured), and
 * smaller runs there would multiply the start-ups (runs of 50 made its cold render 40 s slower) for little memory.
 */
const MIN_PAGES_PER_RUN = 150;

function pageCost(page: PageView): number {
  const bodies = page.kind === "list" ? page.posts.reduce((sum, post) => sum + post.contentHtml.length, 0) : 0;
  return WORKER_BYTES_PER_PAGE + bodies * WORKER_BYTES_PER_BODY_BYTE;
}

/** Consecutive runs over `pages`, each within what the budget leaves beside `mainThreadBytes`. */
export function eleventyBatches<T extends { page: PageView }>(pages: readonly T[], mainThreadBytes: number): T[][] {
  const allowance = MEMORY_BUDGET_BYTES - mainThreadBytes - WORKER_BASE_BYTES;
  const batches: T[][] = [];
  let batch: T[] = [];
  let cost = 0;
  for (const entry of pages) {
    const next = pageCost(entry.page);
    if (batch.length >= MIN_PAGES_PER_RUN && cost + next > allowance) {
      batches.push(batch);
      batch = [];
      cost = 0;
    }
    batch.push(entry);
    cost += next;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
