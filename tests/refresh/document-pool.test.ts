import { DEFAULT_SITE } from "../../src/config/defaults.ts";
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createDocumentPool, documentLimitsFor, type DocumentPool } from "../../src/refresh/document-pool.ts";
import { readDocument, type DocumentJob, type DocumentResult } from "../../src/refresh/read-document.ts";
import { xmlCostlierThan } from "../helpers/costly-documents.ts";
import { rssDocument } from "../helpers/rss.ts";
import { DEFAULT_FEED } from "../../src/config/defaults.ts";

const fetchedAt = "2019-02-20T12:00:00.000Z";
const LIMITS = documentLimitsFor(15 * 1024 * 1024);

function jobFor(feed: number, posts = 3): DocumentJob {
  const document = rssDocument({
    title: `Feed ${feed}`,
    link: `https://feed${feed}.example/`,
    posts: Array.from({ length: posts }, (_, n) => ({
      guid: `feed${feed}-post${n}`,
      title: `Post ${n} of feed ${feed}`,
      link: `/posts/${n}`,
      published: new Date(Date.parse(fetchedAt) - (n + 1) * 86_400_000),
      html: `<p>Body ${n}</p><script>alert(${n})</script>`,
    })),
  });
  return {
    // A fresh copy each time: the pool moves the bytes away.
    body: new TextEncoder().encode(document),
    contentType: "application/rss+xml; charset=utf-8",
    url: `https://feed${feed}.example/rss.xml`,
    feed: { name: `Feed ${feed}`, slug: `feed-${feed}`, url: `https://feed${feed}.example/rss.xml`, categories: ["Test"], maxItems: 10_000, ...DEFAULT_FEED },
    fetchedAt,
    caps: DEFAULT_SITE.caps,
  };
}

function costlyXmlJob(heapMb: number): DocumentJob {
  return { ...jobFor(9), body: new TextEncoder().encode(xmlCostlierThan(heapMb)) };
}

/** The result without the timings, which differ between any two runs. */
function withoutTimings(result: DocumentResult): unknown {
  if (!result.ok) return result;
  const { parseMs, normaliseMs, ...rest } = result;
  expect(parseMs).toBeGreaterThanOrEqual(0);
  expect(normaliseMs).toBeGreaterThanOrEqual(0);
  return rest;
}

let pool: DocumentPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe("document pool", () => {
  it("gives the same result as reading the document in this thread", async () => {
    pool = createDocumentPool(2, LIMITS);
    const inThread = await readDocument(jobFor(1));
    const onWorker = await pool.read(jobFor(1));
    expect(inThread.ok && inThread.items.length).toBe(3);
    expect(withoutTimings(onWorker)).toEqual(withoutTimings(inThread));
  });

  it("reports a document that is not a feed as the feed's error, like the in-thread read", async () => {
    pool = createDocumentPool(1, LIMITS);
    const job = { ...jobFor(1), body: new TextEncoder().encode("<html><body>Hello</body></html>"), contentType: "text/html" };
    const onWorker = await pool.read(job);
    expect(onWorker.ok).toBe(false);
    expect(onWorker).toEqual(await readDocument({ ...job, body: new TextEncoder().encode("<html><body>Hello</body></html>") }));
  });

  it("reads many documents at once on fewer workers, each result belonging to its own job", async () => {
    pool = createDocumentPool(2, LIMITS);
    const feeds = [1, 2, 3, 4, 5, 6, 7];
    const results = await Promise.all(feeds.map((feed) => pool!.read(jobFor(feed, feed))));
    results.forEach((result, index) => {
      const feed = feeds[index]!;
      if (!result.ok) throw new Error(result.error.message);
      expect(result.meta.title).toBe(`Feed ${feed}`);
      expect(result.items).toHaveLength(feed);
      expect(result.items.every((item) => item.feed === `feed-${feed}`)).toBe(true);
      expect(result.items[0]?.link).toBe(`https://feed${feed}.example/posts/0`);
      expect(result.items[0]?.contentHtml).not.toContain("<script");
    });
  });

  it("copies a body that shares Node's buffer pool instead of moving the shared memory away", async () => {
    pool = createDocumentPool(1, LIMITS);
    const neighbour = Buffer.from("a neighbour in the same pool");
    const job = jobFor(1, 1);
    const small = Buffer.from(job.body);
    expect(small.buffer).toBe(neighbour.buffer);
    const result = await pool.read({ ...job, body: small });
    expect(result.ok).toBe(true);
    expect(neighbour.toString()).toBe("a neighbour in the same pool");
    expect(small.byteLength).toBe(job.body.byteLength);
  });

  it("turns a worker that crashes into a parse_failed error for that feed and goes on with a fresh worker", async () => {
    pool = createDocumentPool(1, LIMITS);
    // The worker refuses a job of the wrong shape by throwing, which ends the thread.
    const broken = { ...jobFor(1), feed: null } as unknown as DocumentJob;
    const [crashed, queued] = await Promise.all([pool.read(broken), pool.read(jobFor(2))]);
    expect(crashed).toMatchObject({ ok: false, error: { kind: "parse_failed", detail: expect.stringContaining("wrong shape") } });
    if (!crashed.ok) expect(crashed.error.message).toMatch(/could not be read/);
    expect(queued.ok && queued.meta.title).toBe("Feed 2");
    const later = await pool.read(jobFor(3));
    expect(later.ok && later.meta.title).toBe("Feed 3");
  });

  it("ends a worker that passes the time limit, refuses that document with too_costly_to_read and reads the next on a fresh worker", async () => {
    // No real document takes a whole second to read: this one is the ordinary 2 MB of a big feed, given 1 ms.
    pool = createDocumentPool(1, { timeMs: 1, heapMb: LIMITS.heapMb });
    const slow = await pool.read(jobFor(1, 2_000));
    expect(slow).toMatchObject({ ok: false, error: { kind: "too_costly_to_read" } });
    if (!slow.ok) expect(slow.error.message).toMatch(/took longer than the 0\.001 s one document may take.*posts already archived are kept/);
    await pool.close();
    pool = createDocumentPool(1, LIMITS);
    const next = await pool.read(jobFor(2));
    expect(next.ok && next.meta.title).toBe("Feed 2");
  });

  it("refuses a document whose tree passes the worker's heap limit with too_costly_to_read and goes on with a fresh worker", async () => {
    pool = createDocumentPool(1, { timeMs: LIMITS.timeMs, heapMb: 64 });
    const [big, queued] = await Promise.all([pool.read(costlyXmlJob(64)), pool.read(jobFor(2))]);
    expect(big).toMatchObject({ ok: false, error: { kind: "too_costly_to_read" } });
    if (!big.ok) expect(big.error.message).toMatch(/needed more than the 64 MB of memory one document may use.*posts already archived are kept/);
    expect(queued.ok && queued.meta.title).toBe("Feed 2");
  });

  it("fails a read after close instead of waiting forever", async () => {
    pool = createDocumentPool(1, LIMITS);
    await pool.close();
    const result = await pool.read(jobFor(1));
    expect(result).toMatchObject({ ok: false, error: { kind: "parse_failed" } });
  });

  it("lets the process exit once closed", async () => {
    const poolModule = fileURLToPath(new URL("../../src/refresh/document-pool.ts", import.meta.url));
    const script = `
      import { createDocumentPool, documentLimitsFor } from ${JSON.stringify(poolModule)};
      const pool = createDocumentPool(2, documentLimitsFor(15 * 1024 * 1024));
      const body = new TextEncoder().encode('<rss version="2.0"><channel><title>T</title><item><guid>a</guid><title>A</title></item></channel></rss>');
      const feed = { name: "T", slug: "t", url: "https://t.example/", categories: [] };
      const caps = { postBodyBytes: 524288, linkBytes: 8192, feedBytes: 52428800 };
      const result = await pool.read({ body, contentType: null, url: "https://t.example/", feed, fetchedAt: new Date().toISOString(), caps });
      await pool.close();
      console.log(result.ok ? result.items.length : result.error.message);
    `;
    const file = join(await mkdtemp(join(tmpdir(), "blogroll-pool-")), "close-pool.mjs");
    await writeFile(file, script);
    // A worker left running would keep this child alive until the timeout kills it.
    const run = await promisify(execFile)(process.execPath, [file], { timeout: 15_000 });
    expect(run.stdout.trim()).toBe("1");
  });
});
