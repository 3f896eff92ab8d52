// Element tree → RawFeed for RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0.
import { NS, childElements, serialiseInner, textContent, type XmlElement } from "./xml-tree.ts";
import type { BaseChain, RawCategory, RawDate, RawDateField, RawEnclosure, RawEntry, RawFeed, RawFeedFormat, RawLink, RawText } from "./types.ts";

export interface ExtractedFeed {
  feed: RawFeed;
  /** Entries left out because the document ended before their end tag. */
  incompleteEntries: number;
}

// Namespaces whose elements are only found by their prefixed name, so that e.g. `dc:title`
// never stands in for `title`.
const MODULES = new Set<string>([NS.content, NS.dc, NS.dcterms, NS.itunes, NS.media, NS.rdf, NS.xhtml]);
const PREFIXED: Record<string, string[]> = {
  content: [NS.content], dc: [NS.dc], dcterms: [NS.dcterms], atom: [NS.atom, NS.atom03], itunes: [NS.itunes], media: [NS.media], rdf: [NS.rdf], xhtml: [NS.xhtml],
};

/** Matches `local` in the format's own vocabulary, or `prefix:local` in a module's namespace. */
type Matcher = (element: XmlElement, name: string) => boolean;

function matcherFor(format: RawFeedFormat, root: XmlElement): Matcher {
  // The format's own elements: no namespace, the root's, or the format's published ones. An
  // element of any other namespace is an extension, even when its local name is `description`.
  const core = new Set<string | null>([null, root.ns, NS.rss10, NS.rss09, ...(format === "atom" ? [NS.atom, NS.atom03] : [])]);
  return (element, name) => {
    const colon = name.indexOf(":");
    if (colon === -1) return element.local === name && core.has(element.ns);
    const namespaces = PREFIXED[name.slice(0, colon)] ?? [];
    return element.local === name.slice(colon + 1) && element.ns !== null && namespaces.includes(element.ns);
  };
}

const trimmed = (value: string): string | null => (value.trim() === "" ? null : value.trim());
const LOOKS_LIKE_HTML = /<[a-z/!]|&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/** RSS elements carry HTML or plain text without saying which; child elements mean inline markup. */
function markupOf(element: XmlElement): string {
  return childElements(element).length > 0 ? serialiseInner(element) : textContent(element);
}

function htmlText(element: XmlElement): RawText {
  return { value: markupOf(element), type: "html", base: element.base };
}

/** RSS titles are plain text unless they visibly hold markup or (double-)escaped entities. */
function sniffedText(element: XmlElement): RawText {
  const value = markupOf(element);
  return { value, type: childElements(element).length > 0 || LOOKS_LIKE_HTML.test(value) ? "html" : "text", base: element.base };
}

/** Base64 content of no declared text type: markup if it looks like markup, else plain text. */
function decodedBase64(element: XmlElement): RawText {
  return base64Text(Buffer.from(textContent(element).trim(), "base64").toString("utf8"), element.base);
}

function base64Text(value: string, base: BaseChain): RawText {
  return { value, type: LOOKS_LIKE_HTML.test(value) ? "html" : "text", base };
}

// Base64 as a feed writes it: the alphabet in lines of whole quads, padded at the end.
const BASE64 = /^(?:[A-Za-z0-9+/]{4}\s*)*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * The text of a title or subtitle that claims a media type of its own: Atom 1.0 allows none (RFC 4287
 * §3.1.1), and real feeds that write one hold plain text, which a base64 reading turns to garbage. Only
 * a value that is base64 through and through and decodes to clean UTF-8 is read as base64 (feedparser
 * reads these as base64 always).
 */
function textOfOtherType(element: XmlElement): RawText {
  const value = textContent(element);
  const candidate = value.trim();
  if (candidate !== "" && BASE64.test(candidate)) {
    try {
      const decoded = STRICT_UTF8.decode(Buffer.from(candidate, "base64"));
      if (!CONTROL_CHARACTERS.test(decoded)) return base64Text(decoded, element.base);
    } catch {
      // Not UTF-8: not base64 of text, so the value is the text.
    }
  }
  return { value, type: "text", base: element.base };
}

/**
 * An Atom text construct (1.0 `type`, 0.3 `type` + `mode`); null for out-of-line content. Only content
 * may be of another media type (RFC 4287 §4.1.3.3: base64 unless XML or text); a title, subtitle or
 * summary of another type is text (see textOfOtherType).
 */
function atomText(element: XmlElement, construct: "text" | "content"): RawText | null {
  if (element.attrs.src !== undefined) return null;
  const type = (element.attrs.type ?? "").trim().toLowerCase() || "text";
  const mode = (element.attrs.mode ?? "").trim().toLowerCase();
  const base = element.base;
  const children = childElements(element);
  if (mode === "base64") return decodedBase64(element);
  if (type === "xhtml" || type === "application/xhtml+xml" || mode === "xml" || (children.length > 0 && type !== "html" && type !== "text/html")) {
    const wrapper = children.length === 1 && children[0]?.local === "div" && textContent(element).trim() === textContent(children[0]).trim() ? children[0] : element;
    return { value: serialiseInner(wrapper), type: "xhtml", base: wrapper.base };
  }
  if (type === "html" || type === "text/html" || mode === "escaped") {
    // TypePad wraps escaped HTML in an XHTML div: the div's text is the HTML.
    const [onlyChild] = children;
    const escapedInDiv = children.length === 1 && onlyChild?.local === "div" && childElements(onlyChild).length === 0;
    return { value: escapedInDiv ? textContent(onlyChild) : markupOf(element), type: "html", base };
  }
  if (type === "text" || type.startsWith("text/")) return { value: textContent(element), type: "text", base };
  if (construct === "text") return textOfOtherType(element);
  if (!type.endsWith("+xml") && !type.endsWith("/xml")) return decodedBase64(element);
  return { value: serialiseInner(element), type: "xhtml", base };
}

/** RSS and RDF titles say nothing of their type unless they borrow Atom's `type`. */
function titleText(element: XmlElement, format: RawFeedFormat): RawText | null {
  return format === "atom" || element.attrs.type !== undefined ? atomText(element, "text") : sniffedText(element);
}

function category(term: string | undefined, label: string | undefined, scheme: string | undefined): RawCategory | null {
  const termText = trimmed(term ?? "");
  const labelText = trimmed(label ?? "");
  // A category with only a label is still a category: its label names it.
  if (termText === null && labelText === null) return null;
  return { term: termText ?? labelText ?? "", label: labelText, scheme: trimmed(scheme ?? "") };
}

function dateField(element: XmlElement, is: Matcher): RawDateField | null {
  if (is(element, "pubdate")) return "pubDate";
  if (is(element, "dc:date")) return "dc:date";
  for (const name of ["issued", "created", "modified"] as const) {
    if (is(element, `dcterms:${name}`)) return `dcterms:${name}`;
  }
  for (const name of ["issued", "created", "modified", "published", "updated"] as const) {
    if (is(element, name) || is(element, `atom:${name}`)) return name;
  }
  return null;
}

function link(href: string, rel: string, type: string | null, base: BaseChain): RawLink | null {
  const value = trimmed(href);
  return value === null ? null : { href: value, rel, type, base };
}

/** Atom's link has an href; RSS's link, and an Atom link missing its href, hold the URL as text. */
function linkOf(element: XmlElement): RawLink | null {
  const href = element.attrs.href ?? textContent(element);
  return link(href, (element.attrs.rel ?? "alternate").trim().toLowerCase(), element.attrs.type ?? null, element.base);
}

function atomPersonName(element: XmlElement, is: Matcher): string | null {
  const name = childElements(element).find((child) => is(child, "name") || is(child, "atom:name"));
  return trimmed(name ? textContent(name) : textContent(element));
}

function parseLength(value: string | undefined): number | null {
  const length = Number(value);
  return value !== undefined && Number.isFinite(length) && length >= 0 ? length : null;
}

function entryFrom(element: XmlElement, is: Matcher, format: RawFeedFormat): RawEntry {
  const entry: RawEntry = {
    id: null, idIsPermaLink: null, title: null, links: [], base: element.base, dates: [], authors: [], categories: [],
    contentEncoded: null, content: null, summary: null, description: null, enclosures: [], image: null, mediaDescription: null,
  };
  // Authors are gathered per kind, then ranked: dc:creator, author, Atom author, iTunes author.
  const authorsByKind: string[][] = [[], [], [], []];
  const addAuthor = (kind: number, name: string | null): void => {
    if (name !== null) authorsByKind[kind]?.push(name);
  };
  for (const child of childElements(element)) {
    const field = dateField(child, is);
    if (field !== null) {
      const value = trimmed(textContent(child));
      if (value !== null) entry.dates.push({ field, value } satisfies RawDate);
    } else if (is(child, "guid") || is(child, "id") || is(child, "atom:id")) {
      entry.id ??= trimmed(textContent(child));
      if (is(child, "guid")) entry.idIsPermaLink = (child.attrs.isPermaLink ?? child.attrs.ispermalink ?? "true").trim().toLowerCase() !== "false";
    } else if (is(child, "title") || is(child, "atom:title")) {
      entry.title ??= titleText(child, format);
    } else if (is(child, "dc:title")) {
      entry.title ??= sniffedText(child);
    } else if (is(child, "link") || is(child, "atom:link")) {
      const found = linkOf(child);
      if (found) entry.links.push(found);
      if (found?.rel === "enclosure") {
        entry.enclosures.push({ url: found.href, type: found.type, length: parseLength(child.attrs.length), base: found.base });
      }
    } else if (is(child, "content:encoded")) {
      entry.contentEncoded ??= htmlText(child);
    } else if (is(child, "fullitem")) {
      // An early RSS extension for the full post, escaped HTML like content:encoded.
      entry.contentEncoded ??= htmlText(child);
    } else if (is(child, "xhtml:body") || is(child, "body")) {
      entry.contentEncoded ??= { value: serialiseInner(child), type: "xhtml", base: child.base };
    } else if (is(child, "content") || is(child, "atom:content")) {
      entry.content ??= atomText(child, "content");
    } else if (is(child, "summary") || is(child, "atom:summary")) {
      entry.summary ??= atomText(child, "text");
    } else if (is(child, "description") || is(child, "dc:description")) {
      entry.description ??= htmlText(child);
    } else if (is(child, "dc:creator") || is(child, "dc:author")) {
      addAuthor(0, trimmed(textContent(child)));
    } else if (is(child, "author") || is(child, "atom:author")) {
      addAuthor(childElements(child).length > 0 ? 2 : 1, atomPersonName(child, is));
    } else if (is(child, "itunes:author")) {
      addAuthor(3, trimmed(textContent(child)));
    } else if (is(child, "category") || is(child, "atom:category")) {
      const atomCategory = child.attrs.term !== undefined || child.attrs.label !== undefined;
      const found = atomCategory ? category(child.attrs.term, child.attrs.label, child.attrs.scheme) : category(textContent(child), undefined, child.attrs.domain);
      if (found !== null) entry.categories.push(found);
    } else if (is(child, "dc:subject")) {
      const found = category(textContent(child), undefined, undefined);
      if (found !== null) entry.categories.push(found);
    } else if (is(child, "tags")) {
      // A made-up element some feeds carry: the tags in one comma-separated list.
      for (const tag of textContent(child).split(",")) {
        const found = category(tag, undefined, undefined);
        if (found !== null) entry.categories.push(found);
      }
    } else if (is(child, "enclosure")) {
      const url = trimmed(child.attrs.url ?? "");
      if (url !== null) {
        entry.enclosures.push({ url, type: child.attrs.type ?? null, length: parseLength(child.attrs.length), base: child.base } satisfies RawEnclosure);
      }
    } else {
      readMedia(child, is, entry);
    }
  }
  entry.authors = authorsByKind.flat();
  // RSS 1.0 names each item by its rdf:about URI, which serves as its guid.
  entry.id ??= trimmed(element.attrs["rdf:about"] ?? "");
  return entry;
}

/** The kinds of Media RSS content a reader can play; the rest (a YouTube entry's Flash player) are what the post's link shows. */
const PLAYABLE_MEDIUM = /^(audio|video)$/;
const PLAYABLE_TYPE = /^(audio|video)\//i;

/**
 * Media RSS (https://www.rssboard.org/media-rss), at the item, in a `media:group` or in a `media:content`: the first
 * description and thumbnail found, and audio or video content as enclosures (unless an enclosure already has its URL).
 */
function readMedia(element: XmlElement, is: Matcher, entry: RawEntry): void {
  if (is(element, "media:group")) {
    for (const child of childElements(element)) readMedia(child, is, entry);
  } else if (is(element, "media:content")) {
    const url = trimmed(element.attrs.url ?? "");
    const type = element.attrs.type?.trim() || null;
    const playable = PLAYABLE_MEDIUM.test((element.attrs.medium ?? "").trim().toLowerCase()) || PLAYABLE_TYPE.test(type ?? "");
    if (url !== null && playable && !entry.enclosures.some((enclosure) => enclosure.url === url)) {
      entry.enclosures.push({ url, type, length: parseLength(element.attrs.fileSize ?? element.attrs.filesize), base: element.base });
    }
    for (const child of childElements(element)) readMedia(child, is, entry);
  } else if (is(element, "media:description")) {
    // Plain text unless it says `type="html"` (the spec's two types).
    const type = (element.attrs.type ?? "").trim().toLowerCase() === "html" ? "html" : "text";
    if (textContent(element).trim() !== "") entry.mediaDescription ??= { value: textContent(element), type, base: element.base };
  } else if (is(element, "media:thumbnail")) {
    const url = trimmed(element.attrs.url ?? "");
    if (url !== null) entry.image ??= { url, base: element.base };
  }
}

function formatOf(root: XmlElement): { format: RawFeedFormat; version: string | null } | null {
  if (root.local === "rss" && (root.ns === null || !MODULES.has(root.ns))) return { format: "rss", version: root.attrs.version?.trim() ?? null };
  if (root.local === "rdf" && root.ns === NS.rdf) {
    const usesRss09 = childElements(root).some((child) => child.ns === NS.rss09);
    return { format: "rdf", version: usesRss09 ? "0.9" : "1.0" };
  }
  // A `feed` root in an unknown namespace is still read as Atom, as feedparser does.
  if (root.local === "feed") {
    return { format: "atom", version: root.ns === NS.atom ? "1.0" : (root.attrs.version?.trim() ?? null) };
  }
  return null;
}

/** The feed an element holds, or null when it is not the root of a format we read. */
export function extractXmlFeed(root: XmlElement): ExtractedFeed | null {
  const detected = formatOf(root);
  if (detected === null) return null;
  const is = matcherFor(detected.format, root);
  const channel = detected.format === "atom" ? root : (childElements(root).find((child) => is(child, "channel")) ?? root);
  // RSS 1.0 and 0.9 put items and the image beside the channel, not inside it.
  const containers = channel === root ? [root] : [channel, root];
  const feed: RawFeed = {
    format: detected.format, version: detected.version, title: null, description: null, links: [], base: channel.base,
    image: null, authors: [], entries: [],
  };
  let incompleteEntries = 0;
  for (const container of containers) {
    // Walking the root, the channel was already read: skip it (it may be unclosed in a cut document).
    for (const child of withUnclosedContents(container, container === channel ? null : channel)) {
      if (is(child, "item") || is(child, "entry")) {
        if (child.closed) feed.entries.push(entryFrom(child, is, detected.format));
        else incompleteEntries += 1;
        continue;
      }
      if (container !== channel) {
        if (is(child, "image")) feed.image ??= rssImage(child, is);
        continue;
      }
      if (is(child, "title")) {
        feed.title ??= titleText(child, detected.format);
      } else if (is(child, "dc:title")) {
        feed.title ??= sniffedText(child);
      } else if (is(child, "subtitle") || is(child, "tagline")) {
        feed.description ??= atomText(child, "text");
      } else if (is(child, "description") || is(child, "dc:description")) {
        feed.description ??= htmlText(child);
      } else if (is(child, "link") || is(child, "atom:link")) {
        const found = linkOf(child);
        if (found) feed.links.push(found);
      } else if (is(child, "image")) {
        feed.image ??= rssImage(child, is);
      } else if (is(child, "logo") || is(child, "icon")) {
        const url = trimmed(textContent(child));
        // Atom's logo is the banner-sized image; the icon is only the fallback.
        if (url !== null && (feed.image === null || child.local === "logo")) feed.image = { url, title: null, base: child.base };
      } else if (is(child, "itunes:image")) {
        const url = trimmed(child.attrs.href ?? "");
        if (url !== null) feed.image ??= { url, title: null, base: child.base };
      } else if (is(child, "author")) {
        const name = atomPersonName(child, is);
        if (name !== null && detected.format === "atom") feed.authors.push(name);
      }
    }
  }
  return { feed, incompleteEntries };
}

/**
 * The element's children, plus the contents of children never closed: a stray unclosed tag
 * swallows the items after it, which still belong to the channel.
 */
function withUnclosedContents(element: XmlElement, skip: XmlElement | null): XmlElement[] {
  return childElements(element).flatMap((child) => {
    if (child === skip) return [];
    const isEntry = child.local === "item" || child.local === "entry";
    return child.closed || isEntry ? [child] : [child, ...withUnclosedContents(child, skip)];
  });
}

function rssImage(element: XmlElement, is: Matcher): RawFeed["image"] {
  const children = childElements(element);
  const urlElement = children.find((child) => is(child, "url"));
  const url = trimmed(urlElement ? textContent(urlElement) : (element.attrs["rdf:resource"] ?? element.attrs.href ?? ""));
  if (url === null) return null;
  const titleElement = children.find((child) => is(child, "title"));
  return { url, title: titleElement ? trimmed(textContent(titleElement)) : null, base: urlElement?.base ?? element.base };
}
