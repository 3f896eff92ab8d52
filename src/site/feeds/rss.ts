// RSS 2.0, with the guid, dates and filtered bodies Drupal's output lacked.
import { UNKNOWN_MEDIA_TYPE, type OutputFeed, type OutputItem } from "./output-feed.ts";
import { xmlCdata, xmlElement, xmlText } from "../../xml.ts";

function rssItem(item: OutputItem): string {
  const isPermaLink = item.link !== null && item.id === item.link;
  // RSS 2.0 has room for one enclosure an item (the RSS Advisory Board's profile); length 0 means unknown.
  const [enclosure] = item.enclosures;
  return [
    "    <item>",
    `      ${xmlElement("title", item.title)}`,
    item.link === null ? null : `      ${xmlElement("link", item.link)}`,
    `      <guid isPermaLink="${isPermaLink}">${xmlText(item.id)}</guid>`,
    `      ${xmlElement("pubDate", item.published.toUTCString())}`,
    item.author === null ? null : `      ${xmlElement("dc:creator", item.author)}`,
    ...item.categories.map((category) => `      ${xmlElement("category", category)}`),
    `      <description>${xmlCdata(item.contentHtml)}</description>`,
    enclosure === undefined
      ? null
      : `      <enclosure url="${xmlText(enclosure.url)}" length="${enclosure.length ?? 0}" type="${xmlText(enclosure.type ?? UNKNOWN_MEDIA_TYPE)}"/>`,
    `      <source url="${xmlText(item.source.subscribeUrl)}">${xmlText(item.sourceName)}</source>`,
    "    </item>",
  ]
    .filter((line) => line !== null)
    .join("\n");
}

export function writeRss(feed: OutputFeed): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
    "  <channel>",
    `    ${xmlElement("title", feed.title)}`,
    `    ${xmlElement("link", feed.homeUrl)}`,
    // Plain text, as RSS 2.0 has it ("a phrase or sentence describing the channel") and the W3C validator checks; but
    // readers render it as HTML, so a tag in a source or category name (from feeds.yaml or an imported OPML) is kept
    // inert by escaping `<` and `>`, and only those: escaping every character reached readers as `Ada&apos;s Notebook`.
    `    ${xmlElement("description", feed.description.replace(/</g, "&lt;").replace(/>/g, "&gt;"))}`,
    `    <atom:link href="${xmlText(feed.rssUrl)}" rel="self" type="application/rss+xml"/>`,
    `    ${xmlElement("lastBuildDate", feed.updated.toUTCString())}`,
    "    <generator>Blogroll</generator>",
    ...feed.items.map(rssItem),
    "  </channel>",
    "</rss>",
    "",
  ].join("\n");
}
