// Where a feed is read from: an http(s) URL, or a local file (handy for tests, demos and feeds made by scripts).
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { absoluteHttpUrl } from "../sanitise/urls.ts";

export type FeedLocation = { ok: true; url: string } | { ok: false; message: string; fix: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;


/**
 * An http(s) URL as the URL parser normalises it, or a file path made absolute against `configDir`.
 * A path must start with `/`, `./` or `../` (or be a file: URL), so that `example.org/feed.xml`,
 * a URL missing its scheme, is caught instead of being read as a file that does not exist.
 */
export function resolveFeedLocation(text: string, configDir: string): FeedLocation {
  const trimmed = text.trim();
  const fix = "write a full URL such as https://example.org/feed.xml, or a file path starting with / or ./";
  if (SCHEME.test(trimmed)) {
    if (/^file:/i.test(trimmed)) {
      try {
        return { ok: true, url: fileURLToPath(trimmed) };
      } catch {
        return { ok: false, message: `${JSON.stringify(text)} is not a usable file: URL.`, fix };
      }
    }
    const url = absoluteHttpUrl(trimmed);
    // The URL parser would quietly encode a space; in feeds.yaml one is a slip (a stray comment, a pasted title).
    if (url !== null && /\s/.test(trimmed)) return { ok: false, message: `${JSON.stringify(text)} contains a space.`, fix: "remove it, or write it as %20 if the address really has one." };
    if (url !== null) return { ok: true, url };
    return { ok: false, message: `${JSON.stringify(text)} is not an http(s) URL or a file path.`, fix };
  }
  if (isAbsolute(trimmed) || /^\.\.?\//.test(trimmed)) return { ok: true, url: resolve(configDir, trimmed) };
  return {
    ok: false,
    message: `${JSON.stringify(text)} is not an http(s) URL or a file path.`,
    fix: /^[^/\s]+\.[a-z]{2,}(\/|$)/i.test(trimmed) ? `write it with its scheme: https://${trimmed}` : fix,
  };
}
