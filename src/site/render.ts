// `blogroll render`: archive + config → a complete static site, built beside the old one and swapped in whole.
import { readFileSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Config, FeedArchive } from "../model.ts";
import type { StageTimings } from "../refresh/stage-timings.ts";
import { eachConcurrently } from "./each-concurrently.ts";
import { eleventyBatches } from "./eleventy-batches.ts";
import { buildSearchIndex, PAGEFIND_VERSION, searchRecords } from "./search-index.ts";
import { buildSiteFiles } from "./site-files.ts";
import { buildSiteView } from "./site-view.ts";
import { postLists } from "./posts.ts";
import { recoverInterruptedSwap, swapIntoPlace } from "./swap.ts";
import { IncrementalSite, type Refresh } from "./reuse.ts";
import { refreshStamps, stampsDigest, stampsOf } from "./stamps.ts";
import type { SiteView } from "./view-types.ts";

export interface RenderInput {
  config: Config;
  /** By feed slug; a feed may be missing (never fetched). */
  archives: Map<string, FeedArchive>;
  /** The build's instant: decides every `X ago` text, so the same inputs give byte-identical output. */
  now: Date;
  outDir: string;
  /** Where to add the time spent rendering pages and building the search index (`--timings`). */
  timings?: StageTimings;
}

export interface RenderReport {
  pages: number;
  /** Pages Eleventy rendered; the others were kept from the previous site (their stamps refreshed if need be). */
  rendered: number;
  files: number;
  outDir: string;
}

const projectDir = path.resolve(import.meta.dirname, "../..");
/**
 * What shapes the output besides its own data: templates, assets, Eleventy's config, the stamp markup, the feed and
 * OPML writers, and the versions of what we depend on.
 */
const renderInputs = [
  "templates",
  "public",
  ".eleventy.ts",
  "src/site/stamps.ts",
  "src/site/feeds",
  "src/xml.ts",
  "src/config/opml.ts",
  "package.json",
].map((name) => path.join(projectDir, name));
const SEARCH_INDEX_DIR = "pagefind/";

async function searchIndex(view: SiteView, site: IncrementalSite): Promise<void> {
  const records = searchRecords(view);
  const key = site.keyOf({ pagefind: PAGEFIND_VERSION, records });
  if (await site.reuse(SEARCH_INDEX_DIR, key)) return;
  await buildSearchIndex(path.join(site.workDir, SEARCH_INDEX_DIR), records);
  site.made(SEARCH_INDEX_DIR, key);
}

const ELEVENTY_WORKER = new URL("./eleventy-worker.ts", import.meta.url);

/** One Eleventy run on a worker thread that ends with it, and whatever Eleventy kept in memory with it. */
function renderBatch(view: SiteView, outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(ELEVENTY_WORKER, { workerData: { view, outDir } });
    worker.once("error", reject);
    worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`Eleventy stopped with exit code ${code}.`))));
  });
}

/** Renders the pages whose key is new; the others are linked from the previous site, their stamps refreshed. */
async function renderPages(view: SiteView, site: IncrementalSite): Promise<number> {
  const keyed = view.pages.map((page) => {
    const stamps = stampsOf(page);
    const refresh: Refresh = { detail: stampsDigest(stamps), apply: (html) => refreshStamps(html, stamps) };
    return { page, key: site.keyOf({ chrome: view.chrome, page }), refresh, reused: false };
  });
  await eachConcurrently(keyed, async (entry) => {
    entry.reused = await site.reuse(entry.page.outputPath, entry.key, entry.refresh);
  });
  const fresh = keyed.filter((entry) => !entry.reused);
  // The main thread's memory is measured once, now that the view is built: after a run, the process may not have
  // given the worker's memory back yet, and its size then says little about what the next run may take.
  for (const batch of eleventyBatches(fresh, process.memoryUsage().rss)) {
    await renderBatch({ ...view, pages: batch.map(({ page }) => page) }, site.workDir);
    for (const { page, key, refresh } of batch) site.made(page.outputPath, key, refresh);
  }
  return fresh.length;
}

const PUBLIC_DIR = path.join(projectDir, "public");

/** public/ as it is (stylesheet, scripts, icon), less the type declarations that only the build reads. */
async function copyPublicFiles(site: IncrementalSite): Promise<void> {
  for (const entry of await readdir(PUBLIC_DIR, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith(".d.ts")) continue;
    const relativePath = path.relative(PUBLIC_DIR, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
    // The inputs' fingerprint covers public/, so the path alone keys the copy.
    await site.file(relativePath, site.keyOf({ public: relativePath }), () => readFileSync(path.join(PUBLIC_DIR, relativePath)));
  }
}

async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).length;
}

export async function renderSite(input: RenderInput): Promise<RenderReport> {
  const outDir = path.resolve(input.outDir);
  const workDir = `${outDir}.tmp-${process.pid}`;
  await recoverInterruptedSwap(outDir);
  try {
    const measure = <T>(stage: "render" | "search", work: () => Promise<T>): Promise<T> =>
      input.timings === undefined ? work() : input.timings.measure(stage, work);
    const { lists, view } = await measure("render", async () => {
      const postsByList = postLists(input.config, input.archives);
      return { lists: postsByList, view: buildSiteView(input.config, input.archives, postsByList, input.now) };
    });
    const site = await IncrementalSite.open(outDir, workDir, renderInputs);
    // Pagefind is a process of its own and reads page data, not pages: it indexes while Eleventy renders.
    // Both run to the end before an error is thrown, so nothing still writes into the folder that is then removed.
    let rendered = 0;
    const outcomes = await Promise.allSettled([
      measure("search", () => searchIndex(view, site)),
      measure("render", async () => {
        rendered = await renderPages(view, site);
        for (const file of buildSiteFiles(input.config, input.archives, lists, input.now)) {
          await site.file(file.path, site.keyOf(file.source), file.content);
        }
        await copyPublicFiles(site);
      }),
    ]);
    for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
    await measure("render", () => site.finish());
    const files = await countFiles(workDir);
    await swapIntoPlace(workDir, outDir);
    return { pages: view.pages.length, rendered, files, outDir };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw new Error(`Could not render the site into ${outDir}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
