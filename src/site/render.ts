// `blogroll render`: archive + config → the static site. The catalogue names every output and what it is made from;
// plan.ts decides which the previous site already holds; Eleventy renders the pages left, Pagefind indexes the posts
// at the same time (in its own process), and the files are written. The new site is built in a work folder and
// swapped in whole (swap.ts), except when the site's content is unchanged: then the moved live parts are rewritten
// in place, each file written in the work folder and renamed over its published copy.
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config, FeedArchive } from "../model.ts";
import type { ArchiveSnapshot, ArchivesRead } from "../archive/store.ts";
import type { StageTimings } from "../refresh/stage-timings.ts";
import type { Catalogue, FileOutput, SearchOutput } from "./catalogue.ts";
import { collectGarbage } from "./collect-garbage.ts";
import { calendarDay } from "./dates.ts";
import { eachConcurrently } from "./each-concurrently.ts";
import { viewMoves } from "./live-parts.ts";
import { searchIndexPath } from "./paths.ts";
import { PreviousSite, type LiveContext, type RenderPlan } from "./plan.ts";
import { namedLiveParts, siteContent, siteState } from "./site-state.ts";
import { recoverInterruptedSwap, siteFolder, swapIntoPlace } from "./swap.ts";
import type { SegmentedIndexBuild } from "./search/segments.ts";
import type { SegmentBounds } from "./search/segment-plan.ts";
import type { PageView } from "./view-types.ts";

export interface RenderInput {
  config: Config;
  archive: ArchiveSnapshot;
  /** The build's instant: decides every `X ago` text, so the same inputs give byte-identical output. */
  now: Date;
  outDir: string;
  /** Where to add the time spent rendering pages and building the search index (`--timings`). */
  timings?: StageTimings;
  /** How the search index is cut into segments (tests make them small); SITE_SEGMENTS by default. */
  searchSegments?: SegmentBounds;
}

export interface RenderReport {
  pages: number;
  /** Pages rendered again; the others were kept from the previous site (their live parts refreshed if need be). */
  pagesMade: number;
  /** The same as pagesMade, under its earlier name. */
  rendered: number;
  /** The search index's segments, and how many of them were built again. */
  searchSegments: { total: number; made: number };
  files: number;
  outDir: string;
  /** Posts left out of the search index, and why; the rest of the site is complete. */
  warnings: string[];
  /** Archive files recovered from their previous generation, or lost, on the way (shown on /status/ too). */
  archive: Omit<ArchivesRead, "archives">;
  /** Archived posts the owner's filters hide from the site; null when the render read no post (nothing changed). */
  hiddenByFilters: number | null;
}

/** What /status/ says of each feed's archive files that had to be recovered, or could not be. */
function archiveNotes({ recoveries, failures }: Omit<ArchivesRead, "archives">): Map<string, string[]> {
  const notes = new Map<string, string[]>();
  for (const { slug, message } of [...failures.map(({ slug, error }) => ({ slug, message: error.message })), ...recoveries]) {
    notes.set(slug, [...(notes.get(slug) ?? []), message]);
  }
  return notes;
}

async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).length;
}

async function writeFiles(files: readonly FileOutput[], workDir: string): Promise<void> {
  await eachConcurrently(files, async (file) => {
    const target = path.join(workDir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.make());
  });
}

/** Segments in the index of the site at `siteDir`, as its segment list names them. */
async function segmentCount(siteDir: string): Promise<number> {
  const { readSegmentList } = await import("./search/segment-list.ts");
  return (await readSegmentList(path.join(siteDir, searchIndexPath)))?.segments.length ?? 0;
}

/**
 * The search index, the one place a render touches it: its segments built (on threads of their own, Pagefind in
 * processes of their own) beside everything else when the plan says the index changed, each kept from the previous
 * site when what it holds is unchanged; null when the previous index is kept whole.
 */
async function startSearch(
  catalogue: Catalogue,
  toMake: ReadonlySet<string>,
  dirs: { workDir: string; siteDir: string },
  bounds: SegmentBounds | undefined,
): Promise<{ output: SearchOutput | null; build: SegmentedIndexBuild | null }> {
  const output = catalogue.outputs.find((each): each is SearchOutput => each.kind === "search") ?? null;
  if (output === null || !toMake.has(output.path)) return { output, build: null };
  const { buildSearchSegments } = await import("./search/segments.ts");
  const build = buildSearchSegments({ posts: output.posts, previousDir: dirs.siteDir, workDir: dirs.workDir, indexPath: output.path, ...(bounds ? { bounds } : {}) });
  return { output, build };
}

export async function renderSite(input: RenderInput): Promise<RenderReport> {
  const { config, archive, now } = input;
  const outDir = path.resolve(input.outDir);
  const folder = await siteFolder(outDir);
  const { workDir, siteDir } = folder;
  const measure = <T>(stage: "render" | "pages" | "search", work: () => Promise<T>): Promise<T> =>
    input.timings === undefined ? work() : input.timings.measure(stage, work);
  // An archive that cannot be read (or put right) is the archive's error, passed on as it is, not the render's.
  let archiveError: unknown;
  await recoverInterruptedSwap(folder);
  try {
    const previous = await PreviousSite.open(siteDir);
    // What the site shows of the feeds' states: the content key is made from it, and the live parts are its own.
    const state = siteState(config, archive.states, archiveNotes(archive.problems), now);
    const live: LiveContext = { parts: namedLiveParts(state), now, site: config.site };
    const contentKey = previous.keyOf(siteContent(config, archive.itemsDigests, state));
    const day = calendarDay(now.getTime(), config.site.timezone);

    const unchanged = await previous.planUnchanged(contentKey, day);
    if (unchanged !== null) {
      const left = await measure("render", () => unchanged.carryOut(workDir, live));
      if (left.size === 0) {
        await unchanged.commit(workDir);
        await rm(workDir, { recursive: true, force: true });
        const pages = unchanged.outputs.filter((output) => output.path.endsWith(".html")).length;
        return { pages, pagesMade: 0, rendered: 0, searchSegments: { total: await segmentCount(siteDir), made: 0 }, files: await countFiles(siteDir), outDir, warnings: [], archive: archive.problems, hiddenByFilters: null };
      }
      // A page could not be refreshed (edited by hand): the site is made again, keeping what it can.
      await rm(workDir, { recursive: true, force: true });
    }

    collectGarbage();
    const read = await measure("render", () => archive.read()).catch((error: unknown) => {
      archiveError = error;
      throw error;
    });
    const archives: Map<string, FeedArchive> = read.archives;
    // Loaded only now: a render that refreshes live parts needs neither the catalogue nor the search index's code.
    const { siteCatalogue } = await import("./catalogue.ts");
    const catalogue = siteCatalogue(config, archives, now, archiveNotes(read));
    const plan: RenderPlan = previous.plan(
      contentKey,
      day,
      catalogue.outputs.map((output) => ({ path: output.path, key: previous.keyOf(output.kind === "page" ? { chrome: catalogue.chrome, page: output.source } : output.source) })),
    );
    await mkdir(workDir, { recursive: true });
    const toMake = await measure("render", () => plan.carryOut(workDir, live));
    // The index first: it runs beside everything else here. Both run to the end before an error is thrown, so
    // nothing still writes into the folder that is removed.
    const search = await startSearch(catalogue, toMake, { workDir, siteDir }, input.searchSegments);
    const pages: PageView[] = [];
    const files: FileOutput[] = [];
    for (const output of catalogue.outputs) {
      if (!toMake.has(output.path)) continue;
      if (output.kind === "page") pages.push(output.view);
      else if (output.kind === "file") files.push(output);
    }
    const [indexed, made] = await Promise.allSettled([
      measure("search", async () => (search.build === null ? null : search.build.done)),
      measure("render", async () => {
        // Loaded only when a page must be made: Eleventy takes a third of a second to load, as long as a whole
        // render that only refreshes stamps.
        if (pages.length > 0) {
          const { renderPages } = await import("./eleventy.ts");
          await measure("pages", () => renderPages(catalogue.chrome, pages, workDir));
        }
        await writeFiles(files, workDir);
      }).catch(async (error: unknown) => {
        await search.build?.cancel();
        throw error;
      }),
    ]);
    if (made.status === "rejected") throw made.reason;
    if (indexed.status === "rejected") throw indexed.reason;
    const warnings = (indexed.value?.skipped ?? []).map((post) => `The search index left out ${post.url}: ${post.reason}`);
    if (search.output !== null && search.build !== null) plan.recordMade(search.output.path, null, false);
    await eachConcurrently(pages, async (page) => plan.recordMade(page.outputPath, (await stat(path.join(workDir, page.outputPath))).size, viewMoves(page)));
    await eachConcurrently(files, async (file) => plan.recordMade(file.path, (await stat(path.join(workDir, file.path))).size, false));
    await plan.commit(workDir);
    const fileCount = await countFiles(workDir);
    await swapIntoPlace(folder);
    const pageCount = catalogue.outputs.filter((output) => output.kind === "page").length;
    return {
      pages: pageCount,
      pagesMade: pages.length,
      rendered: pages.length,
      searchSegments: indexed.value === null ? { total: await segmentCount(workDir), made: 0 } : { total: indexed.value.total, made: indexed.value.made },
      files: fileCount,
      outDir,
      warnings,
      archive: { recoveries: read.recoveries, failures: read.failures },
      hiddenByFilters: catalogue.hiddenByFilters,
    };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    if (error === archiveError) throw error;
    throw new Error(`Could not render the site into ${outDir}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
