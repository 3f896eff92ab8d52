// JSON Feed 1.1 beside each RSS feed.
import { UNKNOWN_MEDIA_TYPE, type OutputFeed, type OutputItem } from "./output-feed.ts";

function jsonItem(item: OutputItem): Record<string, unknown> {
  return {
    id: item.id,
    ...(item.link === null ? {} : { url: item.link }),
    title: item.title,
    content_html: item.contentHtml,
    summary: item.summary,
    date_published: item.published.toISOString(),
    ...(item.updated === null ? {} : { date_modified: item.updated.toISOString() }),
    authors: [{ name: item.author ?? item.sourceName }],
    tags: item.categories,
    ...(item.enclosures.length === 0
      ? {}
      : {
          attachments: item.enclosures.map((enclosure) => ({
            url: enclosure.url,
            mime_type: enclosure.type ?? UNKNOWN_MEDIA_TYPE,
            ...(enclosure.length === null ? {} : { size_in_bytes: enclosure.length }),
          })),
        }),
  };
}

export function writeJsonFeed(feed: OutputFeed): string {
  const document = {
    version: "https://jsonfeed.org/version/1.1",
    title: feed.title,
    description: feed.description,
    home_page_url: feed.homeUrl,
    feed_url: feed.jsonUrl,
    items: feed.items.map(jsonItem),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
