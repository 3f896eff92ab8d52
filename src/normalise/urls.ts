// URL rules: xml:base chains, and which URLs an item may link to.
import { absoluteUrl } from "../sanitise/urls.ts";
import type { BaseChain, RawLink } from "../parse/types.ts";

/** The base URL in force at an element: each xml:base resolved against the one outside it, starting at the document. */
export function resolveBase(chain: BaseChain, documentUrl: string): string | null {
  return chain.reduce<string | null>(
    (base, reference) => URL.parse(reference.trim(), base ?? undefined)?.href ?? base,
    URL.parse(documentUrl)?.href ?? null,
  );
}

/** An absolute http(s) URL, or null: a reader must never be sent to javascript:, data: or a local file. */
export function httpUrl(reference: string, base: string | null): string | null {
  return absoluteUrl(reference, base, "resource");
}

const PAGE_TYPES = new Set(["text/html", "application/xhtml+xml"]);

/** The alternate link to follow: Atom's default rel is alternate, and a web page beats other media. */
export function alternateLink(links: RawLink[], documentUrl: string): string | null {
  const alternates = links.filter((link) => link.rel === "alternate");
  const ranked = [
    ...alternates.filter((link) => link.type === null || PAGE_TYPES.has(link.type.toLowerCase())),
    ...alternates.filter((link) => link.type !== null && !PAGE_TYPES.has(link.type.toLowerCase())),
  ];
  for (const link of ranked) {
    const url = httpUrl(link.href, resolveBase(link.base, documentUrl));
    if (url !== null) return url;
  }
  return null;
}
