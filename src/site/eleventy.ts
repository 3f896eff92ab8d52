// Eleventy renders the pages: templates/ in, Nunjucks with autoescaping, the pages' views as the global `blogroll`.
import path from "node:path";
import { Eleventy } from "@11ty/eleventy";
import { collectGarbage } from "./collect-garbage.ts";
import type { ChromeView, PageView } from "./view-types.ts";

const projectDir = path.resolve(import.meta.dirname, "../..");

/**
 * Eleventy holds every page it renders in one run until the run ends, so pages go in runs of about this much post
 * body (a page's size is mostly its posts). With the large benchmark's 50,000 posts in memory, runs of 32 MB took a
 * build with the search index beside it to 1.51 GiB, runs of 16 MB to 1.44 GiB (pages 59 s and 76 s; the index, not
 * the pages, decides when the render ends). A run costs some 0.1 s of set-up and a collection after it.
 */
const BODY_BYTES_PER_RUN = 16 * 1024 ** 2;

function bodyBytes(page: PageView): number {
  return page.kind === "list" && page.fullPosts ? page.posts.reduce((sum, post) => sum + post.contentHtml.length, 0) : 0;
}

/** Consecutive runs over `pages`, each holding at most BODY_BYTES_PER_RUN of post bodies (or a single page). */
export function eleventyRuns(pages: readonly PageView[]): PageView[][] {
  const runs: PageView[][] = [];
  let run: PageView[] = [];
  let bytes = 0;
  for (const page of pages) {
    const size = bodyBytes(page);
    if (run.length > 0 && bytes + size > BODY_BYTES_PER_RUN) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
    run.push(page);
    bytes += size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

async function runEleventy(chrome: ChromeView, pages: PageView[], outDir: string): Promise<void> {
  const eleventy = new Eleventy(path.join(projectDir, "templates"), outDir, {
    configPath: path.join(projectDir, ".eleventy.ts"),
    quietMode: true,
    config: (eleventyConfig) => eleventyConfig.addGlobalData("blogroll", { chrome, pages }),
  });
  // Quiet mode still prints a summary line; the CLI reports the build itself. Warnings and errors still show.
  eleventy.logger.overrideLogger({ log: () => {}, warn: console.warn, error: console.error });
  await eleventy.write();
}

/** Renders `pages` into `outDir`, run after run. */
export async function renderPages(chrome: ChromeView, pages: readonly PageView[], outDir: string): Promise<void> {
  for (const run of eleventyRuns(pages)) {
    collectGarbage();
    await runEleventy(chrome, run, outDir);
  }
  collectGarbage();
}
