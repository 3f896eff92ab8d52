import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { discoverFeedLinks, parseFeedDocument } from "../../src/parse/parse-feed.ts";
import type { ParseOutcome, RawFeed } from "../../src/parse/types.ts";

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));
const source = { url: "https://example.org/feed", contentType: null };

async function parsed(body: Buffer | string, contentType: string | null = null): Promise<{ feed: RawFeed; warnings: string[] }> {
  const outcome = await parseFeedDocument(Buffer.isBuffer(body) ? body : Buffer.from(body), { ...source, contentType });
  if (!outcome.ok) throw new Error(`expected a feed, got ${outcome.error.kind}: ${outcome.error.message}`);
  return outcome;
}

async function failed(body: Buffer | string, contentType: string | null = null): Promise<Extract<ParseOutcome, { ok: false }>["error"]> {
  const outcome = await parseFeedDocument(Buffer.isBuffer(body) ? body : Buffer.from(body), { ...source, contentType });
  if (outcome.ok) throw new Error("expected a failure");
  return outcome.error;
}

describe("parseFeedDocument: formats", () => {
  it("reads RSS 0.91", async () => {
    const { feed, warnings } = await parsed(fixture("rss-0.91.xml"));
    expect(warnings).toEqual([]);
    expect(feed).toMatchObject({ format: "rss", version: "0.91", title: { value: "Old School", type: "text" } });
    expect(feed.image).toMatchObject({ url: "https://old.example/logo.png", title: "Old School" });
    expect(feed.entries[0]?.description?.value).toBe("Hello <b>world</b>");
  });

  it("reads RSS 2.0 with content:encoded, guid, dc:creator, categories and enclosures", async () => {
    const { feed } = await parsed(fixture("rss-2.0.xml"));
    const [entry] = feed.entries;
    expect(feed.links.map((link) => link.rel)).toEqual(["alternate", "self"]);
    expect(entry).toMatchObject({
      id: "modern-1", idIsPermaLink: false, authors: ["Ada"],
      categories: [{ term: "Go", label: null, scheme: null }, { term: "Rust", label: null, scheme: "https://modern.example/topics" }],
      dates: [{ field: "pubDate", value: "Tue, 05 Mar 2024 10:00:00 +0000" }],
      contentEncoded: { value: "<p>The <em>full</em> version</p>", type: "html" },
      description: { value: "Short version", type: "html" },
      enclosures: [{ url: "https://modern.example/ep1.mp3", type: "audio/mpeg", length: 1234 }],
    });
  });

  it("reads RSS 1.0 (RDF) with items beside the channel and rdf:about as the id", async () => {
    const { feed } = await parsed(fixture("rdf-1.0.xml"));
    expect(feed).toMatchObject({ format: "rdf", version: "1.0", title: { value: "Resource" } });
    expect(feed.entries[0]).toMatchObject({ id: "https://rdf.example/a", dates: [{ field: "dc:date", value: "2024-03-05T10:00:00Z" }] });
  });

  it("reads Atom 1.0 keeping XHTML content in order, text types and xml:base chains", async () => {
    const { feed } = await parsed(fixture("atom-1.0.xml"));
    const [entry] = feed.entries;
    expect(feed).toMatchObject({ format: "atom", version: "1.0", title: { value: "Atom &amp; Eve", type: "html" }, authors: ["Feed Author"] });
    expect(feed.base).toEqual(["https://atom.example/blog/"]);
    expect(entry?.base).toEqual(["https://atom.example/blog/", "posts/"]);
    expect(entry?.content).toEqual({ value: 'Hello <b>bold</b> world <img src="pic.png" alt="" />', type: "xhtml", base: ["https://atom.example/blog/", "posts/"] });
    expect(entry?.summary).toMatchObject({ value: "Only a summary", type: "text" });
    expect(entry?.links.map((link) => link.rel)).toEqual(["related", "alternate"]);
    expect(entry?.dates.map((date) => date.field)).toEqual(["published", "updated"]);
  });

  it("reads JSON Feed 1.0 (author, content_text, numeric id)", async () => {
    const { feed } = await parsed(fixture("json-feed-1.0.json"));
    expect(feed).toMatchObject({ format: "json", authors: ["Solo Author"], image: { url: "https://json.example/icon.png" } });
    expect(feed.entries[0]).toMatchObject({ id: "1", content: { type: "text" }, dates: [{ field: "published" }] });
  });

  it("reads JSON Feed 1.1 (authors, content_html, external_url, date_modified)", async () => {
    const { feed } = await parsed(fixture("json-feed-1.1.json"));
    expect(feed.entries[0]).toMatchObject({
      id: "x-1", authors: ["Item Author"], content: { type: "html" }, summary: { value: "A linked story" },
      links: [{ href: "https://linked.example/story", rel: "alternate" }],
      dates: [{ field: "published" }, { field: "updated", value: "2024-03-07T00:00:00Z" }],
    });
  });

  it("reads Atom categories with their term, label and scheme, and titles of other types as text", async () => {
    const { feed } = await parsed(fixture("atom-categories-and-types.xml"));
    expect(feed.title).toMatchObject({ value: "Plain & simple", type: "text" });
    expect(feed.description).toMatchObject({ value: "Not base64 either", type: "text" });
    const [entry] = feed.entries;
    expect(entry?.title).toMatchObject({ value: "**Not** base64", type: "text" });
    expect(entry?.summary).toMatchObject({ value: "Summaries are text constructs too", type: "text" });
    // Content alone may be of another media type, and then it is base64 (RFC 4287 §4.1.3.3).
    expect(entry?.content).toMatchObject({ value: "<p>Hello</p>", type: "html" });
    expect(entry?.categories).toEqual([
      { term: "ml", label: "Machine learning", scheme: "https://topics.example/" },
      { term: "go", label: null, scheme: null },
      { term: "Only a label", label: "Only a label", scheme: null },
    ]);
  });

  it("reads a title of another type as base64 only when it is base64 of clean UTF-8 text", async () => {
    const entry = (title: string): string => `<entry><title type="application/octet-stream">${title}</title></entry>`;
    const { feed } = await parsed(`<feed xmlns="http://www.w3.org/2005/Atom">${entry("\n  SGVsbG8gPGI+d29ybGQ8L2I+\n")}${entry("Test")}${entry("Down time")}</feed>`);
    expect(feed.entries.map((item) => item.title)).toMatchObject([
      { value: "Hello <b>world</b>", type: "html" }, { value: "Test", type: "text" }, { value: "Down time", type: "text" },
    ]);
  });

  it("still decodes an Atom 0.3 title whose mode says base64", async () => {
    const { feed } = await parsed(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title mode="base64">SGVsbG8gPGI+d29ybGQ8L2I+</title></feed>`);
    expect(feed.title).toMatchObject({ value: "Hello <b>world</b>", type: "html" });
  });

  it("reads the old body, fullitem and tags extensions of RSS items", async () => {
    const { feed } = await parsed(`<rss version="2.0"><channel>
      <item><body><p>In <b>XHTML</b></p></body><tags>one, two ,, three</tags><category domain="https://t.example/">four</category></item>
      <item><fullitem>&lt;p&gt;Escaped&lt;/p&gt;</fullitem></item>
    </channel></rss>`);
    const [first, second] = feed.entries;
    expect(first?.contentEncoded).toMatchObject({ value: "<p>In <b>XHTML</b></p>", type: "xhtml" });
    expect(first?.categories.map((category) => [category.term, category.scheme])).toEqual([["one", null], ["two", null], ["three", null], ["four", "https://t.example/"]]);
    expect(second?.contentEncoded).toMatchObject({ value: "<p>Escaped</p>", type: "html" });
  });

  it("reads a JSON Feed whose version is written short, with a warning", async () => {
    const { feed, warnings } = await parsed(fixture("json-feed-short-version.json"));
    expect(feed).toMatchObject({ format: "json", version: "1.1", title: { value: "Short Version" }, entries: [{ id: "s-1", content: { value: "Hello" } }] });
    expect(warnings).toEqual(['The JSON Feed\'s version is written "1.1" instead of "https://jsonfeed.org/version/1.1"; it was read as a JSON Feed.']);
  });

  it("reads JSON with no version but a JSON Feed's items and fields, with a warning", async () => {
    const { feed, warnings } = await parsed(fixture("json-feed-no-version.json"));
    expect(feed).toMatchObject({ format: "json", version: null, entries: [{ id: "n-1", content: { value: "<p>Hi</p>", type: "html" } }] });
    expect(warnings).toEqual([
      "The document has no JSON Feed version, but has a JSON Feed's items and fields (home_page_url, feed_url, content_html, date_published); it was read as a JSON Feed.",
    ]);
  });

  it("finds module elements by namespace, whatever prefix the feed binds", async () => {
    const { feed } = await parsed(
      `<rss version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:x="urn:other"><channel><item><c:encoded>body</c:encoded><x:description>not ours</x:description></item></channel></rss>`,
    );
    expect(feed.entries[0]).toMatchObject({ contentEncoded: { value: "body" }, description: null });
  });

  it("reads an RSS title holding escaped markup as HTML and a plain one as text", async () => {
    const { feed } = await parsed(`<rss version="2.0"><channel><title>AT&amp;T</title><item><title>a &lt;b&gt;bold&lt;/b&gt; claim</title></item></channel></rss>`);
    expect(feed.title).toMatchObject({ value: "AT&T", type: "text" });
    expect(feed.entries[0]?.title).toMatchObject({ value: "a <b>bold</b> claim", type: "html" });
  });
});

describe("parseFeedDocument: recovery", () => {
  const channel = (items: string): string => `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title>\n${items}</channel></rss>`;

  it("reads a bare ampersand as a literal one", async () => {
    const { feed, warnings } = await parsed(channel("<item><title>Fish & Chips</title></item>"));
    expect(feed.entries[0]?.title?.value).toBe("Fish & Chips");
    expect(warnings).toEqual(['The feed\'s XML is malformed (a bare "&" at line 3 was read as a literal ampersand); items were recovered.']);
  });

  it("turns HTML named entities into characters", async () => {
    const { feed, warnings } = await parsed(channel("<item><title>caf&eacute;&nbsp;au lait</title></item>"));
    expect(feed.entries[0]?.title?.value).toBe("café\u00a0au lait");
    expect(warnings[0]).toBe("The feed's XML is malformed (undefined entity &eacute; at line 3; undefined entity &nbsp; at line 3); items were recovered.");
  });

  it("keeps an unknown entity as text", async () => {
    const { feed } = await parsed(channel("<item><title>&bogus; name</title></item>"));
    expect(feed.entries[0]?.title?.value).toBe("&bogus; name");
  });

  it("drops control characters XML forbids", async () => {
    const { feed, warnings } = await parsed(channel("<item><title>bell\u0007 here</title></item>"));
    expect(feed.entries[0]?.title?.value).toBe("bell here");
    expect(warnings[0]).toContain("control characters");
  });

  it("drops junk before the root element", async () => {
    const { feed, warnings } = await parsed(`PHP Warning: something\n${channel("<item><title>one</title></item>")}`);
    expect(feed.entries).toHaveLength(1);
    expect(warnings[0]).toContain("text before the first tag was dropped");
  });

  it("recovers items around an unclosed tag", async () => {
    const { feed, warnings } = await parsed(channel("<item><title>one</item>\n<item><title>two</title></item>"));
    expect(feed.entries.map((entry) => entry.title?.value)).toEqual(["one", "two"]);
    expect(warnings).toEqual(["The feed's XML is malformed (<title> at line 3 is never closed); items were recovered."]);
  });

  it("keeps the complete items of a truncated document and leaves out the cut one", async () => {
    const text = channel("<item><title>one</title></item><item><title>two</title></item><item><title>thr").replace(/<\/channel><\/rss>$/, "");
    const { feed, warnings } = await parsed(text);
    expect(feed.entries.map((entry) => entry.title?.value)).toEqual(["one", "two"]);
    expect(warnings[0]).toContain("the document ends inside an item, which was left out");
  });

  it("reads entities inside CDATA as they are", async () => {
    const { feed, warnings } = await parsed(channel("<item><description><![CDATA[a & b &nbsp;]]></description></item>"));
    expect(feed.entries[0]?.description?.value).toBe("a & b &nbsp;");
    expect(warnings).toEqual([]);
  });

  it("reads a feed that a PHP warning printed as HTML comes before", async () => {
    const { feed, warnings } = await parsed(`<br />\n<b>Warning</b>: something in x.php\n${channel("<item><title>one</title></item>")}`);
    expect(feed.entries.map((entry) => entry.title?.value)).toEqual(["one"]);
    expect(warnings).toEqual([
      "The feed's XML is malformed (more than one top-level element (a second, <b>, at line 2); text outside the root element at line 2 was ignored; " +
        "the feed's <rss> is not the first element (the first is <br>), and what came before it was ignored); items were recovered.",
    ]);
  });

  it("says a document that holds no element at all is too broken, with what was wrong", async () => {
    expect(await failed(`<?xml version="1.0"?>\n<rss version="2.0`)).toEqual({
      kind: "parse_failed", message: "The feed's XML is too broken to read any item from it.", detail: null,
    });
  });

  it("reads an entity the doctype declares", async () => {
    const { feed, warnings } = await parsed(`<!DOCTYPE rss [\n<!ENTITY site "https://example.org/">\n]>\n${channel("<item><guid>&site;post/1</guid></item>")}`);
    expect(feed.entries[0]?.id).toBe("https://example.org/post/1");
    expect(warnings).toEqual([]);
  });

  it("reads a gzip file served without Content-Encoding", async () => {
    const { gzipSync } = await import("node:zlib");
    const { feed } = await parsed(gzipSync(fixture("rss-2.0.xml")));
    expect(feed.title?.value).toBe("Modern");
  });
});

describe("parseFeedDocument: documents that are not feeds", () => {
  it("reports an empty body", async () => {
    expect((await failed("  \n ")).kind).toBe("empty_body");
    expect((await failed(Buffer.alloc(0))).kind).toBe("empty_body");
  });

  it("names the feed a web page advertises", async () => {
    const page = `<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>hi</body></html>`;
    expect(await failed(page, "text/html")).toEqual({
      kind: "not_a_feed",
      message: "This address is a web page, not a feed. The page advertises a feed at https://example.org/feed.xml: put that URL in feeds.yaml.",
      detail: null,
    });
  });

  it("says when a web page advertises no feed", async () => {
    const error = await failed("<html><body>nothing</body></html>");
    expect(error.kind).toBe("not_a_feed");
    expect(error.message).toContain("does not advertise one");
  });

  it("reads a feed served as text/html", async () => {
    const { feed } = await parsed(fixture("rss-2.0.xml"), "text/html; charset=utf-8");
    expect(feed.title?.value).toBe("Modern");
  });

  it("reads an Atom feed wrapped in an XHTML page", async () => {
    const { feed, warnings } = await parsed(fixture("atom-in-xhtml.xhtml"), "text/html; charset=utf-8");
    expect(feed).toMatchObject({
      format: "atom", title: { value: "Wrapped" }, links: [{ href: "https://wrapped.example/" }],
      entries: [{ id: "tag:wrapped.example,2024:1", title: { value: "Inside the page" }, content: { value: "<p>Hello</p>", type: "xhtml" } }],
    });
    expect(warnings).toEqual([]);
  });

  it("says an HTML fragment is not a feed, naming its first element", async () => {
    expect(await failed(`<p>One <br> two</p>\n<p>three</p>`)).toEqual({
      kind: "not_a_feed",
      message: "This address returns XML, but not an RSS or Atom feed (its root element is <p>).",
      detail: "<br> at line 1 is never closed",
    });
  });

  it("rejects plain text, other XML and JSON that is not a JSON Feed", async () => {
    expect((await failed("just words")).kind).toBe("not_a_feed");
    expect(await failed("<opml version=\"2.0\"><body/></opml>")).toMatchObject({ kind: "not_a_feed", message: expect.stringContaining("<opml>") });
    expect((await failed('{"rss": {}}')).message).toContain("not a JSON Feed");
    // An API's list of things is not a feed for having "items".
    expect((await failed('{"items": [{"id": 1, "title": "Widget", "url": "https://shop.example/1"}]}')).kind).toBe("not_a_feed");
    expect((await failed('{"version": "1.1", "title": "no items"}')).kind).toBe("not_a_feed");
  });

  it("reports a broken JSON Feed as parse_failed, with or without its version", async () => {
    expect((await failed('{"version": "https://jsonfeed.org/version/1.1", "items": [')).kind).toBe("parse_failed");
    const cut = await failed('{"title": "Cut", "feed_url": "https://cut.example/feed.json", "items": [{"id": "1", "content_html": "<p>cut he');
    expect(cut).toMatchObject({ kind: "parse_failed", message: "The JSON Feed is not valid JSON, so no item could be read." });
    expect(cut.detail).toMatch(/JSON/);
  });
});

describe("discoverFeedLinks", () => {
  it("lists RSS, Atom and JSON Feed alternates, absolute, without duplicates", () => {
    const html = `<head><base href="https://site.example/blog/">
      <link rel="alternate" type="application/rss+xml" title="RSS" href="rss.xml">
      <link rel="Alternate home" type="application/atom+xml" href="/atom.xml">
      <link rel="alternate" type="application/feed+json" href="feed.json">
      <link rel="alternate" type="application/rss+xml" href="rss.xml">
      <link rel="alternate" hreflang="fr" type="text/html" href="/fr/">
      <link rel="stylesheet" type="text/css" href="s.css"></head>`;
    expect(discoverFeedLinks(html, "https://site.example/")).toEqual([
      { url: "https://site.example/blog/rss.xml", title: "RSS", type: "application/rss+xml" },
      { url: "https://site.example/atom.xml", title: null, type: "application/atom+xml" },
      { url: "https://site.example/blog/feed.json", title: null, type: "application/feed+json" },
    ]);
  });
});
