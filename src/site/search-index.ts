// The Pagefind index under <site>/pagefind/: one record per post (its title and summary), pointing at the
// post on its source page. Records come from the page data, not from the rendered HTML: parsing every page's full
// text made the index the slowest part of a build and took gigabytes on a large archive.
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";
import { eachConcurrently } from "./each-concurrently.ts";
import type { SiteView } from "./view-types.ts";

export interface SearchRecord {
  /** Root-relative; the search box prefixes the site's base path. */
  url: string;
  title: string;
  content: string;
}

/** Each post once: from the source pages, which list every post of the archive. */
export function searchRecords(view: SiteView): SearchRecord[] {
  return view.pages.flatMap((page) => {
    if (page.kind !== "list" || !page.searchable) return [];
    const pageUrl = `/${page.outputPath.replace(/index\.html$/, "")}`;
    return page.posts.map((post) => ({ url: `${pageUrl}#${post.anchor}`, title: post.title, content: `${post.title}. ${post.summary}` }));
  });
}

/** Pagefind's own version, part of the index's render key: its search box must read an index of its own making. */
export const PAGEFIND_VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.resolve("pagefind")), "utf8")) as { version: string }
).version;

const RECORDS_IN_FLIGHT = 256;

function fail(step: string, errors: string[]): never {
  throw new Error(`Could not build the search index (${step}): ${errors.join("; ")}`);
}

/** An index Pagefind has built and holds, until its files are written or it is given up. */
export interface BuiltIndex {
  /** Writes the index's files into `outputDir` and stops Pagefind. */
  write(outputDir: string): Promise<void>;
  /** Stops Pagefind without writing. */
  close(): Promise<void>;
}

/**
 * Has Pagefind index `records`. Writing is a second step because the files come back through this process's
 * memory (about 0.3 GB at the peak for 50,000 posts): the render writes them once no Eleventy run is holding memory.
 * Pagefind's own writeFiles would spare that, but it answers before every file is complete (an empty
 * pagefind-entry.json was seen when Pagefind was stopped right after it).
 */
export async function buildSearchIndex(records: readonly SearchRecord[]): Promise<BuiltIndex> {
  // Pagefind runs as a child process; it is stopped on every path, or the command could not exit.
  const close = (): Promise<void> => pagefind.close().then(() => undefined);
  try {
    const created = await pagefind.createIndex({ forceLanguage: "en" });
    if (created.index === undefined) fail("starting Pagefind", created.errors);
    const { index } = created;
    // Pagefind answers each record over a pipe; many in flight at once keep it busy instead of waiting on each.
    for (let start = 0; start < records.length; start += RECORDS_IN_FLIGHT) {
      const batch = records.slice(start, start + RECORDS_IN_FLIGHT);
      const added = await Promise.all(
        batch.map((record) => index.addCustomRecord({ url: record.url, content: record.content, language: "en", meta: { title: record.title } })),
      );
      const errors = added.flatMap((response) => response.errors);
      if (errors.length > 0) fail("adding posts", errors);
    }
    const write = async (outputDir: string): Promise<void> => {
      try {
        const built = await index.getFiles();
        if (built.errors.length > 0) fail("building the index", built.errors);
        const folders = new Set(built.files.map((file) => path.dirname(path.join(outputDir, file.path))));
        for (const folder of folders) await mkdir(folder, { recursive: true });
        await eachConcurrently(built.files, (file) => writeFile(path.join(outputDir, file.path), file.content));
      } finally {
        await close();
      }
    };
    return { write, close };
  } catch (error) {
    await close();
    throw error;
  }
}
