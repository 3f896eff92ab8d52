// What the render sends a segment's worker thread, and what it answers (checked on arrival, see worker-channel.ts).
import * as z from "zod";
import { searchPostSchema } from "./records.ts";

export const toSegmentWorker = z.object({
  kind: z.literal("build"),
  /** Where the segment's bundle is written. */
  outputDir: z.string(),
  /** The segment's posts, oldest first. */
  posts: z.array(searchPostSchema),
});
export type ToSegmentWorker = z.infer<typeof toSegmentWorker>;

const skippedPost = z.object({ url: z.string(), reason: z.string() });
export const fromSegmentWorker = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("built"), skipped: z.array(skippedPost) }),
  z.object({ kind: z.literal("failed"), message: z.string() }),
]);
export type FromSegmentWorker = z.infer<typeof fromSegmentWorker>;
