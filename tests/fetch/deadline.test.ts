import { afterEach, describe, expect, it } from "vitest";
import { fetchFeed } from "../../src/fetch/fetch-feed.ts";
import { startLoopback, type Loopback, type Route } from "../helpers/loopback.ts";
import { NOW, failedOf, testSettings } from "./settings.ts";

const TIMEOUT_MS = 500;
/** Generous: proves the fetch ends at its deadline rather than hanging, not how precisely. */
const ENDS_WITHIN_MS = TIMEOUT_MS + 1_000;

let server: Loopback;
afterEach(() => server.close());

async function timed(path: string, maxBodyBytes = 100 * 1024 * 1024) {
  const started = performance.now();
  const outcome = await fetchFeed({ url: server.url(path), etag: null, lastModified: null }, testSettings({ timeoutMs: TIMEOUT_MS, maxBodyBytes }), NOW);
  return { failure: failedOf(outcome), elapsed: performance.now() - started };
}

/** Writes `chunk` every `everyMs` until the client goes away. */
function drip(chunk: Buffer, everyMs: number): Route {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "application/xml" });
    const timer = setInterval(() => res.write(chunk), everyMs);
    res.on("close", () => clearInterval(timer));
  };
}

describe("one deadline for the whole exchange", () => {
  it("ends a server that never answers with timeout", async () => {
    server = await startLoopback({ "/hang": () => {} });
    const { failure, elapsed } = await timed("/hang");
    expect(failure).toMatchObject({ status: null, error: { kind: "timeout" } });
    expect(elapsed).toBeLessThan(ENDS_WITHIN_MS);
  });

  it("ends a server that drips a byte a second with timeout", async () => {
    server = await startLoopback({ "/drip": drip(Buffer.from("<"), 1_000) });
    const { failure, elapsed } = await timed("/drip");
    expect(failure.error.kind).toBe("timeout");
    expect(elapsed).toBeLessThan(ENDS_WITHIN_MS);
  });

  it("ends an endless body under the cap with timeout", async () => {
    server = await startLoopback({ "/endless": drip(Buffer.alloc(16 * 1024, 0x61), 5) });
    const { failure, elapsed } = await timed("/endless");
    expect(failure.error.kind).toBe("timeout");
    expect(elapsed).toBeLessThan(ENDS_WITHIN_MS);
  });

  it("ends a fast endless body at the cap", async () => {
    server = await startLoopback({ "/flood": drip(Buffer.alloc(256 * 1024, 0x61), 1) });
    const { failure } = await timed("/flood", 1024 * 1024);
    expect(failure.error.kind).toBe("body_too_large");
  });

  it("does not blame the server for time this process spent busy with other work", async () => {
    server = await startLoopback({ "/feed": (_req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end("<rss/>") });
    const pending = fetchFeed({ url: server.url("/feed"), etag: null, lastModified: null }, testSettings({ timeoutMs: TIMEOUT_MS }), NOW);
    // The answer is ready at once, but the process is stuck (parsing another feed) past the timeout before it reads it.
    const busyUntil = performance.now() + 2 * TIMEOUT_MS;
    while (performance.now() < busyUntil);
    expect((await pending).kind).toBe("fetched");
  });

  it("counts redirect hops against the same deadline", async () => {
    // Each hop is slow but under the timeout; together they pass it.
    const slowHop = (next: string): Route => (_req, res) => {
      setTimeout(() => res.writeHead(302, { location: next }).end(), 200);
    };
    server = await startLoopback({ "/1": slowHop("/2"), "/2": slowHop("/3"), "/3": slowHop("/4"), "/4": slowHop("/5"), "/5": (_req, res) => void res.end("x") });
    const { failure, elapsed } = await timed("/1");
    expect(failure.error.kind).toBe("timeout");
    expect(elapsed).toBeLessThan(ENDS_WITHIN_MS);
  });
});
