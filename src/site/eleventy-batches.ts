// How the pages to render are cut into Eleventy runs.
//
// Eleventy keeps what it renders in memory, even across runs in one process (on the large benchmark it grew the
// heap from 0.9 to 2.2 GB), so each run has a worker thread of its own that ends with it. Every run costs a worker
// start-up (about half a second: loading Eleventy, reading its config and templates), so a site whose pages fit in
// the memory budget beside what the main thread holds (mostly the archive) renders in one run; a larger one in runs
// of 150 pages, what was measured to keep the large benchmark's 50,000 posts within the budget.
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
 * Runs of 150 pages kept the large benchmark within the budget (1.44-1.50 GiB at the peak). Fitting runs to the
 * room left instead made them larger than the estimate allowed for once a build had fetched, or so small (50 pages)
 * that start-ups added 40 s to the large cold render.
 */
export const PAGES_PER_RUN = 150;

function pageCost(page: PageView): number {
  const bodies = page.kind === "list" ? page.posts.reduce((sum, post) => sum + post.contentHtml.length, 0) : 0;
  return WORKER_BYTES_PER_PAGE + bodies * WORKER_BYTES_PER_BODY_BYTE;
}

/** Consecutive runs over `pages`: all at once when they fit beside `mainThreadBytes`, else PAGES_PER_RUN a run. */
export function eleventyBatches<T extends { page: PageView }>(pages: readonly T[], mainThreadBytes: number): T[][] {
  const allowance = MEMORY_BUDGET_BYTES - mainThreadBytes - WORKER_BASE_BYTES;
  const cost = pages.reduce((sum, entry) => sum + pageCost(entry.page), 0);
  const size = cost <= allowance ? pages.length : PAGES_PER_RUN;
  const batches: T[][] = [];
  for (let start = 0; start < pages.length; start += size) batches.push(pages.slice(start, start + size));
  return batches;
}
