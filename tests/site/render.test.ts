import { access, readdir } from "node:fs/promises";
import path from "node:path";
import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderSite, type RenderReport } from "../../src/site/render.ts";
import { CONTENT_SECURITY_POLICY, HEADER_CONTENT_SECURITY_POLICY } from "../../src/site/security.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { listFiles, readSiteFile, snapshotOf } from "./fixtures.ts";
import { byClass, byTag, findAll, hasClass, one, parseHtml, textOf } from "./html.ts";
import { findBrokenLinks } from "./link-check.ts";
import { NOW, cloudflareItems, fixtureSite } from "./site-fixture.ts";

/** The search page's result templates: data blocks, which a browser never runs. */
const PAGEFIND_TEMPLATE = "text/pagefind-template";

let workspace: { dir: string; remove(): Promise<void> };
let outDir: string;
let report: RenderReport;

async function page(file: string) {
  return parseHtml(await readSiteFile(outDir, file));
}

async function fileExists(file: string): Promise<boolean> {
  return access(path.join(outDir, file)).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  workspace = await tempDir();
  outDir = path.join(workspace.dir, "site");
  const { config, archives } = fixtureSite();
  // The fixture's feeds post in long runs; these tests follow every post through the pager, so the front list does
  // not fold them (folding has its own tests, front-folding.test.ts).
  const site = { ...config.site, foldRunsOver: 0 };
  report = await renderSite({ config: { ...config, site }, archive: snapshotOf(archives), now: NOW, outDir });
}, 60_000);

afterAll(() => workspace.remove());

describe("a source's page (seed page 000)", () => {
  it("has the heading, the archived count, the disclaimer and the subscribe link to the feed", async () => {
    const document = await page("sources/cloudflare/index.html");
    expect(textOf(one(byTag(document, "h1"), "h1"))).toBe("Blogroll: CloudFlare");
    const text = textOf(document);
    expect(text).toContain(
      "I read blogs, as well as write one. The 'blogroll' on this site reproduces some posts from some of the people I enjoy reading. There are currently 32 posts from the blog 'CloudFlare.'",
    );
    expect(text).toContain("Disclaimer: Reproducing an article here need not necessarily imply agreement or endorsement!");
    const subscribe = one(findAll(document, (element) => element.name === "a" && textOf(element) === "Subscribe to CloudFlare feed"), "subscribe link");
    expect(subscribe.attribs.href).toBe("https://cloudflare.example/feed.xml");
  });

  it("shows the feed's own title, description, site link, image and when it was last checked", async () => {
    const document = await page("sources/cloudflare/index.html");
    const header = one(byClass(document, "source-header"), "source header");
    expect(textOf(header)).toContain("Cloudflare Blog");
    expect(textOf(header)).toContain("News & views from Cloudflare");
    expect(textOf(header)).toContain("Updated: 57 min 16 sec ago");
    expect(findAll(header, (element) => element.attribs.href === "https://blog.cloudflare.com/")).toHaveLength(1);
    expect(one(byTag(header, "img"), "image").attribs.src).toBe("https://blog.cloudflare.com/logo.png");
    expect(byClass(document, "feed-unreachable")).toHaveLength(0);
  });

  it("lists posts without a source line, the newest 20 first, then pages numbered from the oldest: 20, then 12", async () => {
    const first = await page("sources/cloudflare/index.html");
    const entries = byClass(first, "h-entry");
    expect(entries).toHaveLength(20);
    expect(byClass(first, "p-author")).toHaveLength(0);
    expect(textOf(one(byClass(entries[0]!, "meta"), "meta"))).toBe("5 hours 15 min ago");
    const oldest = byClass(await page("sources/cloudflare/page/1/index.html"), "p-name").map(textOf);
    expect(oldest).toEqual(cloudflareItems.slice(12).map((item) => item.title));
    const newest = byClass(await page("sources/cloudflare/page/2/index.html"), "p-name").map(textOf);
    expect(newest).toEqual(cloudflareItems.slice(0, 12).map((item) => item.title));
    expect(await fileExists("sources/cloudflare/page/3/index.html")).toBe(false);
  });

  it("shows the archive count and the feed's header only on the first page, whose texts move", async () => {
    const older = await page("sources/cloudflare/page/1/index.html");
    expect(textOf(one(byTag(older, "h1"), "h1"))).toBe("Blogroll: CloudFlare");
    expect(textOf(older)).toContain("The 'blogroll' on this site reproduces some posts from some of the people I enjoy reading.");
    expect(textOf(older)).not.toContain("There are currently");
    expect(byClass(older, "source-header")).toHaveLength(0);
    expect(await readSiteFile(outDir, "sources/cloudflare/page/1/index.html")).not.toContain("data-live");
  });

  it("says 1 post in the singular and links a local file feed to our own RSS of it", async () => {
    const document = await page("sources/lonely/index.html");
    expect(textOf(document)).toContain("There are currently 1 post from the blog 'Lonely <Blog>.'");
    const subscribe = one(findAll(document, (element) => textOf(element) === "Subscribe to Lonely <Blog> feed" && element.name === "a"), "subscribe");
    expect(subscribe.attribs.href).toBe("https://blogroll.example/sources/lonely/rss.xml");
  });

  it("subscribes to where a feed moved permanently", async () => {
    const document = await page("sources/mirror/index.html");
    const subscribe = one(findAll(document, (element) => element.name === "a" && textOf(element) === "Subscribe to Mirror feed"), "subscribe");
    expect(subscribe.attribs.href).toBe("https://mirror.example/new-feed.xml");
  });

  it("says never for a feed not fetched yet", async () => {
    const document = await page("sources/silent/index.html");
    expect(textOf(document)).toContain("There are currently 0 posts from the blog 'Silent.'");
    expect(textOf(document)).toContain("Updated: never");
  });

  it("tells readers in one sentence of their words since when we could not reach a failing feed, and not the owner's error", async () => {
    const document = await page("sources/drupal-security/index.html");
    const header = one(byClass(document, "source-header"), "source header");
    expect(textOf(one(byClass(header, "feed-unreachable"), "reader's notice"))).toBe(
      "We could not reach this blog's feed since Tue, 19/02/2019 - 10:00; the posts below are the ones we kept.",
    );
    expect(textOf(header)).not.toContain("Updated");
    expect(textOf(document)).not.toContain("(503)");
  });
});

describe("a category's page (seed page 003)", () => {
  it("counts distinct posts after cross-feed de-duplication by link, and shows the copy once", async () => {
    const document = await page("categories/technology/index.html");
    expect(textOf(one(byTag(document, "h1"), "h1"))).toBe("Blogroll Category: Technology");
    expect(textOf(document)).toContain("There are currently 89 posts from the category 'Technology.'");
    const titles = byClass(document, "p-name").map(textOf);
    expect(titles.filter((title) => title === cloudflareItems[0]!.title)).toHaveLength(1);
    expect(titles).not.toContain("Copied post");
  });

  it("has five pages for 89 posts, each post with its source and date", async () => {
    expect(await fileExists("categories/technology/page/5/index.html")).toBe(true);
    expect(await fileExists("categories/technology/page/6/index.html")).toBe(false);
    const document = await page("categories/technology/index.html");
    const metas = byClass(document, "meta").map(textOf);
    expect(metas[0]).toBe("CloudFlare - 5 hours 15 min ago");
    expect(metas).toContain("Drupal Security - Wed, 20/02/2019 - 19:18");
  });

  it("ends with the subscribe link to its RSS feed, also announced in the head", async () => {
    const document = await page("categories/technology/index.html");
    const subscribe = one(findAll(document, (element) => element.name === "a" && textOf(element) === "Subscribe to aggregator - Technology"), "subscribe");
    expect(subscribe.attribs.href).toBe("/categories/technology/rss.xml");
    const alternates = findAll(document, (element) => element.name === "link" && element.attribs.rel === "alternate");
    expect(alternates.map((link) => link.attribs.href)).toContain("/categories/technology/rss.xml");
    expect(alternates.find((link) => link.attribs.href === "/categories/technology/rss.xml")?.attribs.type).toBe("application/rss+xml");
  });

  it("carries a cross-posted article's categories from every feed that has it", async () => {
    const document = await page("categories/reposts/index.html");
    expect(textOf(document)).toContain("There are currently 2 posts from the category 'Reposts.'");
    expect(byClass(document, "p-author").map(textOf)).toEqual(["CloudFlare", "Mirror"]);
  });
});

describe("a post, in microformats2", () => {
  it("has a linked title, the source as h-card, a machine-readable date, unescaped content and category links", async () => {
    const document = await page("categories/technology/index.html");
    const entry = byClass(document, "h-entry")[0]!;
    const title = one(findAll(entry, (element) => hasClass(element, "p-name")), "title");
    expect(title.name).toBe("a");
    expect(hasClass(title, "u-url")).toBe(true);
    expect(title.attribs.href).toBe(cloudflareItems[0]!.link);
    expect(title.parent && "name" in title.parent ? title.parent.name : null).toBe("h3");
    const author = one(byClass(entry, "p-author"), "author");
    expect(hasClass(author, "h-card")).toBe(true);
    expect(author.attribs.href).toBe("/sources/cloudflare/");
    const published = one(byClass(entry, "dt-published"), "date");
    expect(published.name).toBe("time");
    expect(published.attribs.datetime).toBe("2019-02-21T10:00:00.000Z");
    expect(published.attribs["data-relative"]).toBe("");
    expect(byTag(one(byClass(entry, "e-content"), "content"), "p")).toHaveLength(1);
    expect(textOf(one(byClass(entry, "categories"), "categories"))).toBe("Categories: Technology, Reposts");
    expect(byClass(entry, "p-category").map((link) => link.attribs.href)).toEqual(["/categories/technology/", "/categories/reposts/"]);
    expect(one(byClass(document, "h-feed"), "h-feed")).toBeDefined();
  });

  it("escapes a title's markup but keeps the sanitised body as HTML", async () => {
    const html = await readSiteFile(outDir, "sources/lonely/index.html");
    expect(html).toContain("&lt;b&gt;Bold&lt;/b&gt; &amp; brave");
    expect(html).toContain("<p>Hello <em>world</em></p>");
  });

  it("has no title link when the item has no link", async () => {
    const document = await page("sources/mirror/index.html");
    const title = one(findAll(document, (element) => hasClass(element, "p-name") && textOf(element) === "Mirror's own post"), "title");
    expect(title.name).toBe("span");
  });
});

describe("paging", () => {
  it("links newer and older with rel prev/next in the pager and the head, and names the posts in the title", async () => {
    const document = await page("page/3/index.html");
    expect(textOf(one(byTag(document, "title"), "title"))).toBe("Blogroll — posts 41–60");
    const pager = one(byClass(document, "pager"), "pager");
    expect(textOf(pager)).toBe("« Latest posts ‹ Newer posts Posts 41–60 Older posts › Oldest posts »");
    expect(textOf(one(findAll(pager, (element) => element.attribs["aria-current"] === "page"), "current"))).toBe("Posts 41–60");
    expect(findAll(pager, (element) => element.attribs.rel === "prev")[0]?.attribs.href).toBe("/page/4/");
    expect(findAll(pager, (element) => element.attribs.rel === "next")[0]?.attribs.href).toBe("/page/2/");
    const headLinks = findAll(document, (element) => element.name === "link");
    expect(headLinks.find((link) => link.attribs.rel === "prev")?.attribs.href).toBe("/page/4/");
    expect(headLinks.find((link) => link.attribs.rel === "next")?.attribs.href).toBe("/page/2/");
    expect(textOf(one(byTag(await page("sources/cloudflare/page/2/index.html"), "title"), "title"))).toBe("Blogroll: CloudFlare — posts 21–32");
    const front = one(byClass(await page("index.html"), "pager"), "pager");
    expect(textOf(front)).toBe("Latest posts Older posts › Oldest posts »");
  });

  it("reaches every post by following older from the first page, newest first, none skipped", async () => {
    const titles: string[] = [];
    for (let at: string | undefined = "/"; at !== undefined; ) {
      const document = await page(`${at.slice(1)}index.html`);
      titles.push(...byClass(document, "p-name").map(textOf));
      at = findAll(one(byClass(document, "pager"), "pager"), (element) => element.attribs.rel === "next")[0]?.attribs.href;
    }
    const firstMeetings = titles.filter((title, index) => titles.indexOf(title) === index);
    expect(firstMeetings).toHaveLength(90);
    expect(firstMeetings[0]).toBe(cloudflareItems[0]!.title);
    // Only the first page's posts are met twice, on the numbered page its "older" leads to.
    expect(titles.length - firstMeetings.length).toBeLessThan(20);
  });
});

describe("overview pages", () => {
  it("lists sources by their newest post with counts, last check, latest titles and the OPML link", async () => {
    const document = await page("sources/index.html");
    const summaries = byClass(document, "summary");
    expect(summaries.map((summary) => textOf(byTag(summary, "h2")[0]!))).toEqual([
      "CloudFlare",
      "Mirror",
      "Drupal Security",
      "Lonely <Blog>",
      "Silent",
    ]);
    const first = textOf(summaries[0]!);
    expect(first).toContain("32 posts");
    expect(first).toContain("Updated 57 min 16 sec ago");
    expect(byTag(summaries[0]!, "li").map(textOf)).toEqual(cloudflareItems.slice(0, 3).map((entry) => entry.title));
    expect(textOf(summaries[2]!)).toContain("· We could not reach this blog's feed since Tue, 19/02/2019 - 10:00.");
    expect(textOf(summaries[2]!)).not.toContain("Updated");
    expect(textOf(summaries[1]!)).not.toContain("could not reach");
    expect(textOf(summaries[3]!)).toContain("1 post");
    expect(findAll(document, (element) => element.attribs.href === "/opml.xml")).not.toHaveLength(0);
  });

  it("lists categories with counts and their latest posts", async () => {
    const document = await page("categories/index.html");
    const summaries = byClass(document, "summary").map(textOf);
    expect(summaries).toHaveLength(3);
    expect(summaries[0]).toContain("Personal");
    expect(summaries[0]).toContain("1 post");
    expect(summaries[2]).toContain("Technology");
    expect(summaries[2]).toContain("89 posts");
  });

  it("shows every feed's health on the status page", async () => {
    const rows = byClass(await page("status/index.html"), "feed-status").map(textOf);
    expect(rows).toHaveLength(5);
    // Failing feeds first, then never checked ones, then those that work, each in config order.
    expect(rows[0]).toContain("Failing");
    expect(rows[0]).toContain("The server said it is unavailable (503).");
    expect(rows[0]).toContain("Tue, 19/02/2019 - 10:00 (4 failed polls in a row)");
    expect(rows[0]).toContain("Last 3 polls: 1 brought new or updated posts, 2 failed. The latest failed (HTTP 503).");
    expect(rows[1]).toContain("Never checked");
    expect(rows[1]).toContain("Not polled yet.");
    expect(rows[2]).toContain("OK");
    expect(rows[3]).toContain("Moved permanently to https://mirror.example/new-feed.xml");
    expect(rows[3]).toContain("Capped: the feed lists 3 posts, more than maxItems (2): its 1 oldest were not taken.");
    expect(rows[4]).toContain("a local file (lonely.xml)");
    expect(rows[4]).not.toContain("/srv/feeds");
  });

  it("draws each feed's latest polls and posts per week, with the same facts in words", async () => {
    const document = await page("status/index.html");
    const cloudflareRow = byClass(document, "feed-status").find((row) => textOf(row).startsWith("CloudFlare"));
    const pictures = byTag(cloudflareRow!, "figure");
    expect(pictures.map((figure) => figure.attribs.class)).toEqual(["polls", "rhythm"]);
    for (const figure of pictures) {
      expect(one(byTag(figure, "svg"), "svg").attribs["aria-hidden"]).toBe("true");
      expect(textOf(one(byTag(figure, "figcaption"), "caption")).length).toBeGreaterThan(10);
    }
    // 32 posts an hour apart, all in the week of the build.
    expect(textOf(pictures[1]!)).toBe("32 posts in the 26 weeks since 2018-08-27, in 1 of them; at most 32 in a week.");
    expect(byTag(pictures[1]!, "rect")).toHaveLength(26);
  });

  it("has a 404 page", async () => {
    expect(textOf(one(byTag(await page("404.html"), "h1"), "h1"))).toBe("Page not found");
  });
});

describe("every page", () => {
  it("carries the Content-Security-Policy, the nav, the search form, the blogroll link and no inline script or style", async () => {
    const pages = (await listFiles(outDir)).filter((file) => file.endsWith(".html"));
    expect(pages.length).toBe(report.pages);
    for (const file of pages) {
      const document = await page(file);
      const csp = findAll(document, (element) => element.name === "meta" && element.attribs["http-equiv"] === "Content-Security-Policy");
      expect(csp.map((meta) => meta.attribs.content), file).toEqual([CONTENT_SECURITY_POLICY]);
      // Every script is a file, except the search page's result templates.
      const inline = byTag(document, "script").filter((script) => script.attribs.src === undefined || script.children.length > 0);
      expect(inline.map((script) => script.attribs.type), file).toEqual(file === "search/index.html" ? [PAGEFIND_TEMPLATE, PAGEFIND_TEMPLATE] : []);
      expect(findAll(document, (element) => "style" in element.attribs || element.name === "style"), file).toHaveLength(0);
      expect(textOf(one(findAll(document, (element) => element.attribs["aria-label"] === "Site"), "nav")), file).toBe("All posts Sources Categories Status");
      const alternates = findAll(document, (element) => element.name === "link" && element.attribs.rel === "alternate");
      expect(alternates.map((link) => link.attribs.href), file).toEqual(expect.arrayContaining(["/rss.xml", "/atom.xml", "/feed.json"]));
      const blogroll = one(findAll(document, (element) => element.name === "link" && element.attribs.rel === "blogroll"), "blogroll link");
      expect(blogroll.attribs, file).toEqual({ rel: "blogroll", type: "text/xml", href: "/opml.xml" });
      // The search page is the search: the other pages carry a labelled form that leads to it.
      const forms = findAll(document, (element) => element.attribs.role === "search");
      if (file === "search/index.html") continue;
      const form = one(forms, "search form");
      expect([form.name, form.attribs.action, form.attribs.method], file).toEqual(["form", "/search/", "get"]);
      const field = one(byTag(form, "input"), "search field");
      expect([field.attribs.type, field.attribs.name]).toEqual(["search", "q"]);
      const label = one(byTag(form, "label"), "label");
      expect([label.attribs.for, textOf(label)]).toEqual([field.attribs.id, "Search posts"]);
    }
  });

  it("links only to files that exist", async () => {
    expect(await findBrokenLinks(outDir, "https://blogroll.example/")).toEqual([]);
  });

  it("writes _headers with the same policy", async () => {
    const headers = await readSiteFile(outDir, "_headers");
    expect(headers).toContain(`Content-Security-Policy: ${HEADER_CONTENT_SECURITY_POLICY}`);
    expect(HEADER_CONTENT_SECURITY_POLICY).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
    expect(headers).toContain("X-Frame-Options: DENY");
  });
});

describe("output feeds", () => {
  const parser = new Parser();

  it("writes RSS 2.0 of the latest 20 posts with guid and pubDate", async () => {
    const feed = await parser.parseString(await readSiteFile(outDir, "rss.xml"));
    expect(feed.items).toHaveLength(20);
    const first = feed.items[0]!;
    expect(first.title).toBe(cloudflareItems[0]!.title);
    expect(first.link).toBe(cloudflareItems[0]!.link);
    expect(first.guid).toBe(cloudflareItems[0]!.id);
    expect(first.pubDate).toBe("Thu, 21 Feb 2019 10:00:00 GMT");
    expect(first.categories).toEqual(["Technology", "Reposts"]);
    expect(first.content).toBe(cloudflareItems[0]!.contentHtml);
  });

  it("writes a feed per category and per source", async () => {
    const category = await parser.parseString(await readSiteFile(outDir, "categories/reposts/rss.xml"));
    expect(category.items.map((entry) => entry.title)).toEqual([cloudflareItems[0]!.title, "Mirror's own post"]);
    const source = await parser.parseString(await readSiteFile(outDir, "sources/lonely/rss.xml"));
    expect(source.items.map((entry) => entry.title)).toEqual(["<b>Bold</b> & brave"]);
    expect(source.items[0]!.content).toBe("<p>Hello <em>world</em></p>");
  });

  it("writes Atom 1.0 beside each RSS feed", async () => {
    const feed = await parser.parseString(await readSiteFile(outDir, "sources/cloudflare/atom.xml"));
    expect(feed.items).toHaveLength(20);
    expect(feed.items[0]!.title).toBe(cloudflareItems[0]!.title);
    expect(feed.items[0]!.isoDate).toBe("2019-02-21T10:00:00.000Z");
    expect(feed.items[0]!.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("writes JSON Feed 1.1 beside each RSS feed", async () => {
    const feed = JSON.parse(await readSiteFile(outDir, "categories/technology/feed.json")) as {
      version: string;
      feed_url: string;
      items: { id: string; url?: string; title: string; date_published: string; content_html: string }[];
    };
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.feed_url).toBe("https://blogroll.example/categories/technology/feed.json");
    expect(feed.items).toHaveLength(20);
    expect(feed.items[0]).toMatchObject({ id: cloudflareItems[0]!.id, url: cloudflareItems[0]!.link, date_published: "2019-02-21T10:00:00.000Z" });
  });

  it("writes OPML listing every source", async () => {
    const opml = parseHtml(await readSiteFile(outDir, "opml.xml"));
    const outlines = findAll(opml, (element) => element.name === "outline" && element.attribs.xmlurl !== undefined);
    // A feed of two categories sits in both category folders.
    expect([...new Set(outlines.map((outline) => outline.attribs.xmlurl))].sort()).toEqual([
      "https://blogroll.example/sources/lonely/rss.xml",
      "https://cloudflare.example/feed.xml",
      "https://drupal-security.example/feed.xml",
      "https://mirror.example/new-feed.xml",
      "https://silent.example/feed.xml",
    ]);
  });
});

describe("search", () => {
  it("builds a Pagefind index in segments beside the pages, one record per post", async () => {
    const files = await readdir(path.join(outDir, "pagefind"));
    expect(files).toEqual(expect.arrayContaining(["pagefind-component-ui.js", "pagefind-component-ui.css", "segments.js", "segments.json"]));
    const list = JSON.parse(await readSiteFile(outDir, "pagefind/segments.json")) as { segments: { bundle: string; posts: number }[] };
    let pages = 0;
    for (const segment of list.segments) {
      const entry = JSON.parse(await readSiteFile(outDir, `pagefind/${segment.bundle}pagefind-entry.json`)) as { languages: Record<string, { page_count: number }> };
      // Each segment holds one record more than its posts: the anchor of its order (see records.ts).
      pages += Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0) - 1;
    }
    // One record per post the site lists: a cross-posted article is one post, as on the front list.
    const posts = [...fixtureSite().archives.values()].reduce((sum, archive) => sum + archive.items.length, 0) - 1;
    expect(pages).toBe(posts);
    expect(list.segments.reduce((sum, segment) => sum + segment.posts, 0)).toBe(posts);
  });
});

describe("the search page", () => {
  it("loads Pagefind's components, told where the index is and to list results newest first", async () => {
    const document = await page("search/index.html");
    expect(textOf(one(byTag(document, "h1"), "h1"))).toBe("Search posts");
    expect(byTag(document, "script").filter((script) => script.attribs.src !== undefined).map((script) => script.attribs.src)).toEqual([
      "/stamps.js",
      "/pagefind/pagefind-component-ui.js",
      "/pagefind/segments.js",
      "/search.js",
    ]);
    const stylesheets = findAll(document, (element) => element.name === "link" && element.attribs.rel === "stylesheet");
    // The site's stylesheet comes last, so that its theme wins over Pagefind's defaults.
    expect(stylesheets.map((link) => link.attribs.href)).toEqual(["/pagefind/pagefind-component-ui.css", "/style.css"]);
    const config = one(byTag(document, "pagefind-config"), "pagefind-config");
    expect([config.attribs["bundle-path"], config.attribs.sort]).toEqual(["/pagefind/", "date:desc"]);
    expect(byTag(document, "pagefind-input")).toHaveLength(1);
    expect(byTag(document, "pagefind-filter-pane")).toHaveLength(1);
    expect(byTag(document, "pagefind-summary")).toHaveLength(1);
  });

  it("shows each result's title linked to the post, its source, its date and the passage that matched", async () => {
    const results = one(byTag(await page("search/index.html"), "pagefind-results"), "pagefind-results");
    const [result, placeholder] = byTag(results, "script").map((script) => textOf(script));
    expect(result).toContain('<a href="{{ url | safeUrl }}">{{ meta.title }}</a>');
    expect(result).toContain("{{ meta.source }} - {{ meta.date }}");
    expect(result).toContain("{{+ excerpt +}}");
    expect(placeholder).toContain('aria-hidden="true"');
  });
});
