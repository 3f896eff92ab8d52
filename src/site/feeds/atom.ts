// Atom 1.0 beside each RSS feed.
import { createHash } from "node:crypto";
import { UNKNOWN_MEDIA_TYPE, type OutputFeed, type OutputItem } from "./output-feed.ts";
import { xmlElement, xmlText } from "../../xml.ts";
import { enclosureCaption } from "../post-view.ts";

/** IRIs of the registered schemes feeds' ids use; `yt:video:…` and the like are IRIs of no registered scheme. */
const USABLE_ID = /^(https?|urn|tag|mailto|ftp|info):\S+$/i;

/**
 * Atom ids must be IRIs, of a registered scheme (the W3C validator warns of others); a guid often is not
 * (`1234 at https://drupal.org`, `yt:video:…`), so those become a name-based urn:uuid that stays the same for the
 * same feed and guid.
 */
export function atomId(feed: string, id: string): string {
  if (USABLE_ID.test(id)) return id;
  const hex = createHash("sha1").update(`${feed}\n${id}`).digest("hex");
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

function atomEntry(item: OutputItem): string {
  return [
    "  <entry>",
    `    ${xmlElement("id", atomId(item.feed, item.id))}`,
    `    <title type="text">${xmlText(item.title)}</title>`,
    item.link === null ? null : `    <link rel="alternate" type="text/html" href="${xmlText(item.link)}"/>`,
    ...item.enclosures.map(
      (enclosure) =>
        `    <link rel="enclosure" type="${xmlText(enclosure.type ?? UNKNOWN_MEDIA_TYPE)}"${enclosure.length === null ? "" : ` length="${enclosure.length}"`} href="${xmlText(enclosure.url)}"/>`,
    ),
    `    ${xmlElement("published", item.published.toISOString())}`,
    `    ${xmlElement("updated", (item.updated ?? item.published).toISOString())}`,
    // Atom wants an author on every entry of a feed without one; the source stands in.
    `    <author>${xmlElement("name", item.author ?? item.sourceName)}</author>`,
    ...item.categories.map((category) => `    <category term="${xmlText(category)}"/>`),
    // A post that is only its enclosure has no body: its enclosures in words stand for it (validators want text).
    item.contentHtml === "" && item.enclosures.length > 0
      ? `    <summary type="text">${xmlText(item.enclosures.map(enclosureCaption).join("; "))}</summary>`
      : `    <content type="html">${xmlText(item.contentHtml)}</content>`,
    // The feed the post came from, as Planet Venus keeps it: its own address as self (none for a local file, which has
    // no address), its site, and the id and updated RFC 4287 §4.2.11 asks a source to keep.
    "    <source>",
    `      ${xmlElement("id", item.source.originalUrl ?? item.source.subscribeUrl)}`,
    `      <title type="text">${xmlText(item.sourceName)}</title>`,
    `      ${xmlElement("updated", item.source.updated.toISOString())}`,
    item.source.originalUrl === null ? null : `      <link rel="self" href="${xmlText(item.source.originalUrl)}"/>`,
    item.source.siteUrl === null ? null : `      <link rel="alternate" type="text/html" href="${xmlText(item.source.siteUrl)}"/>`,
    "    </source>",
    "  </entry>",
  ]
    .filter((line) => line !== null)
    .join("\n");
}

export function writeAtom(feed: OutputFeed): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom">`,
    `  ${xmlElement("id", feed.atomUrl)}`,
    `  <title type="text">${xmlText(feed.title)}</title>`,
    `  <subtitle type="text">${xmlText(feed.description)}</subtitle>`,
    `  ${xmlElement("updated", feed.updated.toISOString())}`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.atomUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(feed.homeUrl)}"/>`,
    "  <generator>Blogroll</generator>",
    ...feed.items.map(atomEntry),
    "</feed>",
    "",
  ].join("\n");
}
