import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import { atomId, writeAtom } from "../../src/site/feeds/atom.ts";
import { writeJsonFeed } from "../../src/site/feeds/json-feed.ts";
import { outputFeed } from "../../src/site/feeds/output-feed.ts";
import { writeRss } from "../../src/site/feeds/rss.ts";
import { xmlCdata, xmlText } from "../../src/xml.ts";
import type { Post } from "../../src/site/posts.ts";
import { feed, hourlyItems, item } from "./fixtures.ts";

const source = feed("Odd <Source> & Co", "odd");

function feedOf(posts: Post[]) {
  return outputFeed({
    title: "Blogroll",
    description: "Every post",
    homeUrl: "https://blogroll.example/",
    rssUrl: "https://blogroll.example/rss.xml",
    atomUrl: "https://blogroll.example/atom.xml",
    jsonUrl: "https://blogroll.example/feed.json",
    posts,
    sourceOf: () => ({ subscribeUrl: "https://odd.example/feed.xml", originalUrl: "https://odd.example/feed.xml", siteUrl: "https://odd.example/" }),
  });
}

const tricky = item("odd", {
  id: "https://odd.example/tricky",
  link: "https://odd.example/tricky",
  title: "Less < more & \"quotes\" \u0001",
  published: "2019-02-20T10:00:00Z",
  author: "Ann <ann@example.org>",
  html: "<p>Code: <code>a[b[0]]&gt;c</code> ]]&gt; end</p>",
});
const trickyPost: Post = { item: { ...tricky, contentHtml: `${tricky.contentHtml}<p>]]></p>` as typeof tricky.contentHtml }, source, categories: ["Tech & Life"] };

describe("xml escaping", () => {
  it("escapes markup characters and drops characters XML cannot carry", () => {
    expect(xmlText(`a<b>&"c'\u0000\uFFFE`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
  });

  it("splits a CDATA terminator inside the content", () => {
    expect(xmlCdata("x]]>y")).toBe("<![CDATA[x]]]]><![CDATA[>y]]>");
  });
});

describe("output feeds", () => {
  it("keep the latest 20 posts and date the feed by its newest post", () => {
    const posts = hourlyItems("odd", 60, "2019-02-21T10:00:00Z").map((entry): Post => ({ item: entry, source, categories: [] }));
    const result = feedOf(posts);
    expect(result.items).toHaveLength(20);
    expect(result.updated.toISOString()).toBe("2019-02-21T10:00:00.000Z");
    // No item, no date: a fixed one, so an empty feed stays byte for byte the same from build to build.
    expect(feedOf([]).updated).toEqual(new Date(0));
  });

  it("round-trip hostile text through RSS with a permalink guid, author and categories", async () => {
    const parsed = await new Parser().parseString(writeRss(feedOf([trickyPost])));
    const entry = parsed.items[0]!;
    expect(entry.title).toBe('Less < more & "quotes" ');
    expect(entry.guid).toBe("https://odd.example/tricky");
    expect(entry.creator).toBe("Ann <ann@example.org>");
    expect(entry.categories).toEqual(["Tech & Life"]);
    expect(entry.content).toBe(trickyPost.item.contentHtml);
    expect(writeRss(feedOf([trickyPost]))).toContain('<guid isPermaLink="true">');
  });

  it("keep markup in a channel's description inert for readers that render it as HTML, escaping nothing else", async () => {
    expect((await new Parser().parseString(writeRss({ ...feedOf([]), description: "Posts from Ada's Notebook" }))).description).toBe("Posts from Ada's Notebook");
    const rss = writeRss({ ...feedOf([]), description: "Posts in the category <img src=x onerror=alert(1)> & Co" });
    const parsed = await new Parser().parseString(rss);
    // What a reader gets after XML parsing is HTML whose text is the name: no element, no attribute.
    expect(parsed.description).toBe("Posts in the category &lt;img src=x onerror=alert(1)&gt; & Co");
  });

  it("mark a guid that is not the link as no permalink", () => {
    const post: Post = { item: item("odd", { id: "123 at odd", published: "2019-02-20T10:00:00Z" }), source, categories: [] };
    expect(writeRss(feedOf([post]))).toContain('<guid isPermaLink="false">123 at odd</guid>');
  });

  it("round-trip hostile text through Atom", async () => {
    const parsed = await new Parser().parseString(writeAtom(feedOf([trickyPost])));
    expect(parsed.items[0]!.title).toBe('Less < more & "quotes" ');
    expect(parsed.items[0]!.content).toBe(trickyPost.item.contentHtml);
    expect(parsed.items[0]!.id).toBe("https://odd.example/tricky");
  });

  it("keep in each Atom entry's source the original feed's id, title, updated, self and site links, as Planet Venus does", () => {
    const older = item("odd", { id: "https://odd.example/older", published: "2019-02-19T10:00:00Z" });
    const atom = writeAtom(feedOf([trickyPost, { item: older, source, categories: [] }]));
    expect(atom).toContain(
      [
        "    <source>",
        "      <id>https://odd.example/feed.xml</id>",
        '      <title type="text">Odd &lt;Source&gt; &amp; Co</title>',
        "      <updated>2019-02-20T10:00:00.000Z</updated>",
        '      <link rel="self" href="https://odd.example/feed.xml"/>',
        '      <link rel="alternate" type="text/html" href="https://odd.example/"/>',
        "    </source>",
      ].join("\n"),
    );
    // A local file has no address of its own: no self link, and our copy of it names the source.
    const local = outputFeed({
      ...feedOf([]), posts: [trickyPost], sourceOf: () => ({ subscribeUrl: "https://blogroll.example/sources/odd/rss.xml", originalUrl: null, siteUrl: null }),
    });
    expect(writeAtom(local)).toMatch(/<source>\n {6}<id>https:\/\/blogroll\.example\/sources\/odd\/rss\.xml<\/id>\n.*\n.*<updated>[^<]+<\/updated>\n {4}<\/source>/);
  });

  it("give Atom entries ids of a registered scheme, a name-based urn:uuid for others", () => {
    expect(atomId("odd", "yt:video:abc")).toMatch(/^urn:uuid:/);
    expect(atomId("odd", "tag:odd.example,2024:1")).toBe("tag:odd.example,2024:1");
  });

  it("give Atom entries IRIs even for guids that are not, stable per feed and guid", () => {
    expect(atomId("odd", "123 at odd")).toBe(atomId("odd", "123 at odd"));
    expect(atomId("odd", "123 at odd")).not.toBe(atomId("other", "123 at odd"));
    expect(atomId("odd", "tag:odd.example,2019:1")).toBe("tag:odd.example,2019:1");
  });

  it("write JSON Feed 1.1 that parses back to the same values", () => {
    const parsed = JSON.parse(writeJsonFeed(feedOf([trickyPost]))) as { items: Record<string, unknown>[] };
    expect(parsed.items[0]).toEqual({
      id: "https://odd.example/tricky",
      url: "https://odd.example/tricky",
      title: trickyPost.item.title,
      content_html: trickyPost.item.contentHtml,
      summary: trickyPost.item.summary,
      date_published: "2019-02-20T10:00:00.000Z",
      authors: [{ name: "Ann <ann@example.org>" }],
      tags: ["Tech & Life"],
    });
  });
});
