import { afterEach, describe, expect, it } from "vitest";
import { startCorpusServer, type CorpusServer } from "../../bench/server.ts";

const LAST_MODIFIED = new Date("2025-06-01T08:00:00Z");
let server: CorpusServer | null = null;

async function serve(latencyMs = 0, hosts = 1): Promise<CorpusServer> {
  server = await startCorpusServer({ latencyMs, hosts });
  server.put("/feeds/a.xml", Buffer.from("<rss/>"), "application/rss+xml", LAST_MODIFIED);
  return server;
}

afterEach(async () => {
  await server?.close();
  server = null;
});

describe("the benchmark's corpus server", () => {
  it("serves a document with its validators", async () => {
    const [origin] = (await serve()).origins;
    const response = await fetch(`${origin}/feeds/a.xml`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("<rss/>");
    expect(response.headers.get("etag")).toMatch(/^".+"$/);
    expect(response.headers.get("last-modified")).toBe(LAST_MODIFIED.toUTCString());
  });

  it("answers 304 to a matching If-None-Match, even a weak one", async () => {
    const [origin] = (await serve()).origins;
    const etag = (await fetch(`${origin}/feeds/a.xml`)).headers.get("etag") ?? "";
    expect((await fetch(`${origin}/feeds/a.xml`, { headers: { "if-none-match": etag } })).status).toBe(304);
    expect((await fetch(`${origin}/feeds/a.xml`, { headers: { "if-none-match": `"other", W/${etag}` } })).status).toBe(304);
  });

  it("ignores If-Modified-Since when If-None-Match does not match", async () => {
    const [origin] = (await serve()).origins;
    const headers = { "if-none-match": '"stale"', "if-modified-since": LAST_MODIFIED.toUTCString() };
    expect((await fetch(`${origin}/feeds/a.xml`, { headers })).status).toBe(200);
  });

  it("answers 304 to If-Modified-Since at or after the document's date, 200 before it", async () => {
    const [origin] = (await serve()).origins;
    const at = { "if-modified-since": LAST_MODIFIED.toUTCString() };
    const before = { "if-modified-since": new Date(LAST_MODIFIED.getTime() - 1000).toUTCString() };
    expect((await fetch(`${origin}/feeds/a.xml`, { headers: at })).status).toBe(304);
    expect((await fetch(`${origin}/feeds/a.xml`, { headers: before })).status).toBe(200);
  });

  it("gives a changed document a new ETag, so old validators get the new body", async () => {
    const current = await serve();
    const etag = (await fetch(`${current.origins[0]}/feeds/a.xml`)).headers.get("etag") ?? "";
    current.put("/feeds/a.xml", Buffer.from("<rss>new</rss>"), "application/rss+xml", new Date("2025-06-02T00:00:00Z"));
    const response = await fetch(`${current.origins[0]}/feeds/a.xml`, { headers: { "if-none-match": etag } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("<rss>new</rss>");
  });

  it("counts responses by status and serves images under /blogs/", async () => {
    const current = await serve();
    await fetch(`${current.origins[0]}/feeds/a.xml`);
    expect((await fetch(`${current.origins[0]}/blogs/x/images/1.png`)).headers.get("content-type")).toBe("image/png");
    await fetch(`${current.origins[0]}/nothing`);
    expect(current.counts()).toEqual({ 200: 2, 404: 1 });
    current.resetCounts();
    expect(current.counts()).toEqual({});
  });

  it("serves every document from each of its hosts, distinct loopback addresses from 127.0.0.2 up", async () => {
    const { origins } = await serve(0, 5);
    expect(origins.map((origin) => new URL(origin).hostname)).toEqual(["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"]);
    for (const origin of origins) expect(await (await fetch(`${origin}/feeds/a.xml`)).text()).toBe("<rss/>");
    expect(server?.counts()).toEqual({ 200: 5 });
  });

  it("refuses a number of hosts loopback cannot give", async () => {
    await expect(startCorpusServer({ latencyMs: 0, hosts: 0 })).rejects.toThrow(/1 to 253 loopback hosts/);
  });

  it("holds every response for the set latency", async () => {
    const [origin] = (await serve(150)).origins;
    const started = performance.now();
    await fetch(`${origin}/feeds/a.xml`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});
