// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) → RawFeed.
import type { RawDate, RawEnclosure, RawEntry, RawFeed, RawLink, RawText } from "./types.ts";

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

function stringField(object: JsonObject, key: string): string | null {
  const value = object[key];
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function text(value: string | null, type: RawText["type"]): RawText | null {
  return value === null ? null : { value, type, base: [] };
}

/** 1.1 has `authors`; 1.0 had a single `author`. */
function authorNames(object: JsonObject): string[] {
  const authors = Array.isArray(object.authors) ? object.authors : isObject(object.author) ? [object.author] : [];
  return authors.filter(isObject).flatMap((author) => stringField(author, "name") ?? []);
}

/** JSON Feed's attachments are RSS's enclosures: a URL and a MIME type each, a size if known. */
function attachments(item: JsonObject): RawEnclosure[] {
  if (!Array.isArray(item.attachments)) return [];
  return item.attachments.filter(isObject).flatMap((attachment): RawEnclosure[] => {
    const url = stringField(attachment, "url");
    const size = attachment.size_in_bytes;
    const length = typeof size === "number" && Number.isFinite(size) && size >= 0 ? size : null;
    return url === null ? [] : [{ url, type: stringField(attachment, "mime_type"), length, base: [] }];
  });
}

function entryFrom(item: JsonObject): RawEntry {
  const links: RawLink[] = [];
  const url = stringField(item, "url");
  const externalUrl = stringField(item, "external_url");
  // external_url is the page a link-blog post points at: the item's link only when it has no url of its own.
  const alternate = url ?? externalUrl;
  if (alternate !== null) links.push({ href: alternate, rel: "alternate", type: null, base: [] });
  const dates: RawDate[] = [];
  const published = stringField(item, "date_published");
  const modified = stringField(item, "date_modified");
  if (published !== null) dates.push({ field: "published", value: published });
  if (modified !== null) dates.push({ field: "updated", value: modified });
  const contentHtml = stringField(item, "content_html");
  const image = stringField(item, "image") ?? stringField(item, "banner_image");
  return {
    id: stringField(item, "id"),
    idIsPermaLink: null,
    title: text(stringField(item, "title"), "text"),
    links,
    base: [],
    dates,
    authors: authorNames(item),
    categories: Array.isArray(item.tags)
      ? item.tags.filter((tag): tag is string => typeof tag === "string" && tag.trim() !== "").map((tag) => ({ term: tag.trim(), label: null, scheme: null }))
      : [],
    contentEncoded: null,
    content: contentHtml !== null ? text(contentHtml, "html") : text(stringField(item, "content_text"), "text"),
    summary: text(stringField(item, "summary"), "text"),
    description: null,
    enclosures: attachments(item),
    image: image === null ? null : { url: image, base: [] },
    mediaDescription: null,
  };
}

// Fields only a JSON Feed has; "title", "id" or "url" alone are in every JSON API.
const FEED_FIELDS = ["home_page_url", "feed_url"];
const ITEM_FIELDS = ["content_html", "content_text", "date_published", "date_modified", "external_url"];

export interface RecognisedJsonFeed {
  document: JsonObject;
  /** Set when the document is read as a JSON Feed without declaring itself one as the spec says. */
  warning: string | null;
}

/**
 * A JSON Feed, or a document that is plainly one without saying so the way the spec does: a version
 * written short ("1.1"), or no version but an items array and fields only a JSON Feed has.
 */
export function recogniseJsonFeed(document: unknown): RecognisedJsonFeed | null {
  if (!isObject(document)) return null;
  const version = typeof document.version === "string" ? document.version.trim() : null;
  if (version?.includes("jsonfeed.org/version/")) return { document, warning: null };
  const items = Array.isArray(document.items) ? document.items.filter(isObject) : null;
  if (items === null) return null;
  if (version !== null && /^\d+(\.\d+)?$/.test(version)) {
    return { document, warning: `The JSON Feed's version is written "${version}" instead of "https://jsonfeed.org/version/${version}"; it was read as a JSON Feed.` };
  }
  const fields = [...FEED_FIELDS.filter((field) => field in document), ...ITEM_FIELDS.filter((field) => items.some((item) => field in item))];
  if (fields.length === 0) return null;
  return {
    document,
    warning: `The document has no JSON Feed version, but has a JSON Feed's items and fields (${fields.join(", ")}); it was read as a JSON Feed.`,
  };
}

/** Does unparseable text look like it was meant to be a JSON Feed? */
export function looksLikeJsonFeed(text: string): boolean {
  return text.includes("jsonfeed.org") || (/"items"\s*:/.test(text) && [...FEED_FIELDS, ...ITEM_FIELDS].some((field) => text.includes(`"${field}"`)));
}

export function extractJsonFeed(document: JsonObject): RawFeed {
  const homePage = stringField(document, "home_page_url");
  const icon = stringField(document, "icon") ?? stringField(document, "favicon");
  const items = Array.isArray(document.items) ? document.items.filter(isObject) : [];
  return {
    format: "json",
    version: stringField(document, "version"),
    title: text(stringField(document, "title"), "text"),
    description: text(stringField(document, "description"), "text"),
    links: homePage === null ? [] : [{ href: homePage, rel: "alternate", type: null, base: [] }],
    base: [],
    image: icon === null ? null : { url: icon, title: null, base: [] },
    authors: authorNames(document),
    entries: items.map(entryFrom),
  };
}
