import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { normaliseFeed, type NormalisedFeed } from "../../src/normalise/normalise-feed.ts";
import { fetchFeed } from "../../src/fetch/fetch-feed.ts";
import { parseFeedDocument } from "../../src/parse/parse-feed.ts";
import { testSettings } from "../fetch/settings.ts";
import type { FeedConfig } from "../../src/model.ts";
import { DEFAULT_FEED } from "../../src/config/defaults.ts";

const feedConfig: FeedConfig = { name: "Example", slug: "example", url: "https://example.org/feed", categories: ["Friends"], maxItems: 10_000, ...DEFAULT_FEED };
const fetchedAt = new Date("2024-06-01T00:00:00Z");

async function normalised(body: string | Buffer, documentUrl = "https://example.org/feed", feed = feedConfig): Promise<NormalisedFeed> {
  const outcome = await parseFeedDocument(Buffer.isBuffer(body) ? body : Buffer.from(body), { url: documentUrl, contentType: null });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return normaliseFeed(outcome.feed, { feed, documentUrl, fetchedAt });
}
const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));
const rss = (items: string, channel = "<title>Blog</title><link>https://blog.example/</link>"): string =>
  `<rss version="2.0"><channel>${channel}${items}</channel></rss>`;

describe("normaliseFeed: fixtures", () => {
  it("turns RSS 2.0 into items: full content, tags apart from configured categories", async () => {
    const { meta, items, warnings } = await normalised(fixture("rss-2.0.xml"));
    expect(warnings).toEqual([]);
    expect(meta).toEqual({ title: "Modern", description: "An RSS 2.0 channel", siteLink: "https://modern.example/", image: null });
    expect(items[0]).toMatchObject({
      id: "modern-1", feed: "example", title: "Full post", link: "https://modern.example/full", published: "2024-03-05T10:00:00.000Z",
      updated: null, dateSource: "feed", author: "Ada", categories: ["Friends"], tags: ["Go", "Rust"], summary: "Short version",
      firstSeen: fetchedAt.toISOString(),
    });
    expect(items[0]?.contentHtml).toContain("The <em>full</em> version");
    // The enclosure is the item's own, for the page to play, not a link added to the body.
    expect(items[0]?.enclosures).toEqual([{ url: "https://modern.example/ep1.mp3", type: "audio/mpeg", length: 1234 }]);
    expect(items[0]?.contentHtml).not.toContain("ep1.mp3");
  });

  it("resolves Atom xml:base chains in links and content, and prefers content over summary", async () => {
    const { meta, items } = await normalised(fixture("atom-1.0.xml"));
    expect(meta).toEqual({
      title: "Atom & Eve", description: "An Atom feed", siteLink: "https://atom.example/blog/",
      image: { url: "https://atom.example/blog/logo.png", title: null },
    });
    const [item] = items;
    expect(item).toMatchObject({
      link: "https://atom.example/blog/posts/one.html", published: "2024-03-05T09:00:00.000Z", updated: "2024-03-06T10:00:00.000Z",
      author: "Feed Author", tags: ["atom"], summary: "Only a summary",
    });
    expect(item?.contentHtml).toContain("Hello <b>bold</b> world");
    expect(item?.contentHtml).toContain('src="https://atom.example/blog/posts/pic.png"');
  });

  it("shows an Atom category by its label where it has one, else by its term", async () => {
    const { items } = await normalised(fixture("atom-categories-and-types.xml"));
    expect(items[0]?.tags).toEqual(["Machine learning", "go", "Only a label"]);
    expect(items[0]?.title).toBe("**Not** base64");
  });

  it("turns JSON Feed content_text into escaped paragraphs and dedupes tags", async () => {
    const { items } = await normalised(fixture("json-feed-1.0.json"));
    expect(items[0]).toMatchObject({ id: "1", author: "Solo Author", tags: ["a", "b"], title: "Numbered" });
    expect(items[0]?.contentHtml).toBe("<p>Plain &lt;text&gt;</p><p>Second paragraph</p>");
  });

  it("uses JSON Feed external_url when an item has no url, and resolves content against the item link", async () => {
    const { items } = await normalised(fixture("json-feed-1.1.json"));
    expect(items[0]).toMatchObject({ link: "https://linked.example/story", author: "Item Author", updated: "2024-03-07T00:00:00.000Z", summary: "A linked story" });
    expect(items[0]?.contentHtml).toContain('href="https://linked.example/rel"');
    expect(items[0]?.contentHtml).toContain('src="https://json11.example/img.jpg"');
  });
});

describe("normaliseFeed: ids", () => {
  it("falls back to the link, then to a hash of title and date", async () => {
    const { items } = await normalised(
      rss(`<item><title>A</title><link>https://blog.example/a</link></item>
           <item><title>B</title><link>https://blog.example/</link><pubDate>Fri, 01 Mar 2024 00:00:00 GMT</pubDate></item>`),
    );
    expect(items[0]?.id).toBe("https://blog.example/a");
    expect(items[1]?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("gives an item without id or date the same id on every run", async () => {
    const document = rss("<item><title>Undated</title></item>");
    const first = await normalised(document);
    const second = await normalised(document);
    expect(first.items[0]?.id).toBe(second.items[0]?.id);
  });

  it("keeps entries with no id, link, title or date apart, by what they hold, with the same ids on every run", async () => {
    const first = await normalised(fixture("items-without-ids.xml"));
    const second = await normalised(fixture("items-without-ids.xml"));
    expect(first.warnings).toEqual([]);
    expect(first.items.map((item) => item.title)).toEqual([
      "Backups finished.", "Disk replaced in the second server.", "Backups finished.", "Untitled", "Untitled",
    ]);
    expect(new Set(first.items.map((item) => item.id)).size).toBe(5);
    expect(first.items[2]?.id).toBe(`${first.items[0]?.id}#2`);
    expect(second.items.map((item) => item.id)).toEqual(first.items.map((item) => item.id));
  });

  it("keeps an entry's id when a new entry without id, link, title or date is added before it", async () => {
    const item = (text: string): string => `<item><description>${text}</description></item>`;
    const before = await normalised(rss(item("Backups finished.") + item("Disk replaced.")));
    const after = await normalised(rss(item("New disk arrived.") + item("Backups finished.") + item("Disk replaced.")));
    expect(after.items.slice(1).map((entry) => entry.id)).toEqual(before.items.map((entry) => entry.id));
  });

  it("collapses duplicate ids, keeping the first, with a warning", async () => {
    const { items, warnings } = await normalised(rss("<item><guid>same</guid><title>One</title></item><item><guid> same </guid><title>Two</title></item>"));
    expect(items.map((item) => item.title)).toEqual(["One"]);
    expect(warnings).toEqual(["1 item repeated an id already in the feed (first: same); only the first of each was kept."]);
  });
});

describe("normaliseFeed: titles", () => {
  it("decodes entities and strips markup from HTML titles", async () => {
    const { items } = await normalised(rss("<item><title>Tom &amp;amp; Jerry &lt;i&gt;live&lt;/i&gt;</title></item>"));
    expect(items[0]?.title).toBe("Tom & Jerry live");
  });

  it("takes the first words of the body when the title is empty, then falls back to Untitled", async () => {
    const longBody = "word ".repeat(40);
    const { items } = await normalised(rss(`<item><title> </title><description>${longBody}</description></item><item><guid>2</guid></item>`));
    expect(items[0]?.title.length).toBeLessThanOrEqual(80);
    expect(items[0]?.title).toMatch(/^word word .*word…$/);
    expect(items[1]?.title).toBe("Untitled");
  });

  it("caps a huge title", async () => {
    const { items } = await normalised(rss(`<item><title>${"x".repeat(100_000)}</title></item>`));
    expect(items[0]?.title.length).toBe(500);
  });
});

describe("normaliseFeed: links", () => {
  it("keeps only http(s) links and leaves a missing link null instead of using the feed's", async () => {
    const { items } = await normalised(rss("<item><guid isPermaLink=\"false\">1</guid><link>javascript:alert(1)</link></item><item><guid isPermaLink=\"false\">2</guid></item>"));
    expect(items.map((item) => item.link)).toEqual([null, null]);
  });

  it("uses a permalink guid when there is no link", async () => {
    const { items } = await normalised(rss("<item><guid>https://blog.example/p/1</guid></item>"));
    expect(items[0]?.link).toBe("https://blog.example/p/1");
  });

  it("resolves a local file's relative links against the feed's site link", async () => {
    const path = fileURLToPath(new URL("../fixtures/feeds/local-relative-links.xml", import.meta.url));
    const fetched = await fetchFeed({ url: path, etag: null, lastModified: null }, testSettings(), fetchedAt);
    if (fetched.kind !== "fetched") throw new Error(fetched.kind);
    expect(fetched.url.startsWith("file://")).toBe(true);
    const { meta, items } = await normalised(fetched.body, fetched.url);
    expect(meta).toMatchObject({ siteLink: "https://local.example/blog/", image: { url: "https://local.example/blog/logo.png" } });
    expect(items[0]?.link).toBe("https://local.example/blog/posts/1.html");
    expect(items[0]?.contentHtml).toContain('src="https://local.example/img/a.png"');
    expect(items[0]?.contentHtml).toContain('href="https://local.example/blog/about/"');
    expect(items[0]?.enclosures.map((enclosure) => enclosure.url)).toEqual(["https://local.example/blog/media/one.mp3"]);
  });

  it("leaves a local file's relative links out when its site link is not absolute", async () => {
    const { items } = await normalised(rss("<item><guid>1</guid><link>posts/1.html</link></item>", "<link>/blog/</link>"), "file:///srv/feeds/local.xml");
    expect(items[0]?.link).toBeNull();
  });

  it("resolves relative links against the document URL", async () => {
    const { items } = await normalised(rss("<item><link>/posts/1</link><description>&lt;a href=\"x.html\"&gt;x&lt;/a&gt;</description></item>"), "https://host.example/blog/feed.xml");
    expect(items[0]?.link).toBe("https://host.example/posts/1");
    expect(items[0]?.contentHtml).toContain('href="https://host.example/posts/x.html"');
  });
});

describe("normaliseFeed: content and summary", () => {
  it("prefers Atom content over summary (weakness 6) and takes the summary text from the summary", async () => {
    const { items } = await normalised(
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><summary>Short</summary><content type="html">&lt;p&gt;Long body&lt;/p&gt;</content></entry></feed>`,
    );
    expect(items[0]?.contentHtml).toBe("<p>Long body</p>");
    expect(items[0]?.summary).toBe("Short");
  });

  it("caps the summary at 300 characters", async () => {
    const { items } = await normalised(rss(`<item><description>${"lorem ipsum ".repeat(100)}</description></item>`));
    expect(items[0]?.summary.length).toBeLessThanOrEqual(300);
    expect(items[0]?.summary.endsWith("…")).toBe(true);
  });

  it("reads the name out of RSS author forms", async () => {
    const { items } = await normalised(rss("<item><guid>1</guid><author>jo@example.com (Jo Bloggs)</author></item><item><guid>2</guid><author>Jo Bloggs &lt;jo@example.com&gt;</author></item>"));
    expect(items.map((item) => item.author)).toEqual(["Jo Bloggs", "Jo Bloggs"]);
  });
});

describe("normaliseFeed: Media RSS and enclosures", () => {
  const media = (item: string): string =>
    `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Blog</title><link>https://blog.example/</link><item><guid>1</guid>${item}</item></channel></rss>`;

  it("takes the media description as the body only where the item has no other", async () => {
    const [alone] = (await normalised(media(`<media:group><media:description>Only &lt;this&gt;</media:description></media:group>`))).items;
    expect(alone?.contentHtml).toBe("<p>Only &lt;this&gt;</p>");
    expect(alone?.summary).toBe("Only <this>");
    const [withBody] = (await normalised(media(`<description>The post</description><media:description>Not this</media:description>`))).items;
    expect(withBody?.contentHtml).toBe("The post");
    const [html] = (await normalised(media(`<media:description type="html">&lt;b&gt;Bold&lt;/b&gt;</media:description>`))).items;
    expect(html?.contentHtml).toBe("<b>Bold</b>");
  });

  it("shows the first thumbnail above the body, resolved against the item's address, unless the body shows it", async () => {
    const [item] = (await normalised(media(`<description>Text</description><media:thumbnail url="/t.jpg"/><media:thumbnail url="/second.jpg"/>`))).items;
    expect(item?.contentHtml).toMatch(/^<p><img src="https:\/\/example\.org\/t\.jpg" alt=""/);
    expect(item?.contentHtml).not.toContain("second.jpg");
    const [shown] = (await normalised(media(`<description>&lt;img src="https://example.org/t.jpg"&gt;</description><media:thumbnail url="https://example.org/t.jpg"/>`))).items;
    expect(shown?.contentHtml.match(/<img/g)).toHaveLength(1);
  });

  it("keeps audio and video media:content as enclosures, once each, and leaves other media types to the post's link", async () => {
    const [item] = (
      await normalised(
        media(
          `<enclosure url="https://cdn.example/a.mp3" type="audio/mpeg" length="10"/>` +
            `<media:group><media:content url="https://cdn.example/a.mp3" type="audio/mpeg"/><media:content url="https://cdn.example/b.mp4" medium="video" fileSize="99"/>` +
            `<media:content url="https://www.youtube.com/v/x" type="application/x-shockwave-flash"/></media:group>`,
        ),
      )
    ).items;
    expect(item?.enclosures).toEqual([
      { url: "https://cdn.example/a.mp3", type: "audio/mpeg", length: 10 },
      { url: "https://cdn.example/b.mp4", type: null, length: 99 },
    ]);
  });

  it("leaves out a file the body already links to, but keeps audio the body links to, to be played", async () => {
    const [item] = (
      await normalised(
        rss(`<item><guid>1</guid><description>&lt;a href="https://cdn.example/notes.pdf"&gt;notes&lt;/a&gt; &lt;a href="https://cdn.example/ep.mp3"&gt;download&lt;/a&gt;</description>
          <enclosure url="https://cdn.example/notes.pdf" type="application/pdf"/><enclosure url="https://cdn.example/ep.mp3" type="Audio/MPEG"/></item>`),
      )
    ).items;
    expect(item?.enclosures).toEqual([{ url: "https://cdn.example/ep.mp3", type: "audio/mpeg", length: null }]);
  });

  it("reads JSON Feed attachments as enclosures", async () => {
    const [item] = (
      await normalised(
        JSON.stringify({
          version: "https://jsonfeed.org/version/1.1",
          title: "J",
          items: [{ id: "1", content_text: "x", attachments: [{ url: "https://cdn.example/a.m4a", mime_type: "audio/mp4", size_in_bytes: 5 }, { mime_type: "audio/mp4" }, "junk"] }],
        }),
      )
    ).items;
    expect(item?.enclosures).toEqual([{ url: "https://cdn.example/a.m4a", type: "audio/mp4", length: 5 }]);
  });
});

describe("normaliseFeed: dates", () => {
  it("reports unreadable dates once, and clamps future ones", async () => {
    const { items, warnings } = await normalised(
      rss("<item><guid>1</guid><pubDate>someday</pubDate></item><item><guid>2</guid><pubDate>Mon, 01 Jan 2035 00:00:00 GMT</pubDate></item>"),
    );
    expect(items.map((item) => item.dateSource)).toEqual(["first-seen", "clamped-future"]);
    expect(items.map((item) => item.published)).toEqual([fetchedAt.toISOString(), fetchedAt.toISOString()]);
    expect(warnings).toEqual(['1 item date could not be read (first: "someday" in <pubDate>); those items use another date or the time they were first seen.']);
  });
});

describe("normaliseFeed: a document longer than the feed's maxItems", () => {
  it("reads only its newest maxItems entries, keeps them in document order, and counts the others as unread", async () => {
    const entry = (guid: string, day: number): string => `<item><guid>${guid}</guid><title>${guid}</title><pubDate>Fri, ${String(day).padStart(2, "0")} Mar 2024 00:00:00 GMT</pubDate></item>`;
    const document = rss([entry("c", 3), entry("a", 1), entry("e", 5), entry("b", 2), entry("d", 4)].join(""));
    const { items, unread } = await normalised(document, undefined, { ...feedConfig, maxItems: 3 });
    expect(items.map((item) => item.id)).toEqual(["c", "e", "d"]);
    expect(unread).toBe(2);
    expect((await normalised(document)).unread).toBe(0);
  });
});
