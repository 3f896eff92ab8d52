// Writes a corpus feed as the XML a blog engine would serve: RSS 2.0, Atom 1.0 or RSS 1.0 (RDF).
import { escapeMarkup } from "../demo/articles.ts";
import { xmlCdata } from "../src/xml.ts";
import type { CorpusFeed, CorpusPost } from "./corpus.ts";

function postPath(post: CorpusPost): string {
  return `posts/${post.number}.html`;
}

function postUrl(feed: CorpusFeed, post: CorpusPost): string {
  return feed.siteUrl + postPath(post);
}

function firstSentence(html: string): string {
  const text = html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
  return text.slice(0, 200);
}

function rss(feed: CorpusFeed): string {
  const items = feed.posts.map((post, index) => {
    // Items alternate CDATA and escaped content: publishers use both.
    const content = index % 2 === 0 ? xmlCdata(post.html) : escapeMarkup(post.html);
    return `<item>
<title>${escapeMarkup(post.title)}</title>
<link>${escapeMarkup(postUrl(feed, post))}</link>
<guid isPermaLink="false">${escapeMarkup(`${feed.slug}:${post.number}`)}</guid>
<pubDate>${post.published.toUTCString().replace("GMT", "+0000")}</pubDate>
<dc:creator>Author of ${escapeMarkup(feed.name)}</dc:creator>
<category>notes</category>
<description>${escapeMarkup(firstSentence(post.html))}</description>
<content:encoded>${content}</content:encoded>
</item>`;
  });
  const base = feed.relativeUrls ? ` xml:base="${escapeMarkup(feed.siteUrl)}"` : "";
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel${base}>
<title>${escapeMarkup(feed.name)}</title>
<link>${escapeMarkup(feed.siteUrl)}</link>
<description>Posts from ${escapeMarkup(feed.name)}</description>
<language>en</language>
${items.join("\n")}
</channel>
</rss>
`;
}

function atom(feed: CorpusFeed): string {
  const link = (post: CorpusPost): string => (feed.relativeUrls ? postPath(post) : postUrl(feed, post));
  const entries = feed.posts.map(
    (post) => `<entry>
<title type="text">${escapeMarkup(post.title)}</title>
<link rel="alternate" type="text/html" href="${escapeMarkup(link(post))}"/>
<id>tag:bench.invalid,2025:${feed.slug}:${post.number}</id>
<published>${post.published.toISOString()}</published>
<updated>${post.published.toISOString()}</updated>
<author><name>Author of ${escapeMarkup(feed.name)}</name></author>
<category term="notes"/>
<content type="html">${escapeMarkup(post.html)}</content>
</entry>`,
  );
  const base = feed.relativeUrls ? ` xml:base="${escapeMarkup(feed.siteUrl)}"` : "";
  const updated = feed.posts[0]?.published.toISOString() ?? new Date(0).toISOString();
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"${base}>
<title>${escapeMarkup(feed.name)}</title>
<link rel="alternate" href="${escapeMarkup(feed.relativeUrls ? "./" : feed.siteUrl)}"/>
<id>tag:bench.invalid,2025:${feed.slug}</id>
<updated>${updated}</updated>
${entries.join("\n")}
</feed>
`;
}

function rdf(feed: CorpusFeed): string {
  const resources = feed.posts.map((post) => `<rdf:li rdf:resource="${escapeMarkup(postUrl(feed, post))}"/>`);
  const items = feed.posts.map(
    (post) => `<item rdf:about="${escapeMarkup(postUrl(feed, post))}">
<title>${escapeMarkup(post.title)}</title>
<link>${escapeMarkup(postUrl(feed, post))}</link>
<dc:date>${post.published.toISOString()}</dc:date>
<dc:creator>Author of ${escapeMarkup(feed.name)}</dc:creator>
<description>${escapeMarkup(firstSentence(post.html))}</description>
<content:encoded>${xmlCdata(post.html)}</content:encoded>
</item>`,
  );
  const base = feed.relativeUrls ? ` xml:base="${escapeMarkup(feed.siteUrl)}"` : "";
  return `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"${base}>
<channel rdf:about="${escapeMarkup(feed.siteUrl)}">
<title>${escapeMarkup(feed.name)}</title>
<link>${escapeMarkup(feed.siteUrl)}</link>
<description>Posts from ${escapeMarkup(feed.name)}</description>
<items><rdf:Seq>${resources.join("")}</rdf:Seq></items>
</channel>
${items.join("\n")}
</rdf:RDF>
`;
}

export function feedDocument(feed: CorpusFeed): string {
  switch (feed.format) {
    case "rss":
      return rss(feed);
    case "atom":
      return atom(feed);
    case "rdf":
      return rdf(feed);
  }
}

/** The path the loopback server serves a feed at. */
export function feedPath(feed: CorpusFeed): string {
  return `/feeds/${feed.slug}.${feed.format === "atom" ? "atom" : "xml"}`;
}

/** Where the feed is served: its path on its blog's host. */
export function feedUrl(feed: CorpusFeed): string {
  return new URL(feedPath(feed), feed.siteUrl).href;
}
