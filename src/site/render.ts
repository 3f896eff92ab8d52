// `blogroll render`: archive + config → a complete static site, built beside the old one and swapped in whole.
import { readFileSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Config, FeedArchive } from "../model.ts";
import type { StageTimings } from "../refresh/stage-timings.ts";
import { eachConcurrently } from "./each-concurrently.ts";
import { eleventyBatches } from "./eleventy-batches.ts";
import { buildSearchIndex, PAGEFIND_VERSION, searchRecords, type BuiltIndex } from "./search-index.ts";
import { buildSiteFiles } from "./site-files.ts";
import { buildSiteView } from "./site-view.ts";
import { postLists } from "./posts.ts";
import { recoverInterruptedSwap, swapIntoPlace } from "./swap.ts";
import { IncrementalSite, type Refresh } from "./reuse.ts";
import { refreshStamps, stampsDigest, stampsOf } from "./stamps.ts";
import type { PageView, SiteView } from "./view-types.ts";

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

/** The search index: linked from the previous site when its records are unchanged, else built (not yet written). */
async function searchIndex(view: SiteView, site: IncrementalSite): Promise<{ key: string; index: BuiltIndex } | null> {
  const records = searchRecords(view);
  const key = site.keyOf({ pagefind: PAGEFIND_VERSION, records });
  if ((await site.reuse(SEARCH_INDEX_DIR, key)) === "linked") return null;
  return { key, index: await buildSearchIndex(records) };
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

/**
 * Renders the pages whose key is new; the others are linked from the previous site, or have their stamps refreshed.
 * Refreshing comes last: it reads and writes every such page, and that garbage should not sit in memory while an
 * Eleventy worker runs (on the large benchmark it came to a third of a gigabyte).
 */
async function renderPages(view: SiteView, site: IncrementalSite): Promise<number> {
  const keyed = view.pages.map((page) => {
    const stamps = stampsOf(page);
    const refresh: Refresh = { detail: stampsDigest(stamps), apply: (html) => refreshStamps(html, stamps) };
    return { page, key: site.keyOf({ chrome: view.chrome, page }), refresh, previous: "none" as "linked" | "refreshable" | "none" };
  });
  await eachConcurrently(keyed, async (entry) => {
    entry.previous = await site.reuse(entry.page.outputPath, entry.key, entry.refresh);
  });
  const fresh = keyed.filter((entry) => entry.previous === "none");
  await renderInRuns(view, fresh, site);
  const unrefreshed: typeof keyed = [];
  await eachConcurrently(
    keyed.filter((entry) => entry.previous === "refreshable"),
    async (entry) => {
      if (!(await site.refreshFrom(entry.page.outputPath, entry.key, entry.refresh))) unrefreshed.push(entry);
    },
  );
  // A previous copy that could not be refreshed (edited by hand, or gone) is rendered after all.
  await renderInRuns(view, unrefreshed, site);
  return fresh.length + unrefreshed.length;
}

async function renderInRuns(view: SiteView, pages: { page: PageView; key: string; refresh: Refresh }[], site: IncrementalSite): Promise<void> {
  // The main thread's memory is measured once, before the runs: after a run, the process may not have given the
  // worker's memory back yet, and its size then says little about what the next run may take.
  for (const batch of eleventyBatches(pages, process.memoryUsage().rss)) {
    await renderBatch({ ...view, pages: batch.map(({ page }) => page) }, site.workDir);
    for (const { page, key, refresh } of batch) site.made(page.outputPath, key, refresh);
  }
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
    // Pagefind is a process of its own and reads page data, not pages: it indexes while Eleventy renders, and its
    // files are written after. Both run to the end before an error is thrown, so nothing still writes into the
    // folder that is then removed.
    let rendered = 0;
    const [search, pages] = await Promise.allSettled([
      measure("search", () => searchIndex(view, site)),
      measure("render", async () => {
        rendered = await renderPages(view, site);
        for (const file of buildSiteFiles(input.config, input.archives, lists, input.now)) {
          await site.file(file.path, site.keyOf(file.source), file.content);
        }
        await copyPublicFiles(site);
      }),
    ]);
    const built = search.status === "fulfilled" ? search.value : null;
    if (pages.status === "rejected") {
      await built?.index.close();
      throw pages.reason;
    }
    if (search.status === "rejected") throw search.reason;
    if (built !== null) {
      await measure("search", () => built.index.write(path.join(workDir, SEARCH_INDEX_DIR)));
      site.made(SEARCH_INDEX_DIR, built.key);
    }
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
