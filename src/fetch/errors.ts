// Every way a fetch can fail, as a FeedError with plain words for the site owner. Messages live here so
// they read the same wherever the failure is found.
import { isMissing } from "../disk.ts";
import type { FeedError, FeedErrorKind } from "../model.ts";

export function feedError(kind: FeedErrorKind, message: string, detail: string | null = null): FeedError {
  return { kind, message, detail };
}

function detailOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

export function timeoutError(timeoutMs: number): FeedError {
  return feedError(
    "timeout",
    `The feed did not arrive within ${timeoutMs / 1000} s. The server may be slow or down; it will be tried again next run.`,
  );
}

export function bodyTooLargeError(maxBytes: number): FeedError {
  return feedError(
    "body_too_large",
    `The feed is larger than the ${describeBytes(maxBytes)} limit, so it was not read. Raise fetch.maxBodySize in feeds.yaml if this feed is really that big.`,
  );
}

export function decompressionError(encoding: string, error: unknown): FeedError {
  return feedError(
    "decompression_failed",
    `The server sent the feed compressed (${encoding}) but the data could not be unpacked. This is usually a fault on the server; it will be tried again next run.`,
    detailOf(error),
  );
}

export function unsupportedEncodingError(encoding: string): FeedError {
  return feedError(
    "decompression_failed",
    `The server sent the feed in a compression Blogroll does not know (${encoding}).`,
  );
}

export function tooManyRedirectsError(maxRedirects: number): FeedError {
  return feedError(
    "too_many_redirects",
    `The feed address was redirected more than ${maxRedirects} times. Open it in a browser to find where the feed now lives and put that address in feeds.yaml.`,
  );
}

export function redirectLoopError(url: string): FeedError {
  return feedError(
    "too_many_redirects",
    `The server redirects in a loop (back to ${url}), so the feed can never be reached. The site's redirects need fixing.`,
  );
}

export function badRedirectError(status: number, location: string | null): FeedError {
  const where = location === null ? "without saying where to" : `to ${location}, which is not a web address`;
  return feedError("http_server_error", `The server answered with a redirect (HTTP ${status}) ${where}, so it cannot be followed.`);
}

export function emptyBodyError(): FeedError {
  return feedError("empty_body", "The server answered but sent an empty document. It will be tried again next run.");
}

export function invalidAddressError(url: string, error: unknown): FeedError {
  return feedError("network", `${url} is not a valid web address. Correct it in feeds.yaml.`, detailOf(error));
}

export function fileNotFoundError(path: string, error: unknown): FeedError {
  const message = isMissing(error)
    ? `There is no file at ${path}. Check the path in feeds.yaml.`
    : `The file ${path} could not be read. Check that it is a readable file.`;
  return feedError("file_not_found", message, detailOf(error));
}

/** The error an HTTP status stands for, or null when the status is not a failure. */
export function statusError(status: number): FeedError | null {
  if (status === 404) {
    return feedError("http_not_found", "The server says there is no feed at this address (HTTP 404). Check the URL in feeds.yaml; the site may have moved its feed.");
  }
  if (status === 410) {
    return feedError("http_gone", "The server says this feed is gone for good (HTTP 410). Blogroll has stopped polling it; remove it from feeds.yaml or give it a new URL.");
  }
  if (status === 429) {
    return feedError("http_rate_limited", "The server says we ask too often (HTTP 429). Blogroll will wait as long as it asks before trying again.");
  }
  if (status === 503) {
    return feedError("http_unavailable", "The server is temporarily unavailable (HTTP 503). It will be tried again later.");
  }
  if (status >= 500) {
    return feedError("http_server_error", `The server failed to answer (HTTP ${status}). This is a problem on the site's side; it will be tried again next run.`);
  }
  if (status >= 400) {
    return feedError("http_client_error", `The server refused the request (HTTP ${status}). The site may block feed readers or need a different address.`);
  }
  if (status >= 300) {
    return feedError("http_server_error", `The server answered HTTP ${status}, which does not lead to a feed.`);
  }
  return null;
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "EAI_NODATA"]);
const TLS_CODES = new Set([
  "EPROTO",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "HOSTNAME_MISMATCH",
]);

function isTlsCode(code: string): boolean {
  return TLS_CODES.has(code) || code.startsWith("ERR_TLS_") || code.startsWith("ERR_SSL_") || code.startsWith("CERT_");
}

/** A transport failure (no HTTP answer) classified by its error code. */
export function networkError(error: unknown, host: string): FeedError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? "";
  const detail = detailOf(error);
  if (DNS_CODES.has(code)) {
    return feedError("dns", `The name ${host} could not be found (DNS). Check the address for typos; the domain may have expired.`, detail);
  }
  if (code === "ECONNREFUSED") {
    return feedError("connection_refused", `${host} refused the connection. The site may be down; it will be tried again next run.`, detail);
  }
  if (isTlsCode(code)) {
    return feedError("tls", `The secure connection to ${host} failed (its certificate or TLS setup is not valid). The site needs to fix its certificate.`, detail);
  }
  return feedError("network", `The connection to ${host} failed before the feed arrived. It will be tried again next run.`, detail);
}
