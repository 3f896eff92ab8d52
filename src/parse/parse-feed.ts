// Bytes → RawFeed: decode, tell the format apart, parse, and recover what a broken document
// still holds. Failures come back as values; nothing is thrown past this module.
import { gunzipSync } from "node:zlib";
import { decodeFeedBytes } from "./charset.ts";
import { discoverFeedLinks } from "./discover.ts";
import { extractJsonFeed, looksLikeJsonFeed, recogniseJsonFeed } from "./json-feed.ts";
import { extractXmlFeed, type ExtractedFeed } from "./xml-feed.ts";
import { repairXml } from "./xml-repair.ts";
import { NS, childElements, readXml, type XmlElement } from "./xml-tree.ts";
import type { FeedError, FeedErrorKind } from "../model.ts";
import type { DiscoveredFeedLink, ParseOutcome } from "./types.ts";

export interface DocumentSource {
  url: string;
  contentType: string | null;
}

function failure(kind: FeedErrorKind, message: string, detail: string | null = null): ParseOutcome {
  const error: FeedError = { kind, message, detail };
  return { ok: false, error };
}

// What may stand before the root element: the XML declaration, comments, processing instructions,
// a doctype (with its internal subset), and text (junk the repair drops).
const PROLOG_PART = /[^<]*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)/iy;
const FIRST_ELEMENT = /[^<]*<([A-Za-z_][\w.:-]*)/y;

/** The name of the document's first element, skipping the prolog, comments, doctype and junk; read from the head only. */
function rootElementName(text: string): string | null {
  PROLOG_PART.lastIndex = 0;
  let end = 0;
  while (PROLOG_PART.test(text) && PROLOG_PART.lastIndex > end) end = PROLOG_PART.lastIndex;
  FIRST_ELEMENT.lastIndex = end;
  return FIRST_ELEMENT.exec(text)?.[1]?.toLowerCase() ?? null;
}

const FEED_ROOTS = new Set(["rss", "feed", "rdf:rdf", "rdf"]);

function isHtmlPage(text: string, root: string | null, contentType: string | null): boolean {
  if (/^\s*(<!--[\s\S]*?-->\s*)*<!doctype\s+html/i.test(text) || root === "html") return true;
  const servedAsHtml = /^\s*text\/html\b/i.test(contentType ?? "");
  return servedAsHtml && (root === null || !FEED_ROOTS.has(root));
}

function webPageMessage(links: DiscoveredFeedLink[]): string {
  const [first] = links;
  if (first === undefined) {
    return "This address is a web page, not a feed, and the page does not advertise one. Find the site's feed address (often /feed, /rss.xml or /atom.xml) and put it in feeds.yaml.";
  }
  if (links.length === 1) return `This address is a web page, not a feed. The page advertises a feed at ${first.url}: put that URL in feeds.yaml.`;
  const listed = links.map((link) => (link.title ? `${link.url} (${link.title})` : link.url)).join(", ");
  return `This address is a web page, not a feed. The page advertises feeds at ${listed}: put one of those URLs in feeds.yaml.`;
}

function parseJson(text: string): ParseOutcome {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (looksLikeJsonFeed(text)) return failure("parse_failed", "The JSON Feed is not valid JSON, so no item could be read.", detail);
    return failure("not_a_feed", "This address returns neither XML nor a JSON Feed.", detail);
  }
  const recognised = recogniseJsonFeed(document);
  if (recognised === null) {
    return failure("not_a_feed", "This address returns JSON, but not a JSON Feed (it has no jsonfeed.org version, nor the items and fields of one).");
  }
  return { ok: true, feed: extractJsonFeed(recognised.document), warnings: recognised.warning === null ? [] : [recognised.warning] };
}

// An Atom feed inside an XHTML page (seen in the wild): a `<feed>` start tag in an Atom namespace.
const EMBEDDED_ATOM = /<feed\s[^>]*xmlns\s*=\s*["'](?:http:\/\/www\.w3\.org\/2005\/Atom|http:\/\/purl\.org\/atom\/ns#)["']/;

/** The first Atom `<feed>` element inside a page, depth first. */
function embeddedFeed(element: XmlElement): XmlElement | null {
  for (const child of childElements(element)) {
    if (child.local === "feed" && (child.ns === NS.atom || child.ns === NS.atom03)) return child;
    const found = embeddedFeed(child);
    if (found !== null) return found;
  }
  return null;
}

/** The first candidate that is the root of a feed, with what it holds. */
function firstFeed(candidates: XmlElement[]): { root: XmlElement; extracted: ExtractedFeed } | null {
  for (const root of candidates) {
    const extracted = extractXmlFeed(root);
    if (extracted !== null) return { root, extracted };
  }
  return null;
}

function parseXml(text: string, embedded: boolean): ParseOutcome {
  const repaired = repairXml(text);
  const document = readXml(repaired.text);
  const problems = [...repaired.problems, ...document.problems];
  const [first] = document.elements;
  if (first === undefined) return failure("parse_failed", "The feed's XML is too broken to read any item from it.", problems[0] ?? null);
  // A PHP warning printed as HTML before the feed makes the feed the second top-level element.
  const found = firstFeed(embedded ? [embeddedFeed(first) ?? first] : document.elements);
  if (found === null) {
    return failure("not_a_feed", `This address returns XML, but not an RSS or Atom feed (its root element is <${first.name}>).`, problems[0] ?? null);
  }
  if (!embedded && found.root !== first) {
    problems.push(`the feed's <${found.root.name}> is not the first element (the first is <${first.name}>), and what came before it was ignored`);
  }
  if (found.extracted.incompleteEntries > 0) problems.push("the document ends inside an item, which was left out");
  const warnings = problems.length > 0 ? [`The feed's XML is malformed (${problems.join("; ")}); items were recovered.`] : [];
  return { ok: true, feed: found.extracted.feed, warnings };
}

/** A gzip file served without Content-Encoding (or read from disk) still holds a feed. */
function gunzipped(body: Buffer): { ok: true; body: Buffer } | { ok: false; detail: string } {
  if (body[0] !== 0x1f || body[1] !== 0x8b) return { ok: true, body };
  try {
    return { ok: true, body: gunzipSync(body) };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

function parseText(text: string, source: DocumentSource): ParseOutcome {
  if (/^\s*\{/.test(text)) return parseJson(text);
  const root = rootElementName(text);
  if (isHtmlPage(text, root, source.contentType)) {
    if (EMBEDDED_ATOM.test(text)) return parseXml(text, true);
    return failure("not_a_feed", webPageMessage(discoverFeedLinks(text, source.url)));
  }
  if (root === null) return failure("not_a_feed", "This address returns neither XML nor a JSON Feed.");
  return parseXml(text, false);
}

function parseDocument(compressed: Buffer, source: DocumentSource): ParseOutcome {
  const body = gunzipped(compressed);
  if (!body.ok) return failure("decompression_failed", "The feed is a gzip file that could not be decompressed.", body.detail);
  const decoded = decodeFeedBytes(body.body, source.contentType);
  if (/^\s*$/.test(decoded.text)) return failure("empty_body", "The feed address returned an empty document.");
  const outcome = parseText(decoded.text, source);
  return outcome.ok ? { ...outcome, warnings: [...decoded.warnings, ...outcome.warnings] } : outcome;
}

/** Parses a fetched feed document. Never throws (nor rejects). */
export async function parseFeedDocument(body: Buffer, source: DocumentSource): Promise<ParseOutcome> {
  try {
    return parseDocument(body, source);
  } catch (error) {
    // A defect in a parser must cost one feed, not the run.
    const detail = error instanceof Error ? error.message : String(error);
    return failure("parse_failed", "The feed could not be read because the parser failed unexpectedly.", detail);
  }
}
export { discoverFeedLinks } from "./discover.ts";
