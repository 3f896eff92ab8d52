// What an HTTP answer means, in one place: which statuses redirect or mean "unchanged", and how a body is read.
import type { IncomingHttpHeaders } from "node:http";
import { pipeline, type Readable, type Transform } from "node:stream";
import { createBrotliDecompress, createUnzip } from "node:zlib";
import type { FeedError } from "../model.ts";
import type { Deadline } from "./deadline.ts";
import { bodyTooLargeError, decompressionError, unsupportedEncodingError } from "./errors.ts";

export function isNotModified(status: number): boolean {
  return status === 304;
}

export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** Only these may replace the stored feed URL; 302/303/307 are promises about today, not forever. */
export function isPermanentRedirect(status: number): boolean {
  return status === 301 || status === 308;
}

export function headerText(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === "" ? null : text.trim();
}

export function declaredLength(headers: IncomingHttpHeaders): number | null {
  const text = headerText(headers, "content-length");
  return text !== null && /^\d+$/.test(text) ? Number(text) : null;
}

/** The absolute http(s) URL a Location header points to, resolved against the URL that answered; null if none. */
export function redirectTarget(location: string | null, current: URL): URL | null {
  if (location === null) return null;
  try {
    const target = new URL(location, current);
    return target.protocol === "http:" || target.protocol === "https:" ? target : null;
  } catch {
    return null;
  }
}

/** True when the body holds nothing but whitespace. */
export function isBlank(body: Buffer): boolean {
  return body.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d);
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; error: FeedError };

function decoderFor(encoding: string): Transform | null {
  // Unzip accepts both gzip and zlib data: servers mislabel one as the other often enough.
  if (encoding === "gzip" || encoding === "x-gzip" || encoding === "deflate") return createUnzip();
  if (encoding === "br") return createBrotliDecompress();
  return null;
}

function noop(): void {}

/**
 * Reads a body, undoing Content-Encoding, and stops as soon as the DECODED size passes maxBytes: a small
 * compressed bomb is never inflated in memory. `transportError` names a failure of the source itself.
 */
export async function readBody(
  source: Readable,
  contentEncoding: string | null,
  maxBytes: number,
  deadline: Deadline,
  transportError: (error: unknown) => FeedError,
): Promise<BodyResult> {
  const encodings = (contentEncoding ?? "")
    .toLowerCase()
    .split(",")
    .map((encoding) => encoding.trim())
    .filter((encoding) => encoding !== "" && encoding !== "identity");
  const decoders: Transform[] = [];
  // Encodings are listed in the order they were applied, so they are undone from the last.
  for (const encoding of encodings.reverse()) {
    const decoder = decoderFor(encoding);
    if (decoder === null) {
      source.destroy();
      return { ok: false, error: unsupportedEncodingError(encoding) };
    }
    decoders.push(decoder);
  }

  let sourceError: unknown = null;
  source.on("error", (error) => {
    sourceError ??= error;
  });
  const stopAtDeadline = (): void => void source.destroy(new Error("deadline passed"));
  if (deadline.signal.aborted) stopAtDeadline();
  deadline.signal.addEventListener("abort", stopAtDeadline, { once: true });
  const decoded = decoders.reduce<Readable>((upstream, decoder) => pipeline(upstream, decoder, noop), source);

  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) return { ok: false, error: bodyTooLargeError(maxBytes) };
      chunks.push(chunk);
    }
  } catch (error) {
    if (deadline.signal.aborted) return { ok: false, error: deadline.error() };
    if (sourceError !== null || decoders.length === 0) return { ok: false, error: transportError(sourceError ?? error) };
    return { ok: false, error: decompressionError(contentEncoding ?? "", error) };
  } finally {
    deadline.signal.removeEventListener("abort", stopAtDeadline);
    decoded.destroy();
    source.destroy();
  }
  return { ok: true, body: Buffer.concat(chunks, size) };
}
