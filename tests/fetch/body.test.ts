import { Readable, pipeline } from "node:stream";
import { brotliCompressSync, createGzip, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { fetchFeed } from "../../src/fetch/fetch-feed.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { NOW, failedOf, fetchedOf, testSettings } from "./settings.ts";

const FEED = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>${"Ünïcode ".repeat(200)}</title></feed>`;
const MiB = 1024 * 1024;

let server: Loopback;
afterEach(() => server.close());

function get(path: string, overrides = {}) {
  return fetchFeed({ url: server.url(path), etag: null, lastModified: null }, testSettings(overrides), NOW);
}

describe("compressed bodies", () => {
  const cases: [string, Buffer][] = [
    ["gzip", gzipSync(FEED)],
    ["deflate", deflateSync(FEED)],
    ["br", brotliCompressSync(FEED)],
  ];
  it.each(cases)("unpacks a %s body", async (encoding, packed) => {
    server = await startLoopback({ "/feed": (_req, res) => void res.writeHead(200, { "content-encoding": encoding }).end(packed) });
    expect(fetchedOf(await get("/feed")).body.toString()).toBe(FEED);
  });

  it("reports a corrupt gzip stream as decompression_failed", async () => {
    const broken = Buffer.from(gzipSync(FEED));
    broken.fill(0x41, 12, 60);
    server = await startLoopback({ "/feed": (_req, res) => void res.writeHead(200, { "content-encoding": "gzip" }).end(broken) });
    expect(failedOf(await get("/feed")).error.kind).toBe("decompression_failed");
  });

  it("reports a truncated gzip stream as decompression_failed", async () => {
    const packed = gzipSync(FEED);
    server = await startLoopback({ "/feed": (_req, res) => void res.writeHead(200, { "content-encoding": "gzip" }).end(packed.subarray(0, packed.length - 20)) });
    expect(failedOf(await get("/feed")).error.kind).toBe("decompression_failed");
  });

  it("refuses an encoding it cannot undo", async () => {
    server = await startLoopback({ "/feed": (_req, res) => void res.writeHead(200, { "content-encoding": "zstd" }).end("xx") });
    const failure = failedOf(await get("/feed"));
    expect(failure.error.kind).toBe("decompression_failed");
    expect(failure.error.message).toContain("zstd");
  });
});

describe("body size cap", () => {
  it("stops a gzip bomb at the cap on the unpacked bytes", async () => {
    const bomb = gzipSync(Buffer.alloc(50 * MiB));
    expect(bomb.length).toBeLessThan(MiB);
    server = await startLoopback({ "/bomb": (_req, res) => void res.writeHead(200, { "content-encoding": "gzip" }).end(bomb) });
    const failure = failedOf(await get("/bomb", { maxBodyBytes: MiB }));
    expect(failure.error.kind).toBe("body_too_large");
    expect(failure.status).toBe(200);
  });

  it("stops an endless gzip stream at the cap, while it streams", async () => {
    // Only a reader that counts unpacked bytes as they arrive can end this before the deadline.
    server = await startLoopback({
      "/endless-bomb": (_req, res) => {
        res.writeHead(200, { "content-encoding": "gzip" });
        const zeros = new Readable({ read: () => void zeros.push(Buffer.alloc(64 * 1024)) });
        pipeline(zeros, createGzip(), res, () => {});
      },
    });
    expect(failedOf(await get("/endless-bomb", { maxBodyBytes: MiB, timeoutMs: 10_000 })).error.kind).toBe("body_too_large");
  });

  it("stops a plain body that grows past the cap", async () => {
    server = await startLoopback({
      "/big": (_req, res) => {
        res.writeHead(200, { "content-type": "application/xml" });
        for (let i = 0; i < 4; i += 1) res.write(Buffer.alloc(MiB / 2, 0x61));
        res.end();
      },
    });
    expect(failedOf(await get("/big", { maxBodyBytes: MiB })).error.kind).toBe("body_too_large");
  });

  it("accepts a body exactly at the cap", async () => {
    server = await startLoopback({ "/exact": (_req, res) => void res.end(Buffer.alloc(1000, 0x61)) });
    expect(fetchedOf(await get("/exact", { maxBodyBytes: 1000 })).body.length).toBe(1000);
  });

  it("refuses on a Content-Length over the cap without waiting for the body", async () => {
    // The body never comes: only an early refusal can end this before the deadline.
    server = await startLoopback({ "/declared": (_req, res) => void res.writeHead(200, { "content-length": String(10 * MiB) }).flushHeaders() });
    const failure = failedOf(await get("/declared", { maxBodyBytes: MiB, timeoutMs: 3_000 }));
    expect(failure.error.kind).toBe("body_too_large");
    expect(failure.error.message).toContain("1 MiB");
  });
});

describe("empty bodies", () => {
  it("reports a 200 with no body as empty_body", async () => {
    server = await startLoopback({ "/empty": (_req, res) => void res.writeHead(200).end() });
    expect(failedOf(await get("/empty"))).toMatchObject({ status: 200, error: { kind: "empty_body" } });
  });

  it("reports a body of only whitespace as empty_body", async () => {
    server = await startLoopback({ "/blank": (_req, res) => void res.end(" \r\n\t\n") });
    expect(failedOf(await get("/blank")).error.kind).toBe("empty_body");
  });
});
