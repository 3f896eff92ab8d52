// Bytes → RawFeed: decode, tell the format apart, parse, and recover what a broken document
// still holds. Failures come back as values; nothing is thrown past this module.
import { gunzipSync } from "node:zlib";
import Parser from "rss-parser";
import { decodeFeedBytes } from "./charset.ts";
import { discoverFeedLinks } from "./discover.ts";
import { extractJsonFeed, isJsonFeed } from "./json-feed.ts";
import { extractXmlFeed, isFeedRoot } from "./xml-feed.ts";
import { repairXml } from "./xml-repair.ts";
import { buildXmlTree } from "./xml-tree.ts";
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

/** The name of the document's first element, skipping the prolog, comments, doctype and junk. */
function rootElementName(text: string): string | null {
  const match = /<([A-Za-z_][\w.:-]*)/.exec(text.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/gi, ""));
  return match?.[1]?.toLowerCase() ?? null;
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

/**
 * The strict XML parser's complaint about the text, or null when it is well-formed.
 * rss-parser (xml2js over sax) is the strict reader; errors it raises while building its own
 * result from well-formed XML are not syntax errors, so only sax's located errors count.
 */
async function xmlSyntaxError(text: string): Promise<string | null> {
  try {
    await new Parser({ defaultRSS: 2 }).parseString(text);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const located = /^([^\n]*)\nLine: (\d+)/.exec(message);
    if (located) return `${located[1]?.toLowerCase()} at line ${Number(located[2]) + 1}`;
    return null;
  }
}

function parseJson(text: string): ParseOutcome {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (text.includes("jsonfeed.org")) return failure("parse_failed", "The JSON Feed is not valid JSON, so no item could be read.", detail);
    return failure("not_a_feed", "This address returns neither XML nor a JSON Feed.", detail);
  }
  if (!isJsonFeed(document)) {
    return failure("not_a_feed", "This address returns JSON, but not a JSON Feed (it has no jsonfeed.org version).");
  }
  return { ok: true, feed: extractJsonFeed(document), warnings: [] };
}

async function parseXml(text: string): Promise<ParseOutcome> {
  const repaired = repairXml(text);
  const syntaxError = await xmlSyntaxError(repaired.text);
  const root = buildXmlTree(repaired.text);
  if (root === null || !isFeedRoot(root)) {
    if (syntaxError !== null || root === null) {
      return failure("parse_failed", "The feed's XML is too broken to read any item from it.", syntaxError);
    }
    return failure("not_a_feed", `This address returns XML, but not an RSS or Atom feed (its root element is <${root.name}>).`);
  }
  const extracted = extractXmlFeed(root);
  if (extracted === null) return failure("not_a_feed", "This address returns XML, but not an RSS or Atom feed.");
  const problems = [...repaired.problems];
  if (syntaxError !== null) problems.push(syntaxError);
  if (extracted.incompleteEntries > 0) problems.push("the document ends inside an item, which was left out");
  const warnings = problems.length > 0 ? [`The feed's XML is malformed (${problems.join("; ")}); items were recovered.`] : [];
  return { ok: true, feed: extracted.feed, warnings };
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

async function parseDocument(compressed: Buffer, source: DocumentSource): Promise<ParseOutcome> {
  const body = gunzipped(compressed);
  if (!body.ok) return failure("decompression_failed", "The feed is a gzip file that could not be decompressed.", body.detail);
  const decoded = decodeFeedBytes(body.body, source.contentType);
  const text = decoded.text;
  if (text.trim() === "") return failure("empty_body", "The feed address returned an empty document.");
  const outcome = await (async (): Promise<ParseOutcome> => {
    if (text.trimStart().startsWith("{")) return parseJson(text);
    const root = rootElementName(text);
    if (isHtmlPage(text, root, source.contentType)) {
      return failure("not_a_feed", webPageMessage(discoverFeedLinks(text, source.url)));
    }
    if (root === null) return failure("not_a_feed", "This address returns neither XML nor a JSON Feed.");
    return parseXml(text);
  })();
  return outcome.ok ? { ...outcome, warnings: [...decoded.warnings, ...outcome.warnings] } : outcome;
}

/** Parses a fetched feed document. Never throws. */
export async function parseFeedDocument(body: Buffer, source: DocumentSource): Promise<ParseOutcome> {
  try {
    return await parseDocument(body, source);
  } catch (error) {
    // A defect in a parser must cost one feed, not the run.
    const detail = error instanceof Error ? error.message : String(error);
    return failure("parse_failed", "The feed could not be read because the parser failed unexpectedly.", detail);
  }
}
export { discoverFeedLinks } from "./discover.ts";
