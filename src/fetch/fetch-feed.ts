// Fetches one feed document: conditional GET, redirects, one deadline, a size cap. Never throws: every
// failure comes back as a FeedError the refresh stage can store and count.
import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";
import type { FeedError, FetchSettings } from "../model.ts";
import { startDeadline, type Deadline } from "./deadline.ts";
import {
  badRedirectError,
  bodyTooLargeError,
  emptyBodyError,
  feedError,
  invalidAddressError,
  networkError,
  redirectLoopError,
  statusError,
  tooManyRedirectsError,
} from "./errors.ts";
import { sendRequest, type Exchange } from "./http.ts";
import { isWebAddress, readLocalFile, type LocalRead } from "./local-file.ts";
import {
  declaredLength,
  headerText,
  isBlank,
  isNotModified,
  isPermanentRedirect,
  isRedirect,
  readBody,
  redirectTarget,
} from "./response.ts";
import { parseRetryAfter } from "./retry-after.ts";

export interface FetchRequest {
  url: string;
  etag: string | null;
  lastModified: string | null;
}

export type FetchOutcome =
  | {
      kind: "fetched";
      status: number;
      /** The URL that finally answered, after redirects. */
      url: string;
      permanentRedirect: string | null;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
    }
  | { kind: "not-modified"; status: 304; url: string; permanentRedirect: string | null }
  | { kind: "failed"; status: number | null; error: FeedError; retryAfter: Date | null; permanentRedirect: string | null };

type Failed = Extract<FetchOutcome, { kind: "failed" }>;

const ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8";

/** A status given for local files, which have none, so every fetched outcome reads the same. */
const LOCAL_FILE_STATUS = 200;

function failed(status: number | null, error: FeedError, retryAfter: Date | null = null, permanentRedirect: string | null = null): Failed {
  return { kind: "failed", status, error, retryAfter, permanentRedirect };
}

function requestHeaders(request: FetchRequest, settings: FetchSettings): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    "user-agent": settings.userAgent,
    accept: ACCEPT,
    "accept-encoding": "gzip, deflate, br",
  };
  if (request.etag !== null) headers["if-none-match"] = request.etag;
  if (request.lastModified !== null) headers["if-modified-since"] = request.lastModified;
  return headers;
}

/** The outcome of the response that ended the redirect chain. */
async function settle(
  response: IncomingMessage,
  url: URL,
  permanentRedirect: string | null,
  settings: FetchSettings,
  now: Date,
  deadline: Deadline,
): Promise<FetchOutcome> {
  const status = response.statusCode ?? 0;
  if (isNotModified(status)) return { kind: "not-modified", status: 304, url: url.href, permanentRedirect };
  const error = statusError(status);
  if (error !== null) return failed(status, error, parseRetryAfter(headerText(response.headers, "retry-after"), now), permanentRedirect);

  const length = declaredLength(response.headers);
  if (length !== null && length > settings.maxBodyBytes) return failed(status, bodyTooLargeError(settings.maxBodyBytes), null, permanentRedirect);
  const read = await readBody(response, headerText(response.headers, "content-encoding"), settings.maxBodyBytes, deadline, (cause) =>
    networkError(cause, url.host),
  );
  if (!read.ok) return failed(status, read.error, null, permanentRedirect);
  if (isBlank(read.body)) return failed(status, emptyBodyError(), null, permanentRedirect);
  return {
    kind: "fetched",
    status,
    url: url.href,
    permanentRedirect,
    body: read.body,
    contentType: headerText(response.headers, "content-type"),
    etag: headerText(response.headers, "etag"),
    lastModified: headerText(response.headers, "last-modified"),
  };
}

async function fetchOverHttp(request: FetchRequest, settings: FetchSettings, now: Date, deadline: Deadline): Promise<FetchOutcome> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch (error) {
    return failed(null, invalidAddressError(request.url, error));
  }
  const headers = requestHeaders(request, settings);
  const visited = [url.href];
  let everyHopPermanent = true;

  for (;;) {
    let exchange: Exchange;
    try {
      exchange = await sendRequest(url, headers, deadline.signal);
    } catch (error) {
      return failed(null, deadline.signal.aborted ? deadline.error() : networkError(error, url.host));
    }
    try {
      const { response } = exchange;
      const status = response.statusCode ?? 0;
      if (!isRedirect(status)) {
        const permanentRedirect = everyHopPermanent && visited.length > 1 ? url.href : null;
        return await settle(response, url, permanentRedirect, settings, now, deadline);
      }
      const retryAfter = parseRetryAfter(headerText(response.headers, "retry-after"), now);
      const location = headerText(response.headers, "location");
      const target = redirectTarget(location, url);
      if (target === null) return failed(status, badRedirectError(status, location), retryAfter);
      if (visited.includes(target.href)) return failed(status, redirectLoopError(target.href), retryAfter);
      if (visited.length > settings.maxRedirects) return failed(status, tooManyRedirectsError(settings.maxRedirects), retryAfter);
      everyHopPermanent &&= isPermanentRedirect(status);
      visited.push(target.href);
      url = target;
    } finally {
      exchange.close();
    }
  }
}

function fromLocalRead(read: LocalRead): FetchOutcome {
  if (!read.ok) return failed(null, read.error);
  if (isBlank(read.body)) return failed(null, emptyBodyError());
  return {
    kind: "fetched",
    status: LOCAL_FILE_STATUS,
    url: read.url,
    permanentRedirect: null,
    body: read.body,
    contentType: null,
    etag: null,
    lastModified: null,
  };
}

export async function fetchFeed(request: FetchRequest, settings: FetchSettings, now: Date): Promise<FetchOutcome> {
  const deadline = startDeadline(settings.timeoutMs);
  try {
    if (isWebAddress(request.url)) return await fetchOverHttp(request, settings, now, deadline);
    return fromLocalRead(await readLocalFile(request.url, settings.maxBodyBytes, deadline));
  } catch (error) {
    // The paths above return every failure they know; this keeps one feed's surprise from ending the run.
    return failed(null, feedError("network", "The feed could not be fetched because of an unexpected error.", error instanceof Error ? error.message : String(error)));
  } finally {
    deadline.stop();
  }
}
