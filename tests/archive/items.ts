import type { Item, SanitizedHtml } from "../../src/model.ts";

/** A complete Item with sensible values; tests override what they are about. */
export function makeItem(overrides: Partial<Item> & { id: string }): Item {
  return {
    feed: "example",
    title: `Post ${overrides.id}`,
    link: `https://example.org/${overrides.id}`,
    published: "2019-02-20T19:18:00.000Z",
    updated: null,
    dateSource: "feed",
    author: null,
    categories: ["Technology"],
    tags: [],
    contentHtml: "<p>Body</p>" as SanitizedHtml,
    enclosures: [],
    summary: "Body",
    firstSeen: "2019-02-20T20:00:00.000Z",
    ...overrides,
  };
}
