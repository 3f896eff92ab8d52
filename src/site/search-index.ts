// The Pagefind index under <site>/pagefind/: one record per post (its title and summary), pointing at the
// post on its source page. Records come from the page data, not from the rendered HTML: parsing every page's full
// text made the index the slowest part of a build and took gigabytes on a large archive.
import { readFileSync } from "node:fs";
import * as pagefind from "pagefind";
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

/** Builds the index of `records` into `outputDir`. */
export async function buildSearchIndex(outputDir: string, records: readonly SearchRecord[]): Promise<void> {
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
    // Pagefind writes the files itself: the index never passes through this process's memory (on the large
    // benchmark, an in-memory copy raised the render's peak by a tenth). They are complete when this returns.
    const written = await index.writeFiles({ outputPath: outputDir });
    if (written.errors.length > 0) fail("writing the index", written.errors);
  } finally {
    // Pagefind runs as a child process; stop it so the command can exit.
    await pagefind.close();
  }
}
