// The render's tools alone, on what the cold build rendered: Eleventy over the same pages, Pagefind over the same
// records, and the file system writing the same bytes, each timed in this one process with nothing of ours around
// it (the pages' views, the records and the bytes are made or read before the clock starts). Run as a child process
// by bench-size.ts: `node bench/tool-floors.ts CONFIG DATA SITE WORK OUT.json`.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { readArchives } from "../src/archive/store.ts";
import { loadConfig } from "../src/config/load.ts";
import { siteCatalogue } from "../src/site/catalogue.ts";
import { eachConcurrently } from "../src/site/each-concurrently.ts";
import { renderPages } from "../src/site/eleventy.ts";
import { indexRecords } from "../src/site/search/pagefind-index.ts";
import { searchRecord } from "../src/site/search/records.ts";
import type { PageView } from "../src/site/view-types.ts";

export interface ToolFloors {
  /** Eleventy rendering every page of the site (in runs of the same size as the build's). */
  eleventyMs: number;
  pages: number;
  /** Pagefind indexing every record and writing its files. */
  pagefindMs: number;
  records: number;
  /** Writing every file of the cold build's site again. */
  writeMs: number;
  siteBytes: number;
  siteFiles: number;
  indexBytes: number;
  indexFiles: number;
}

/** The floors a child process wrote, checked field by field; null when the file is missing or not that shape. */
export async function readToolFloors(file: string): Promise<ToolFloors | null> {
  const parsed: unknown = JSON.parse(await readFile(file, "utf8").catch(() => "null"));
  if (typeof parsed !== "object" || parsed === null) return null;
  const field = (name: keyof ToolFloors): number => {
    const value = (parsed as Record<string, unknown>)[name];
    return typeof value === "number" ? value : Number.NaN;
  };
  const floors: ToolFloors = {
    eleventyMs: field("eleventyMs"),
    pages: field("pages"),
    pagefindMs: field("pagefindMs"),
    records: field("records"),
    writeMs: field("writeMs"),
    siteBytes: field("siteBytes"),
    siteFiles: field("siteFiles"),
    indexBytes: field("indexBytes"),
    indexFiles: field("indexFiles"),
  };
  return Object.values(floors).some(Number.isNaN) ? null : floors;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Every file of `dir`, by path. */
async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** A large site does not fit in memory: its bytes are read a slice at a time, and only the writing is timed. */
const WRITE_SLICE_BYTES = 128 * 1024 ** 2;

async function timeWriting(files: readonly string[], fromDir: string, toDir: string): Promise<{ ms: number; bytes: Map<string, number> }> {
  const sizes = new Map<string, number>();
  let ms = 0;
  for (let start = 0; start < files.length; ) {
    const slice: [string, Buffer][] = [];
    let bytes = 0;
    while (start < files.length && bytes < WRITE_SLICE_BYTES) {
      const file = files[start++] ?? "";
      const content = await readFile(path.join(fromDir, file));
      slice.push([file, content]);
      sizes.set(file, content.length);
      bytes += content.length;
    }
    ms += await timed(async () => {
      for (const folder of new Set(slice.map(([file]) => path.dirname(path.join(toDir, file))))) await mkdir(folder, { recursive: true });
      await eachConcurrently(slice, ([file, content]) => writeFile(path.join(toDir, file), content));
    });
  }
  return { ms, bytes: sizes };
}

async function main([configFile, dataDir, siteDir, workDir, outFile]: string[]): Promise<void> {
  if (!configFile || !dataDir || !siteDir || !workDir || !outFile) throw new Error("usage: tool-floors.ts CONFIG DATA SITE WORK OUT.json");
  const loaded = await loadConfig(configFile);
  if (!loaded.ok) throw new Error(`cannot read ${configFile}`);
  const { config } = loaded;
  const { archives } = await readArchives(dataDir, config.feeds, { repair: false });
  const now = new Date();
  const catalogue = siteCatalogue(config, archives, now);
  const pages: PageView[] = catalogue.outputs.flatMap((output) => (output.kind === "page" ? [output.view] : []));
  const posts = catalogue.outputs.flatMap((output) => (output.kind === "search" ? output.posts : []));

  await rm(workDir, { recursive: true, force: true });
  const eleventyMs = await timed(() => renderPages(catalogue.chrome, pages, path.join(workDir, "eleventy")));
  await rm(workDir, { recursive: true, force: true });

  const records = posts.map(searchRecord);
  const pagefindMs = await timed(async () => (await indexRecords(records)).write(path.join(workDir, "pagefind")));
  await rm(workDir, { recursive: true, force: true });

  const written = await timeWriting(await listTree(siteDir), siteDir, path.join(workDir, "site"));
  await rm(workDir, { recursive: true, force: true });
  const sizes = [...written.bytes];
  const index = sizes.filter(([file]) => file.startsWith("pagefind/"));

  const floors: ToolFloors = {
    eleventyMs,
    pages: pages.length,
    pagefindMs,
    records: records.length,
    writeMs: written.ms,
    siteBytes: sizes.reduce((sum, [, size]) => sum + size, 0),
    siteFiles: sizes.length,
    indexBytes: index.reduce((sum, [, size]) => sum + size, 0),
    indexFiles: index.length,
  };
  await writeFile(outFile, `${JSON.stringify(floors)}\n`);
}

if (import.meta.main) await main(process.argv.slice(2));
