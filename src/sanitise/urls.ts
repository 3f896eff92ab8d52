// URL rules of the sanitise policy: every URL a post keeps is absolute and of a harmless scheme.

/**
 * An absolute http(s) URL with a host, as the URL parser writes it; null for anything else (a relative or local
 * address, another scheme). The one check of "is this a web address we may link to or fetch", for feeds.yaml, OPML
 * and the site's links from a feed's state alike.
 */
export function absoluteHttpUrl(text: string | null): string | null {
  const url = text === null ? null : URL.parse(text);
  return url !== null && (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" ? url.href : null;
}

/** What a URL is for: a link may also be `mailto:`, anything the page loads must be http(s). */
export type UrlUse = "link" | "resource";

const SCHEMES_BY_USE: Record<UrlUse, ReadonlySet<string>> = {
  link: new Set(["http:", "https:", "mailto:"]),
  resource: new Set(["http:", "https:"]),
};

/**
 * The absolute form of `raw` (attribute text, entities already decoded), or null when it cannot be
 * made an absolute URL of an allowed scheme. WHATWG parsing does the unmasking a browser would do
 * (`java\tscript:`, upper case, leading controls), so the scheme we check is the one a browser sees.
 */
export function absoluteUrl(raw: string, baseUrl: string | null, use: UrlUse): string | null {
  // A browser ignores tabs and newlines anywhere in a URL and C0 controls or spaces at its ends.
  const cleaned = raw.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  if (cleaned === "") return null;
  // Protocol-relative URLs would inherit our site's scheme; https is the safe reading.
  const url = /^[\\/]{2}/.test(cleaned)
    ? URL.parse(`https:${cleaned}`)
    : URL.parse(cleaned, baseUrl ?? undefined);
  if (url === null || !SCHEMES_BY_USE[use].has(url.protocol)) return null;
  return url.href;
}

interface SrcsetCandidate {
  url: string;
  /** `300w`, `1.5x`, or empty (which means `1x`). */
  descriptor: string;
}

const VALID_DESCRIPTOR = /^(?:\d+w|\d*\.?\d+x)$/;

/**
 * `srcset` with every candidate made absolute; candidates that cannot be are left out, and null
 * means none was left.
 */
export function absoluteSrcset(raw: string, baseUrl: string | null): string | null {
  const kept: string[] = [];
  for (const candidate of parseSrcset(raw)) {
    const url = absoluteUrl(candidate.url, baseUrl, "resource");
    if (url === null || (candidate.descriptor !== "" && !VALID_DESCRIPTOR.test(candidate.descriptor))) continue;
    kept.push(candidate.descriptor === "" ? url : `${url} ${candidate.descriptor}`);
  }
  return kept.length === 0 ? null : kept.join(", ");
}

/** The HTML standard's srcset split: a URL is a run of non-spaces, so URLs may contain commas. */
function parseSrcset(value: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = [];
  let position = 0;
  while (position < value.length) {
    const urlMatch = /[\s,]*(\S+)/y;
    urlMatch.lastIndex = position;
    const found = urlMatch.exec(value);
    if (found === null || found[1] === undefined) break;
    position = urlMatch.lastIndex;
    const url = found[1];
    if (url.endsWith(",")) {
      candidates.push({ url: url.replace(/,+$/, ""), descriptor: "" });
      continue;
    }
    // Descriptors run to the next comma outside parentheses.
    let depth = 0;
    const start = position;
    while (position < value.length && !(value[position] === "," && depth === 0)) {
      if (value[position] === "(") depth++;
      else if (value[position] === ")") depth = Math.max(0, depth - 1);
      position++;
    }
    candidates.push({ url, descriptor: value.slice(start, position).trim().replace(/\s+/g, " ") });
    position++;
  }
  return candidates;
}
