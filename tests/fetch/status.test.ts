import { afterEach, describe, expect, it } from "vitest";
import { fetchFeed } from "../../src/fetch/fetch-feed.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { NOW, failedOf, testSettings } from "./settings.ts";

let server: Loopback;
afterEach(() => server.close());

async function answer(status: number, headers: Record<string, string> = {}) {
  server = await startLoopback({ "/feed": (_req, res) => void res.writeHead(status, headers).end("<html>error page</html>") });
  return failedOf(await fetchFeed({ url: server.url("/feed"), etag: null, lastModified: null }, testSettings(), NOW));
}

describe("HTTP status mapping", () => {
  it.each([
    [404, "http_not_found"],
    [410, "http_gone"],
    [429, "http_rate_limited"],
    [503, "http_unavailable"],
    [500, "http_server_error"],
    [502, "http_server_error"],
    [403, "http_client_error"],
    [400, "http_client_error"],
  ])("HTTP %i fails as %s with plain words", async (status, kind) => {
    const failure = await answer(status);
    expect(failure).toMatchObject({ status, retryAfter: null, permanentRedirect: null, error: { kind } });
    expect(failure.error.message.length).toBeGreaterThan(20);
  });

  it("tells the owner a 410 feed is no longer polled", async () => {
    expect((await answer(410)).error.message).toBe(
      "The server says this feed is gone for good (HTTP 410). Blogroll has stopped polling it; remove it from feeds.yaml or give it a new URL.",
    );
  });

  it("reads Retry-After in seconds on a 429", async () => {
    const failure = await answer(429, { "retry-after": "120" });
    expect(failure.retryAfter?.toISOString()).toBe("2024-03-01T12:02:00.000Z");
  });

  it("reads Retry-After as an HTTP-date on a 503", async () => {
    const failure = await answer(503, { "retry-after": "Fri, 01 Mar 2024 13:30:00 GMT" });
    expect(failure.retryAfter?.toISOString()).toBe("2024-03-01T13:30:00.000Z");
  });

  it("reads Retry-After on any failing status that carries it", async () => {
    expect((await answer(500, { "retry-after": "60" })).retryAfter?.toISOString()).toBe("2024-03-01T12:01:00.000Z");
  });
});
