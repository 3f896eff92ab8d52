// Serialises a demo source and its posts in the four formats the project reads.
import type { DemoSource } from "./sources.ts";
import { escapeMarkup } from "./articles.ts";

export interface DemoEntry {
  id: string;
  /** May be empty: one demo post has no title, as real feeds sometimes do. */
  title: string;
  /** Absolute, or relative to `xmlBase` when that is set (Atom only). */
  link: string;
  xmlBase: string | null;
  published: Date;
  html: string;
  summary: string;
  tags: string[];
}

const feedLink = (source: DemoSource): string => new URL(source.file, source.siteUrl).href;

function rss2(source: DemoSource, entries: DemoEntry[]): string {
  const items = entries.map(
    (entry) => `    <item>
      <title>${escapeMarkup(entry.title)}</title>
      <link>${escapeMarkup(entry.link)}</link>
      <guid isPermaLink="true">${escapeMarkup(entry.link)}</guid>
      <pubDate>${entry.published.toUTCString()}</pubDate>
      <dc:creator>${escapeMarkup(source.author)}</dc:creator>
${entry.tags.map((tag) => `      <category>${escapeMarkup(tag)}</category>\n`).join("")}      <description>${escapeMarkup(entry.summary)}</description>
      <content:encoded>${escapeMarkup(entry.html)}</content:encoded>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeMarkup(source.name)}</title>
    <link>${escapeMarkup(source.siteUrl)}</link>
    <atom:link href="${escapeMarkup(feedLink(source))}" rel="self" type="application/rss+xml"/>
    <description>${escapeMarkup(source.description)}</description>
    <language>en</language>
${items.join("\n")}
  </channel>
</rss>
`;
}

function atom(source: DemoSource, entries: DemoEntry[]): string {
  const newest = entries[0]?.published ?? new Date(0);
  const body = entries.map(
    (entry) => `  <entry${entry.xmlBase ? ` xml:base="${escapeMarkup(entry.xmlBase)}"` : ""}>
    <title type="text">${escapeMarkup(entry.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeMarkup(entry.link)}"/>
    <id>${escapeMarkup(entry.id)}</id>
    <published>${entry.published.toISOString()}</published>
    <updated>${entry.published.toISOString()}</updated>
${entry.tags.map((tag) => `    <category term="${escapeMarkup(tag)}"/>\n`).join("")}    <summary type="text">${escapeMarkup(entry.summary)}</summary>
    <content type="html">${escapeMarkup(entry.html)}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>${escapeMarkup(source.name)}</title>
  <subtitle>${escapeMarkup(source.description)}</subtitle>
  <link rel="alternate" type="text/html" href="${escapeMarkup(source.siteUrl)}"/>
  <link rel="self" type="application/atom+xml" href="${escapeMarkup(feedLink(source))}"/>
  <id>${escapeMarkup(source.siteUrl)}</id>
  <updated>${newest.toISOString()}</updated>
  <author><name>${escapeMarkup(source.author)}</name></author>
${body.join("\n")}
</feed>
`;
}

function rdf(source: DemoSource, entries: DemoEntry[]): string {
  const seq = entries.map((entry) => `        <rdf:li rdf:resource="${escapeMarkup(entry.link)}"/>`);
  const items = entries.map(
    (entry) => `  <item rdf:about="${escapeMarkup(entry.link)}">
    <title>${escapeMarkup(entry.title)}</title>
    <link>${escapeMarkup(entry.link)}</link>
    <description>${escapeMarkup(entry.summary)}</description>
    <content:encoded>${escapeMarkup(entry.html)}</content:encoded>
    <dc:date>${entry.published.toISOString()}</dc:date>
    <dc:creator>${escapeMarkup(source.author)}</dc:creator>
${entry.tags.map((tag) => `    <dc:subject>${escapeMarkup(tag)}</dc:subject>\n`).join("")}  </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel rdf:about="${escapeMarkup(feedLink(source))}">
    <title>${escapeMarkup(source.name)}</title>
    <link>${escapeMarkup(source.siteUrl)}</link>
    <description>${escapeMarkup(source.description)}</description>
    <items>
      <rdf:Seq>
${seq.join("\n")}
      </rdf:Seq>
    </items>
  </channel>
${items.join("\n")}
</rdf:RDF>
`;
}

function jsonFeed(source: DemoSource, entries: DemoEntry[]): string {
  const document = {
    version: "https://jsonfeed.org/version/1.1",
    title: source.name,
    home_page_url: source.siteUrl,
    feed_url: feedLink(source),
    description: source.description,
    language: "en",
    authors: [{ name: source.author }],
    items: entries.map((entry) => ({
      id: entry.id,
      url: entry.link,
      title: entry.title,
      content_html: entry.html,
      summary: entry.summary,
      date_published: entry.published.toISOString(),
      tags: entry.tags,
    })),
  };
  return JSON.stringify(document, null, 2) + "\n";
}

export function serialiseFeed(source: DemoSource, entries: DemoEntry[]): string {
  switch (source.format) {
    case "rss2":
      return rss2(source, entries);
    case "atom":
      return atom(source, entries);
    case "rdf":
      return rdf(source, entries);
    case "jsonfeed":
      return jsonFeed(source, entries);
  }
}
