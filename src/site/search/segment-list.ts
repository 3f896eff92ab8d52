// The list of the index's segments, newest first, in the index's folder: as JSON for the next build (which keeps the
// segments it names) and as a script for the search page (which merges them), the same data in both.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as z from "zod";

export const SEARCH_SEGMENTS_FILE = "segments.json";
/** Loaded by the search page before search.js, as a script (not fetched), so the index is set up before any search. */
export const SEARCH_SEGMENTS_SCRIPT = "segments.js";

const segmentListSchema = z.object({
  segments: z.array(
    z.object({
      key: z.string(),
      /** The segment's Pagefind bundle, inside the index's folder. */
      bundle: z.string(),
      /** Its weight in the browser's merge (see segmentWeights). */
      weight: z.number(),
      posts: z.number(),
    }),
  ),
});
export type SegmentList = z.infer<typeof segmentListSchema>;

/** The segments a site's index folder lists, or null (no site, an index from before segments, a damaged list). */
export async function readSegmentList(indexDir: string): Promise<SegmentList | null> {
  try {
    return segmentListSchema.parse(JSON.parse(await readFile(path.join(indexDir, SEARCH_SEGMENTS_FILE), "utf8")));
  } catch {
    return null;
  }
}

export async function writeSegmentList(indexDir: string, list: SegmentList): Promise<void> {
  const json = JSON.stringify(list, null, 1);
  await Promise.all([
    writeFile(path.join(indexDir, SEARCH_SEGMENTS_FILE), `${json}\n`),
    writeFile(path.join(indexDir, SEARCH_SEGMENTS_SCRIPT), `window.blogrollSearchSegments = ${json};\n`),
  ]);
}
