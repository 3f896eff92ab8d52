// Serialises a demo source and its posts in the four formats the project reads.
import type { DemoSource } from "./sources.ts";

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

function xml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

const feedLink = (source: DemoSource): string => new URL(source.file, source.siteUrl).href;

function rss2(source: DemoSource, entries: DemoEntry[]): string {
  const items = entries.map(
    (entry) => `    <item>
      <title>${xml(entry.title)}</title>
      <link>${xml(entry.link)}</link>
      <guid isPermaLink="true">${xml(entry.link)}</guid>
      <pubDate>${entry.published.toUTCString()}</pubDate>
      <dc:creator>${xml(source.author)}</dc:creator>
${entry.tags.map((tag) => `      <category>${xml(tag)}</category>\n`).join("")}      <description>${xml(entry.summary)}</description>
      <content:encoded>${xml(entry.html)}</content:encoded>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xml(source.name)}</title>
    <link>${xml(source.siteUrl)}</link>
    <atom:link href="${xml(feedLink(source))}" rel="self" type="application/rss+xml"/>
    <description>${xml(source.description)}</description>
    <language>en</language>
${items.join("\n")}
  </channel>
</rss>
`;
}

function atom(source: DemoSource, entries: DemoEntry[]): string {
  const newest = entries[0]?.published ?? new Date(0);
  const body = entries.map(
    (entry) => `  <entry${entry.xmlBase ? ` xml:base="${xml(entry.xmlBase)}"` : ""}>
    <title type="text">${xml(entry.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(entry.link)}"/>
    <id>${xml(entry.id)}</id>
    <published>${entry.published.toISOString()}</published>
    <updated>${entry.published.toISOString()}</updated>
${entry.tags.map((tag) => `    <category term="${xml(tag)}"/>\n`).join("")}    <summary type="text">${xml(entry.summary)}</summary>
    <content type="html">${xml(entry.html)}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>${xml(source.name)}</title>
  <subtitle>${xml(source.description)}</subtitle>
  <link rel="alternate" type="text/html" href="${xml(source.siteUrl)}"/>
  <link rel="self" type="application/atom+xml" href="${xml(feedLink(source))}"/>
  <id>${xml(source.siteUrl)}</id>
  <updated>${newest.toISOString()}</updated>
  <author><name>${xml(source.author)}</name></author>
${body.join("\n")}
</feed>
`;
}

function rdf(source: DemoSource, entries: DemoEntry[]): string {
  const seq = entries.map((entry) => `        <rdf:li rdf:resource="${xml(entry.link)}"/>`);
  const items = entries.map(
    (entry) => `  <item rdf:about="${xml(entry.link)}">
    <title>${xml(entry.title)}</title>
    <link>${xml(entry.link)}</link>
    <description>${xml(entry.summary)}</description>
    <content:encoded>${xml(entry.html)}</content:encoded>
    <dc:date>${entry.published.toISOString()}</dc:date>
    <dc:creator>${xml(source.author)}</dc:creator>
${entry.tags.map((tag) => `    <dc:subject>${xml(tag)}</dc:subject>\n`).join("")}  </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel rdf:about="${xml(feedLink(source))}">
    <title>${xml(source.name)}</title>
    <link>${xml(source.siteUrl)}</link>
    <description>${xml(source.description)}</description>
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
