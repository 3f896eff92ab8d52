import { afterEach, describe, expect, it } from "vitest";
import { fetchFeed } from "../../src/fetch/fetch-feed.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { NOW, fetchedOf, testSettings } from "./settings.ts";

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`;
const ETAG = `"v1-abc"`;
const LAST_MODIFIED = "Thu, 29 Feb 2024 10:00:00 GMT";

let server: Loopback;
afterEach(() => server.close());

describe("conditional GET", () => {
  it("stores the validators of a 200 and gets a 304 when it sends them back", async () => {
    server = await startLoopback({
      "/feed.xml": (req, res) => {
        if (req.headers["if-none-match"] === ETAG && req.headers["if-modified-since"] === LAST_MODIFIED) {
          res.writeHead(304).end();
          return;
        }
        res.writeHead(200, { "content-type": "application/rss+xml", etag: ETAG, "last-modified": LAST_MODIFIED }).end(FEED);
      },
    });
    const url = server.url("/feed.xml");

    const first = fetchedOf(await fetchFeed({ url, etag: null, lastModified: null }, testSettings(), NOW));
    expect(first).toMatchObject({ status: 200, url, etag: ETAG, lastModified: LAST_MODIFIED, contentType: "application/rss+xml", permanentRedirect: null });
    expect(first.body.toString()).toBe(FEED);
    expect(server.requests[0]?.headers["if-none-match"]).toBeUndefined();

    const second = await fetchFeed({ url, etag: first.etag, lastModified: first.lastModified }, testSettings(), NOW);
    expect(second).toEqual({ kind: "not-modified", status: 304, url, permanentRedirect: null });
    expect(server.requests[1]?.headers).toMatchObject({ "if-none-match": ETAG, "if-modified-since": LAST_MODIFIED });
  });

  it("names itself and says which formats and compressions it accepts", async () => {
    server = await startLoopback({ "/feed.xml": (_req, res) => void res.end(FEED) });
    await fetchFeed({ url: server.url("/feed.xml"), etag: null, lastModified: null }, testSettings({ userAgent: "Blogroll/9 (+https://example.org)" }), NOW);
    const headers = server.requests[0]?.headers;
    expect(headers?.["user-agent"]).toBe("Blogroll/9 (+https://example.org)");
    expect(headers?.["accept"]).toBe(
      "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8",
    );
    expect(headers?.["accept-encoding"]).toBe("gzip, deflate, br");
  });
});
