// Writes small RSS 2.0 documents for tests.
import { escapeMarkup } from "../../demo/articles.ts";

export interface TestPost {
  guid: string;
  title: string;
  link?: string;
  published: Date;
  html?: string;
}

/** An item's elements as written; an absent part is left out of the item, as hostile feeds do. */
export interface ItemParts {
  guid?: string;
  title?: string;
  link?: string;
  /** Written as given, so a test can send dates no Date object prints (year 1, nonsense). */
  pubDate?: string;
  html?: string;
}

export interface TestChannel {
  title: string;
  link: string;
  description?: string;
}

function rssItem(parts: ItemParts): string {
  const elements = [
    parts.guid === undefined ? null : `<guid isPermaLink="false">${escapeMarkup(parts.guid)}</guid>`,
    parts.title === undefined ? null : `<title>${escapeMarkup(parts.title)}</title>`,
    parts.link === undefined ? null : `<link>${escapeMarkup(parts.link)}</link>`,
    parts.pubDate === undefined ? null : `<pubDate>${escapeMarkup(parts.pubDate)}</pubDate>`,
    parts.html === undefined ? null : `<description>${escapeMarkup(parts.html)}</description>`,
  ];
  return `
    <item>${elements.map((element) => (element === null ? "" : `\n      ${element}`)).join("")}
    </item>`;
}

export function rssDocumentOf(channel: TestChannel, items: ItemParts[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeMarkup(channel.title)}</title>
    <link>${escapeMarkup(channel.link)}</link>
    <description>${escapeMarkup(channel.description ?? `${channel.title}, a test feed`)}</description>${items.map(rssItem).join("")}
  </channel>
</rss>
`;
}

export function rssDocument(channel: TestChannel & { posts: TestPost[] }): string {
  return rssDocumentOf(
    channel,
    channel.posts.map((post) => ({
      guid: post.guid,
      title: post.title,
      link: post.link ?? `${channel.link}${post.guid}`,
      pubDate: post.published.toUTCString(),
      html: post.html ?? `<p>${post.title}</p>`,
    })),
  );
}
