// `blogroll render`: archive + config → a complete static site, built beside the old one and swapped in whole.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Eleventy } from "@11ty/eleventy";
import type { Config, FeedArchive } from "../model.ts";
import type { StageTimings } from "../refresh/stage-timings.ts";
import { buildSearchIndex } from "./search-index.ts";
import { buildSiteFiles } from "./site-files.ts";
import { buildSiteView } from "./site-view.ts";
import { recoverInterruptedSwap, swapIntoPlace } from "./swap.ts";
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
  files: number;
  outDir: string;
}

const projectDir = path.resolve(import.meta.dirname, "../..");

async function renderPages(view: SiteView, outDir: string): Promise<void> {
  const eleventy = new Eleventy(path.join(projectDir, "templates"), outDir, {
    configPath: path.join(projectDir, ".eleventy.ts"),
    quietMode: true,
    config: (eleventyConfig) => eleventyConfig.addGlobalData("blogroll", view),
  });
  // Quiet mode still prints a summary line; the CLI reports the build itself. Warnings and errors still show.
  eleventy.logger.overrideLogger({ log: () => {}, warn: console.warn, error: console.error });
  await eleventy.write();
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
    const view = await measure("render", async () => {
      const siteView = buildSiteView(input.config, input.archives, input.now);
      await renderPages(siteView, workDir);
      for (const file of buildSiteFiles(input.config, input.archives, input.now)) {
        const target = path.join(workDir, file.path);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, file.content);
      }
      return siteView;
    });
    await measure("search", () => buildSearchIndex(workDir));
    const files = await countFiles(workDir);
    await swapIntoPlace(workDir, outDir);
    return { pages: view.pages.length, files, outDir };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw new Error(`Could not render the site into ${outDir}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
