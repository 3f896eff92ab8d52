// Finds the feeds a web page advertises, so that "this is a web page" can name the URL to use.
import { Parser } from "htmlparser2";
import type { DiscoveredFeedLink } from "./types.ts";

const FEED_TYPES = new Set(["application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml"]);

function absolute(reference: string, base: string): string | null {
  try {
    return new URL(reference.trim(), base).href;
  } catch {
    return null;
  }
}

export function discoverFeedLinks(html: string, baseUrl: string): DiscoveredFeedLink[] {
  const found: DiscoveredFeedLink[] = [];
  let base = baseUrl;
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === "base" && attrs.href !== undefined) base = absolute(attrs.href, baseUrl) ?? base;
      if (name !== "link" || attrs.href === undefined) return;
      const rels = (attrs.rel ?? "").toLowerCase().split(/\s+/);
      const type = (attrs.type ?? "").trim().toLowerCase();
      if (!rels.includes("alternate") || !FEED_TYPES.has(type)) return;
      const url = absolute(attrs.href, base);
      if (url === null || found.some((link) => link.url === url)) return;
      found.push({ url, title: attrs.title?.trim() || null, type });
    },
  });
  parser.end(html);
  return found;
}
