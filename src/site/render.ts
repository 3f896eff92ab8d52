// `blogroll render`: archive + config → the static site. The catalogue names every output and what it is made from;
// reuse.ts decides which the previous site already holds; Eleventy renders the pages left, Pagefind indexes the posts
// at the same time (in its own process), and the files are written. The new site is built beside the old one and
// swapped in whole, except when no post changed: then the moved date stamps are rewritten in place, file by file.
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config, FeedArchive } from "../model.ts";
import type { ArchiveSnapshot, ArchivesRead } from "../archive/store.ts";
import type { StageTimings } from "../refresh/stage-timings.ts";
import type { FileOutput, Output, SearchOutput } from "./catalogue.ts";
import { collectGarbage } from "./collect-garbage.ts";
import { eachConcurrently } from "./each-concurrently.ts";
import { feedStamps, sourceHeader, statusRow } from "./feed-health.ts";
import { makeLinker } from "./paths.ts";
import type { LiveValue } from "./live-parts.ts";
import { pollsView, weekStart } from "./pictures.ts";
import { SiteReuse, viewMoves, type LiveContext } from "./reuse.ts";
import { recoverInterruptedSwap, swapIntoPlace } from "./swap.ts";
import type { PageView } from "./view-types.ts";

export interface RenderInput {
  config: Config;
  archive: ArchiveSnapshot;
  /** The build's instant: decides every `X ago` text, so the same inputs give byte-identical output. */
  now: Date;
  outDir: string;
  /** Where to add the time spent rendering pages and building the search index (`--timings`). */
  timings?: StageTimings;
}

export interface RenderReport {
  pages: number;
  /** Pages Eleventy rendered; the others were kept from the previous site (their live parts refreshed if need be). */
  rendered: number;
  files: number;
  outDir: string;
  /** Posts left out of the search index, and why; the rest of the site is complete. */
  warnings: string[];
  /** Archive files recovered from their previous generation, or lost, on the way (shown on /status/ too). */
  archive: Omit<ArchivesRead, "archives">;
  /** Archived posts the owner's filters hide from the site; null when the render read no post (nothing changed). */
  hiddenByFilters: number | null;
}

/** Every named live part the site shows, as this render prints it: the functions that make the pages' views make them. */
function liveParts(config: Config, archive: ArchiveSnapshot, now: Date): Map<string, LiveValue> {
  const parts = new Map<string, LiveValue>();
  for (const feed of config.feeds) {
    const state = archive.states.get(feed.slug);
    const { checked, success } = feedStamps(feed.slug, state, now);
    for (const part of [checked, success, pollsView(feed.slug, state)]) if (part?.live) parts.set(part.live, part);
  }
  return parts;
}

/**
 * What the site's content is made from, less its live parts: the configuration, each feed's items (by digest) and
 * everything the site shows of each feed's state (its views, whose live stamps count only by name).
 */
function contentSource(config: Config, archive: ArchiveSnapshot, now: Date): unknown {
  const linker = makeLinker(config.site.baseUrl);
  return {
    archiveNotes: [...archiveNotes(archive.problems)],
    week: weekStart(now).toISOString(),
    site: config.site,
    feeds: config.feeds.map((feed) => {
      const state = archive.states.get(feed.slug);
      // The items count by their digest (what the status row shows of them, with the week, is theirs).
      return [feed, archive.itemsDigests.get(feed.slug) ?? null, sourceHeader(feed, state, now, config.site, linker), statusRow(feed, state, [], [], now, config.site, linker)];
    }),
  };
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

/**
 * The previous site, its live parts refreshed in place (each file replaced atomically); false when it cannot be
 * (an output is missing or was edited by hand), and the site must be made again.
 */
async function refreshInPlace(reuse: SiteReuse, live: LiveContext): Promise<boolean> {
  const previous = reuse.previousOutputs();
  // Every output must be there as it was left (a moving one at its recorded size) before any is rewritten.
  const intact = await Promise.all(
    previous.map(([file, record]) =>
      stat(path.join(reuse.previousDir, file)).then((found) => record.size === null || found.size === record.size, () => false),
    ),
  );
  if (intact.includes(false)) return false;
  let complete = true;
  await eachConcurrently(previous, async ([file, record]) => {
    if (record.size === null) reuse.record(file, record.key, null);
    else if (!(await reuse.refresh(file, record.key, reuse.previousDir, live))) complete = false;
  });
  return complete;
}

async function writeFiles(files: readonly FileOutput[], workDir: string): Promise<void> {
  await eachConcurrently(files, async (file) => {
    const target = path.join(workDir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.make());
  });
}

export async function renderSite(input: RenderInput): Promise<RenderReport> {
  const { config, archive, now } = input;
  const outDir = path.resolve(input.outDir);
  const workDir = `${outDir}.tmp-${process.pid}`;
  const measure = <T>(stage: "render" | "pages" | "search", work: () => Promise<T>): Promise<T> =>
    input.timings === undefined ? work() : input.timings.measure(stage, work);
  // An archive that cannot be read (or put right) is the archive's error, passed on as it is, not the render's.
  let archiveError: unknown;
  await recoverInterruptedSwap(outDir);
  try {
    const reuse = await SiteReuse.open(outDir);
    const live: LiveContext = { parts: liveParts(config, archive, now), now, site: config.site };
    const contentKey = reuse.keyOf(contentSource(config, archive, now));
    if (reuse.sameContent(contentKey) && (await measure("render", () => refreshInPlace(reuse, live)))) {
      await reuse.finish(outDir, contentKey);
      const pages = reuse.previousOutputs().filter(([file]) => file.endsWith(".html")).length;
      return { pages, rendered: 0, files: await countFiles(outDir), outDir, warnings: [], archive: archive.problems, hiddenByFilters: null };
    }
    collectGarbage();
    const read = await measure("render", () => archive.read()).catch((error: unknown) => {
      archiveError = error;
      throw error;
    });
    const archives: Map<string, FeedArchive> = read.archives;
    // Loaded only now: a render that refreshes live parts needs neither the catalogue nor the search index's code.
    const [{ siteCatalogue }, { buildSearchIndex }] = await Promise.all([import("./catalogue.ts"), import("./search-index.ts")]);
    const catalogue = siteCatalogue(config, archives, now, archiveNotes(read));
    const keys = new Map<string, string>();
    /** Keeps or refreshes the previous copy of `output` when its key allows; true when it must be made afresh. */
    const mustMake = async (output: Output): Promise<boolean> => {
      const key = reuse.keyOf(output.kind === "page" ? { chrome: catalogue.chrome, page: output.source } : output.source);
      keys.set(output.path, key);
      const decision = reuse.decide(output.path, key);
      if (decision === "keep" && (await reuse.keep(output.path, key, workDir))) return false;
      return !(decision === "refresh" && (await reuse.refresh(output.path, key, workDir, live)));
    };
    // The index first: it is built on a thread of its own (Pagefind in a process of its own) beside everything else
    // here. Both run to the end before an error is thrown, so nothing still writes into the folder that is removed.
    const searchOutput = catalogue.outputs.find((output): output is SearchOutput => output.kind === "search") ?? null;
    const searching = searchOutput !== null && (await mustMake(searchOutput)) ? buildSearchIndex(searchOutput.posts, path.join(workDir, searchOutput.path)) : null;
    const pages: PageView[] = [];
    const files: FileOutput[] = [];
    const [indexed, made] = await Promise.allSettled([
      measure("search", async () => (searching === null ? [] : searching.done)),
      measure("render", async () => {
        await eachConcurrently(catalogue.outputs, async (output) => {
          if (output.kind === "search" || !(await mustMake(output))) return;
          if (output.kind === "page") pages.push(output.view);
          else files.push(output);
        });
        // Loaded only when a page must be made: Eleventy takes a third of a second to load, as long as a whole
        // render that only refreshes stamps.
        if (pages.length > 0) {
          const { renderPages } = await import("./eleventy.ts");
          await measure("pages", () => renderPages(catalogue.chrome, pages, workDir));
        }
        await writeFiles(files, workDir);
      }).catch(async (error: unknown) => {
        await searching?.cancel();
        throw error;
      }),
    ]);
    if (made.status === "rejected") throw made.reason;
    if (indexed.status === "rejected") throw indexed.reason;
    const warnings = indexed.value.map((post) => `The search index left out ${post.url}: ${post.reason}`);
    if (searchOutput !== null && searching !== null) reuse.record(searchOutput.path, keys.get(searchOutput.path) ?? "", null);
    await eachConcurrently(pages, async (page) => {
      const size = viewMoves(page) ? (await stat(path.join(workDir, page.outputPath))).size : null;
      reuse.record(page.outputPath, keys.get(page.outputPath) ?? "", size);
    });
    for (const file of files) reuse.record(file.path, keys.get(file.path) ?? "", null);
    await reuse.finish(workDir, contentKey);
    const fileCount = await countFiles(workDir);
    await swapIntoPlace(workDir, outDir);
    const pageCount = catalogue.outputs.filter((output) => output.kind === "page").length;
    return { pages: pageCount, rendered: pages.length, files: fileCount, outDir, warnings, archive: { recoveries: read.recoveries, failures: read.failures }, hiddenByFilters: catalogue.hiddenByFilters };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    if (error === archiveError) throw error;
    throw new Error(`Could not render the site into ${outDir}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
