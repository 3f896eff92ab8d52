// One fetched document → what the archive keeps: parse, then normalise (which sanitises). The one place the two
// steps meet, used by the document workers and in-thread by `blogroll inspect` alike.
import { parseFeedDocument } from "../parse/parse-feed.ts";
import { normaliseFeed, type PostCuts } from "../normalise/normalise-feed.ts";
import type { ByteCaps, FeedConfig, FeedError, FeedMeta, Item } from "../model.ts";

/** Plain data only: a job crosses to a worker thread by structured clone. */
export interface DocumentJob {
  body: Uint8Array;
  contentType: string | null;
  /** The URL the document came from, after redirects: the last base for relative URLs. */
  url: string;
  feed: FeedConfig;
  /** ISO instant of the fetch. */
  fetchedAt: string;
  caps: ByteCaps;
}

export type DocumentResult =
  | { ok: true; meta: FeedMeta; items: Item[]; unread: number; cut: PostCuts; warnings: string[]; parseMs: number; normaliseMs: number }
  | { ok: false; error: FeedError };

export async function readDocument(job: DocumentJob): Promise<DocumentResult> {
  const parseStart = performance.now();
  const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
  const parsed = await parseFeedDocument(body, { url: job.url, contentType: job.contentType });
  const parseMs = performance.now() - parseStart;
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const normaliseStart = performance.now();
  const normalised = normaliseFeed(parsed.feed, { feed: job.feed, documentUrl: job.url, fetchedAt: new Date(job.fetchedAt), caps: job.caps });
  return {
    ok: true,
    meta: normalised.meta,
    items: normalised.items,
    unread: normalised.unread,
    cut: normalised.cut,
    warnings: [...parsed.warnings, ...normalised.warnings],
    parseMs,
    normaliseMs: performance.now() - normaliseStart,
  };
}
