// The raw shape of a feed document: what the format says, before any fallback or URL rule.
// Every field is present; absent values are null or []. Normalising happens in src/normalise/.
import type { FeedError } from "../model.ts";

/**
 * The `xml:base` values in force at an element, outermost first, unresolved.
 * Resolving them (against the document URL) is a normalise rule, not a parse one.
 */
export type BaseChain = string[];

/** A text construct: how to read `value` depends on `type`. */
export interface RawText {
  value: string;
  /** "html" and "xhtml" values are markup; "text" is plain text. */
  type: "text" | "html" | "xhtml";
  base: BaseChain;
}

export interface RawLink {
  href: string;
  /** Atom's rel; RSS `<link>` and JSON Feed `url` count as "alternate". */
  rel: string;
  type: string | null;
  base: BaseChain;
}

export interface RawEnclosure {
  url: string;
  type: string | null;
  length: number | null;
  base: BaseChain;
}

/** The date elements a format may carry, by the name REFERENCE.md orders them with. */
export type RawDateField =
  | "pubDate"
  | "dc:date"
  | "dcterms:issued"
  | "dcterms:created"
  | "dcterms:modified"
  | "issued"
  | "created"
  | "modified"
  | "published"
  | "updated";

export interface RawDate {
  field: RawDateField;
  value: string;
}

/** A category as the document wrote it. */
export interface RawCategory {
  /** What identifies the category: Atom's term, the text of RSS's category, dc:subject or a JSON Feed tag. */
  term: string;
  /** Atom's human-readable label (RFC 4287 §4.2.2.3), for display; null when the feed gives none. */
  label: string | null;
  /** Atom's scheme or RSS's domain: the vocabulary the term belongs to. */
  scheme: string | null;
}

export interface RawEntry {
  /** guid, Atom id or JSON Feed id, as written. */
  id: string | null;
  /** RSS guid's isPermaLink: null when the entry has no guid or the format has no such flag. */
  idIsPermaLink: boolean | null;
  title: RawText | null;
  links: RawLink[];
  base: BaseChain;
  dates: RawDate[];
  /** Names (or RSS's "email (Name)"), in the order the format ranks them. */
  authors: string[];
  categories: RawCategory[];
  /** RSS `content:encoded` (HTML), or the old `body`/`fullitem` extensions. */
  contentEncoded: RawText | null;
  /** Atom content, or JSON Feed content_html / content_text. */
  content: RawText | null;
  /** Atom summary, or JSON Feed summary. */
  summary: RawText | null;
  /** RSS/RDF description (HTML). */
  description: RawText | null;
  /** RSS enclosures, Atom `rel="enclosure"` links, JSON Feed attachments, and Media RSS content that is audio or video. */
  enclosures: RawEnclosure[];
  /** The post's picture: JSON Feed `image`, or Media RSS's thumbnail. */
  image: { url: string; base: BaseChain } | null;
  /** Media RSS `media:description` (in `media:group` or not): what a video feed says of its post, where it says nothing else. */
  mediaDescription: RawText | null;
}

export type RawFeedFormat = "rss" | "rdf" | "atom" | "json";

export interface RawFeed {
  format: RawFeedFormat;
  /** The version the document declares ("2.0", "0.91", "1.0", "0.3", "https://jsonfeed.org/version/1.1"), if any. */
  version: string | null;
  title: RawText | null;
  /** RSS description, Atom subtitle/tagline, JSON Feed description. */
  description: RawText | null;
  links: RawLink[];
  base: BaseChain;
  image: { url: string; title: string | null; base: BaseChain } | null;
  /** Feed-level authors, which Atom and JSON Feed entries without their own inherit. */
  authors: string[];
  entries: RawEntry[];
}

export type ParseOutcome = { ok: true; feed: RawFeed; warnings: string[] } | { ok: false; error: FeedError };

export interface DiscoveredFeedLink {
  url: string;
  title: string | null;
  type: string;
}
