// What an archive file must hold, checked when it is read: data from disk is never trusted by a cast. zod (rather
// than a hand-written check) because the state alone has twenty fields, some nested, whose missing keys take
// defaults (older files lack newer fields) while wrong ones must be refused with the place named
// (`items[3].published: Invalid ISO datetime`); each schema is held to the model's type by the compiler.
import * as z from "zod";
import { DEFAULT_SITE } from "../config/defaults.ts";
import type { DateSource, FeedError, FeedErrorKind, FeedState, Item, PollOutcome, SanitizedHtml } from "../model.ts";

/** The one format version this Blogroll reads and writes. */
export const FORMAT_VERSION = 1;

// Records rather than lists, so that the compiler insists on every member of the model's unions.
const DATE_SOURCES: Record<DateSource, true> = { feed: true, "first-seen": true, "clamped-future": true };
const POLL_OUTCOMES: Record<PollOutcome, true> = { "new-items": true, unchanged: true, "not-modified": true, failed: true, skipped: true };
const ERROR_KINDS: Record<FeedErrorKind, true> = {
  timeout: true, dns: true, connection_refused: true, tls: true, network: true, too_many_redirects: true,
  body_too_large: true, decompression_failed: true, http_not_found: true, http_gone: true, http_rate_limited: true,
  http_unavailable: true, http_server_error: true, http_client_error: true, file_not_found: true, empty_body: true,
  not_a_feed: true, parse_failed: true, too_costly_to_read: true, archive_failed: true,
  program_error: true,
};

function oneOf<T extends string>(members: Record<T, true>): z.ZodType<T> {
  return z.custom<T>((value) => typeof value === "string" && Object.hasOwn(members, value), { message: `expected one of ${Object.keys(members).join(", ")}` });
}

const instant = z.iso.datetime();
const count = z.number().int().nonnegative();
/** Only the sanitise stage makes SanitizedHtml; the archive holds nothing else in contentHtml. */
const sanitizedHtml = z.custom<SanitizedHtml>((value) => typeof value === "string", { message: "expected a string" });

/** One post, as the archive holds it; also checks each post salvaged from a damaged file. */
export const itemSchema = z.object({
  id: z.string(),
  feed: z.string(),
  title: z.string(),
  link: z.string().nullable(),
  published: instant,
  updated: instant.nullable(),
  dateSource: oneOf(DATE_SOURCES),
  author: z.string().nullable(),
  categories: z.array(z.string()),
  tags: z.array(z.string()),
  contentHtml: sanitizedHtml,
  // Archives written before enclosures were kept apart from the body have none (theirs are links in the body).
  enclosures: z.array(z.object({ url: z.string(), type: z.string().nullable(), length: z.number().nonnegative().nullable() })).default([]),
  summary: z.string(),
  firstSeen: instant,
}) satisfies z.ZodType<Item>;

const feedErrorSchema = z.object({ kind: oneOf(ERROR_KINDS), message: z.string(), detail: z.string().nullable() }) satisfies z.ZodType<FeedError>;

const feedStateSchema = z.object({
  url: z.string(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  bodyHash: z.string().nullable(),
  lastChecked: instant.nullable(),
  lastSuccess: instant.nullable(),
  lastChange: instant.nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: feedErrorSchema.nullable(),
  failingSince: instant.nullable(),
  consecutiveFailures: count,
  permanentRedirect: z.string().nullable(),
  gone: z.boolean(),
  retryAfter: instant.nullable(),
  currentIds: z.array(z.string()),
  warnings: z.array(z.string()),
  meta: z.object({
    title: z.string().nullable(),
    description: z.string().nullable(),
    siteLink: z.string().nullable(),
    image: z.object({ url: z.string(), title: z.string().nullable() }).nullable(),
  }),
  polls: z.array(z.object({ at: instant, outcome: oneOf(POLL_OUTCOMES), status: z.number().int().nullable() })),
  capped: z
    .object({
      at: instant,
      maxItems: count,
      maxNewItemsPerRun: count,
      listed: count,
      notKept: count,
      deferred: count,
      dropped: count,
      // Recorded since the byte caps: a state written before has none, and nothing was cut then.
      caps: z.object({ postBodyBytes: count, linkBytes: count, feedBytes: count }).default(DEFAULT_SITE.caps),
      bodiesCut: count.default(0),
      linksDropped: count.default(0),
      droppedForSize: count.default(0),
      notTakenForSize: count.default(0),
    })
    .nullable(),
}) satisfies z.ZodType<FeedState>;

/** `policy`: the sanitiser's policy the posts were cleaned by (absent in files written before it was recorded: 1). */
export const itemsFileSchema = z.object({ version: z.literal(FORMAT_VERSION), policy: count.default(1), items: z.array(itemSchema) });
/** An items file's head without its posts: what a damaged file's whole posts are read under. */
export const itemsHeaderSchema = z.object({ version: z.number(), policy: count.default(1) });
/** Every field may be missing: an older Blogroll wrote fewer, and the reader fills in the defaults. */
export const stateFileSchema = z.object({ version: z.literal(FORMAT_VERSION), state: feedStateSchema.partial() });

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The content as `schema` reads it, or the first thing wrong with it and where (`items[3].published: ...`). */
export function check<T>(schema: z.ZodType<T>, content: unknown): Checked<T> {
  const result = schema.safeParse(content);
  if (result.success) return { ok: true, value: result.data };
  const [issue] = result.error.issues;
  if (issue === undefined) return { ok: false, problem: "it does not have the shape of an archive file" };
  const place = issue.path.map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`)).join("");
  return { ok: false, problem: place === "" ? issue.message : `${place}: ${issue.message}` };
}
