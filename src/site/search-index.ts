// The Pagefind index under <site>/pagefind/, built from the rendered pages (only post lists marked data-pagefind-body).
import path from "node:path";
import * as pagefind from "pagefind";

function fail(step: string, errors: string[]): never {
  throw new Error(`Could not build the search index (${step}): ${errors.join("; ")}`);
}

export async function buildSearchIndex(siteDir: string): Promise<void> {
  try {
    const created = await pagefind.createIndex({ forceLanguage: "en" });
    if (created.index === undefined) fail("starting Pagefind", created.errors);
    const { index } = created;
    // Only source pages carry posts for the index (one result per post); reading the others is wasted work.
    const added = await index.addDirectory({ path: siteDir, glob: "sources/**/*.html" });
    if (added.errors.length > 0) fail("reading the pages", added.errors);
    const written = await index.writeFiles({ outputPath: path.join(siteDir, "pagefind") });
    if (written.errors.length > 0) fail("writing the index", written.errors);
  } finally {
    // Pagefind runs as a child process; stop it so the command can exit.
    await pagefind.close();
  }
}
