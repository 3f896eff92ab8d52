import { afterEach, describe, expect, it } from "vitest";
import { fetchFeed } from "../../src/fetch/fetch-feed.ts";
import { startLoopback, type Loopback, type Route } from "../helpers/loopback.ts";
import { NOW, failedOf, fetchedOf, testSettings } from "./settings.ts";

const FEED = "<rss version='2.0'><channel><title>moved</title></channel></rss>";

let server: Loopback;
afterEach(() => server.close());

function redirect(status: number, location: string, headers: Record<string, string> = {}): Route {
  return (_req, res) => void res.writeHead(status, { location, ...headers }).end();
}
const feed: Route = (_req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(FEED);

function get(path: string, maxRedirects = 5) {
  return fetchFeed({ url: server.url(path), etag: null, lastModified: null }, testSettings({ maxRedirects }), NOW);
}

describe("redirects", () => {
  it.each([301, 308])("a %i chain hands back its target as a permanent redirect", async (status) => {
    server = await startLoopback({ "/old": redirect(status, "/older"), "/older": redirect(status, "/feed"), "/feed": feed });
    const fetched = fetchedOf(await get("/old"));
    expect(fetched.url).toBe(server.url("/feed"));
    expect(fetched.permanentRedirect).toBe(server.url("/feed"));
    expect(fetched.body.toString()).toBe(FEED);
  });

  it.each([302, 303, 307])("a %i is followed but never replaces the stored URL", async (status) => {
    server = await startLoopback({ "/old": redirect(status, "/feed"), "/feed": feed });
    const fetched = fetchedOf(await get("/old"));
    expect(fetched.url).toBe(server.url("/feed"));
    expect(fetched.permanentRedirect).toBeNull();
  });

  it("a temporary hop anywhere in the chain cancels the permanent redirect", async () => {
    server = await startLoopback({ "/a": redirect(301, "/b"), "/b": redirect(302, "/c"), "/c": redirect(301, "/feed"), "/feed": feed });
    const fetched = fetchedOf(await get("/a"));
    expect(fetched.url).toBe(server.url("/feed"));
    expect(fetched.permanentRedirect).toBeNull();
  });

  it("no redirect means no permanent redirect", async () => {
    server = await startLoopback({ "/feed": feed });
    expect(fetchedOf(await get("/feed")).permanentRedirect).toBeNull();
  });

  it("resolves a relative Location against the URL that answered", async () => {
    server = await startLoopback({ "/blog/old/rss": redirect(301, "../feed.xml?x=1"), "/blog/feed.xml": feed });
    const fetched = fetchedOf(await get("/blog/old/rss"));
    expect(fetched.url).toBe(server.url("/blog/feed.xml?x=1"));
    expect(server.requests.map((request) => request.path)).toEqual(["/blog/old/rss", "/blog/feed.xml"]);
  });

  it("keeps the conditional headers on every hop and reports a 304 at the end of a permanent chain", async () => {
    server = await startLoopback({ "/old": redirect(301, "/feed"), "/feed": (_req, res) => void res.writeHead(304).end() });
    const outcome = await fetchFeed({ url: server.url("/old"), etag: `"e"`, lastModified: null }, testSettings(), NOW);
    expect(outcome).toEqual({ kind: "not-modified", status: 304, url: server.url("/feed"), permanentRedirect: server.url("/feed") });
    expect(server.requests.map((request) => request.headers["if-none-match"])).toEqual([`"e"`, `"e"`]);
  });

  it("says redirect loop when a URL comes round again", async () => {
    server = await startLoopback({ "/ping": redirect(302, "/pong"), "/pong": redirect(302, "/ping") });
    const failure = failedOf(await get("/ping"));
    expect(failure.error.kind).toBe("too_many_redirects");
    expect(failure.error.message).toMatch(/redirects in a loop/);
    expect(server.requests).toHaveLength(2);
  });

  it("follows exactly maxRedirects hops and gives up after more", async () => {
    const routes: Record<string, Route> = { "/hop/6": feed };
    for (let hop = 0; hop < 6; hop += 1) routes[`/hop/${hop}`] = redirect(301, `/hop/${hop + 1}`);
    server = await startLoopback(routes);

    expect(fetchedOf(await get("/hop/1", 5)).url).toBe(server.url("/hop/6"));
    const failure = failedOf(await get("/hop/0", 5));
    expect(failure).toMatchObject({ status: 301, permanentRedirect: null, error: { kind: "too_many_redirects" } });
    expect(failure.error.message).toContain("more than 5 times");
  });

  it("refuses to follow a redirect to a local file", async () => {
    server = await startLoopback({ "/sneaky": redirect(302, "file:///etc/passwd") });
    const failure = failedOf(await get("/sneaky"));
    expect(failure.error.kind).toBe("http_server_error");
    expect(failure.error.message).toContain("not a web address");
  });

  it("fails a redirect without a Location", async () => {
    server = await startLoopback({ "/nowhere": (_req, res) => void res.writeHead(302).end() });
    expect(failedOf(await get("/nowhere")).error.kind).toBe("http_server_error");
  });
});
