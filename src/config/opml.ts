// OPML, the format feed readers exchange subscription lists in: read for `blogroll opml import`,
// written for `blogroll opml export` and the site's /opml.xml.
import { Parser } from "htmlparser2";
import type { Config, FeedConfig, FeedState } from "../model.ts";
import type { ConfigError } from "./config-error.ts";
import { absoluteHttpUrl } from "../sanitise/urls.ts";
import { xmlAttribute, xmlText } from "../xml.ts";

export interface OpmlFeed {
  name: string;
  url: string;
  siteLink: string | null;
  categories: string[];
}

export type OpmlParseResult =
  | { ok: true; feeds: OpmlFeed[]; skipped: { text: string; reason: string }[] }
  | { ok: false; error: ConfigError };

/** Far above any real subscription list; bounds the work a hostile file can cause. */
export const MAX_OPML_BYTES = 10 * 1024 * 1024;
/** Folders in real lists go two or three deep; each level is copied into every feed below it. */
export const MAX_OUTLINE_DEPTH = 50;

/**
 * Every `<outline xmlUrl>` in the body, with the folders around it and its `category` attribute as categories.
 * htmlparser2 never loads external entities nor expands declared ones, and a DOCTYPE that declares any is refused.
 */
export function parseOpml(xml: string, source: string): OpmlParseResult {
  const refuse = (message: string, fix: string, offset: number | null = null): OpmlParseResult => ({
    ok: false,
    error: { file: source, ...positionOf(xml, offset), key: "", message, fix },
  });
  if (Buffer.byteLength(xml, "utf8") > MAX_OPML_BYTES) {
    return refuse(`The OPML file is larger than ${MAX_OPML_BYTES / 1024 / 1024} MiB.`, "split it into smaller files, or export only the feeds you follow.");
  }
  const subset = internalSubsetOffset(xml);
  if (subset !== null) {
    return refuse("The OPML file declares its own entities (a DOCTYPE with [...]), which can hide attacks.", "delete the <!DOCTYPE ...> declaration; OPML needs none.", subset);
  }

  const feeds: OpmlFeed[] = [];
  const byUrl = new Map<string, OpmlFeed>();
  const skipped: { text: string; reason: string }[] = [];
  // One entry per open <outline>: the folder name it adds, or null for a feed (or a nameless folder).
  const folders: (string | null)[] = [];
  let root: string | null = null;
  let inBody = false;
  let tooDeep: number | null = null;

  const parser = new Parser(
    {
      onopentag(tagName, attributes) {
        const tag = tagName.toLowerCase();
        if (root === null) root = tag;
        if (root !== "opml" || tooDeep !== null) return;
        if (tag === "body") inBody = true;
        if (tag !== "outline" || !inBody) return;
        if (folders.length >= MAX_OUTLINE_DEPTH) {
          tooDeep = parser.startIndex;
          return;
        }
        const attribute = attributeReader(attributes);
        const xmlUrl = attribute("xmlurl");
        if (xmlUrl === null) {
          folders.push(attribute("text") ?? attribute("title"));
          return;
        }
        folders.push(null);
        const name = attribute("text") ?? attribute("title") ?? hostOf(xmlUrl) ?? xmlUrl;
        const url = absoluteHttpUrl(xmlUrl);
        if (url === null) {
          skipped.push({ text: name, reason: `${JSON.stringify(xmlUrl)} is not an http(s) URL.` });
          return;
        }
        const htmlUrl = attribute("htmlurl");
        const categories = unique([...folders.filter((folder) => folder !== null), ...categoryAttribute(attribute("category"))]);
        const listed = byUrl.get(url);
        if (listed === undefined) {
          const feed = { name, url, siteLink: htmlUrl === null ? null : absoluteHttpUrl(htmlUrl), categories };
          feeds.push(feed);
          byUrl.set(url, feed);
          return;
        }
        // The same feed filed under a second folder (as writeOpml files a feed of two categories).
        listed.categories = unique([...listed.categories, ...categories]);
        if (listed.name !== name) skipped.push({ text: name, reason: `same URL as ${JSON.stringify(listed.name)}, listed earlier; its categories were added to that feed.` });
      },
      onclosetag(tagName) {
        const tag = tagName.toLowerCase();
        if (tag === "outline" && inBody && tooDeep === null) folders.pop();
        if (tag === "body") inBody = false;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);

  if (root !== "opml") return refuse("This is not an OPML file: it has no <opml> root element.", "export the subscription list from your feed reader as OPML and import that file.");
  if (tooDeep !== null) return refuse(`The OPML file nests outlines more than ${MAX_OUTLINE_DEPTH} deep.`, "flatten its folders; a feed list needs only a few levels.", tooDeep);
  return { ok: true, feeds, skipped };
}

/** A source of the blogroll as the OPML lists it. */
export interface OpmlSource {
  name: string;
  url: string;
  siteLink: string | null;
  /** The feed's own description of itself, as readers show it beside the name. */
  description: string | null;
  categories: readonly string[];
}

export interface OpmlDocument {
  /** The owner's site title: the blogroll's name. */
  title: string;
  /**
   * When the blogroll last changed (a post added or edited), for readers that follow it; null before its first post.
   * Not the time the document was written: the same blogroll gives the same bytes.
   */
  dateModified: Date | null;
  feeds: readonly OpmlSource[];
}

/**
 * The blogroll as an OPML document, for `opml export` and the site's opml.xml alike: every configured feed at the
 * address `urlOf` gives it, with the site and description its archived state knows.
 */
export function blogrollOpml(config: Config, states: ReadonlyMap<string, FeedState>, urlOf: (feed: FeedConfig) => string): OpmlDocument {
  const lastChange = Math.max(...[...states.values()].map((state) => Date.parse(state.lastChange ?? "") || 0), 0);
  return {
    title: config.site.title,
    dateModified: lastChange === 0 ? null : new Date(lastChange),
    feeds: config.feeds.map((feed) => {
      const meta = states.get(feed.slug)?.meta;
      const siteLink = meta?.siteLink ?? null;
      return {
        name: feed.name,
        url: urlOf(feed),
        siteLink: siteLink === null ? null : absoluteHttpUrl(siteLink),
        description: meta?.description ?? null,
        categories: feed.categories,
      };
    }),
  };
}

/**
 * OPML 2.0, the blogroll itself for others to follow: one folder outline per category (a feed of two categories
 * sits in both), uncategorised feeds after them; each feed with its site (`htmlUrl`) and description.
 */
export function writeOpml(input: OpmlDocument): string {
  const categories = unique(input.feeds.flatMap((feed) => feed.categories));
  const feedOutline = (feed: OpmlSource, indent: string): string => {
    const htmlUrl = feed.siteLink === null ? "" : ` htmlUrl="${xmlAttribute(feed.siteLink)}"`;
    const description = feed.description === null || feed.description === "" ? "" : ` description="${xmlAttribute(feed.description)}"`;
    return `${indent}<outline type="rss" text="${xmlAttribute(feed.name)}" title="${xmlAttribute(feed.name)}" xmlUrl="${xmlAttribute(feed.url)}"${htmlUrl}${description}/>\n`;
  };
  const folders = categories.map((category) => {
    const members = input.feeds.filter((feed) => feed.categories.includes(category));
    // A folder is its text alone: OPML 2.0 wants a type on any outline with more (the W3C validator warns).
    return `    <outline text="${xmlAttribute(category)}">\n${members.map((feed) => feedOutline(feed, "      ")).join("")}    </outline>\n`;
  });
  const uncategorised = input.feeds.filter((feed) => feed.categories.length === 0).map((feed) => feedOutline(feed, "    "));
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<opml version="2.0">\n` +
    `  <head>\n` +
    `    <title>${xmlText(input.title)}</title>\n` +
    (input.dateModified === null ? "" : `    <dateModified>${input.dateModified.toUTCString()}</dateModified>\n`) +
    `  </head>\n` +
    `  <body>\n` +
    folders.join("") +
    uncategorised.join("") +
    `  </body>\n` +
    `</opml>\n`
  );
}

/** Attribute names are matched without regard to case: writers disagree on `xmlUrl` versus `xmlurl`. */
function attributeReader(attributes: Record<string, string>): (name: string) => string | null {
  const byLowerName = new Map(Object.entries(attributes).map(([name, value]) => [name.toLowerCase(), value.trim()]));
  return (name) => {
    const value = byLowerName.get(name);
    return value === undefined || value === "" ? null : value;
  };
}

/** `category="/Tech/Web,News"`: comma-separated paths; each step of a path is a category, as nested folders are. */
function categoryAttribute(value: string | null): string[] {
  if (value === null) return [];
  return value.split(",").flatMap((path) => path.split("/").map((part) => part.trim()).filter((part) => part !== ""));
}

function hostOf(text: string): string | null {
  return URL.canParse(text) ? new URL(text).hostname || null : null;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The offset of `[` opening a DOCTYPE's internal subset, or null; quoted strings inside the DOCTYPE are skipped. */
function internalSubsetOffset(xml: string): number | null {
  const pattern = /<!DOCTYPE/gi;
  for (let match = pattern.exec(xml); match !== null; match = pattern.exec(xml)) {
    let quote: string | null = null;
    for (let offset = match.index + match[0].length; offset < xml.length; offset++) {
      const character = xml[offset];
      if (quote !== null) {
        if (character === quote) quote = null;
      } else if (character === '"' || character === "'") quote = character;
      else if (character === "[") return offset;
      else if (character === ">") break;
    }
  }
  return null;
}

function positionOf(text: string, offset: number | null): { line: number | null; column: number | null } {
  if (offset === null) return { line: null, column: null };
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}
