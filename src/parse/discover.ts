// Finds the feeds a web page advertises, so that "this is a web page" can name the URL to use.
import { Parser } from "htmlparser2";
import { absoluteUrl } from "../sanitise/urls.ts";
import type { DiscoveredFeedLink } from "./types.ts";

const FEED_TYPES = new Set(["application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml"]);

export function discoverFeedLinks(html: string, baseUrl: string): DiscoveredFeedLink[] {
  const found: DiscoveredFeedLink[] = [];
  let base = baseUrl;
  const parser = new Parser({
    onopentag(name, attrs) {
      // Only web addresses, as for anything a document makes us load: a page never chooses a local file (file:).
      if (name === "base" && attrs.href !== undefined) base = absoluteUrl(attrs.href, baseUrl, "resource") ?? base;
      if (name !== "link" || attrs.href === undefined) return;
      const rels = (attrs.rel ?? "").toLowerCase().split(/\s+/);
      const type = (attrs.type ?? "").trim().toLowerCase();
      if (!rels.includes("alternate") || !FEED_TYPES.has(type)) return;
      const url = absoluteUrl(attrs.href, base, "resource");
      if (url === null || found.some((link) => link.url === url)) return;
      found.push({ url, title: attrs.title?.trim() || null, type });
    },
  });
  parser.end(html);
  return found;
}
