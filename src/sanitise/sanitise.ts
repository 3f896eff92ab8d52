// The HTML policy for post bodies: an allow-list over sanitize-html, with URLs made absolute.
import sanitizeHtml from "sanitize-html";
import type { IFrame, Attributes, Tag } from "sanitize-html";
import type { SanitizedHtml } from "../model.ts";
import { DROPPED_WITH_CONTENTS } from "./dropped-elements.ts";
import { withLinksForEmbeds } from "./embeds.ts";
import { absoluteSrcset, absoluteUrl } from "./urls.ts";

export { htmlToText } from "./html-to-text.ts";

/**
 * Every element a post may keep, with the attributes it may keep; anything else is unwrapped (its
 * text stays) or, for DROPPED_WITH_CONTENTS, removed whole. No `class`, `id` (an id could clobber
 * our page's DOM), `style` or `on*` anywhere. Attributes we write ourselves (`rel`, `loading`...)
 * are listed so they survive, but the transforms below always overwrite what the feed sent.
 * `picture`/`source` and `video`/`audio` are left out on purpose: the `img` or the fallback text
 * inside them is what remains, which keeps every URL sink down to href, src, srcset and cite.
 * Changing it? Bump SANITISE_POLICY_VERSION (policy-version.ts) so archived posts are cleaned again.
 */
const ALLOWED_ATTRIBUTES_BY_TAG: Record<string, string[]> = {
  // text blocks
  p: [], div: [], span: [], pre: ["tabindex"], hr: [], br: [],
  // renumbered below the post's title on the way (bodyHeadingLevels)
  h1: [], h2: [], h3: [], h4: [], h5: [], h6: [],
  blockquote: ["cite"],
  figure: [], figcaption: [],
  details: [], summary: [],
  // lists
  ul: [], ol: [], li: [], dl: [], dt: [], dd: [],
  // tables
  table: ["tabindex"], caption: [], thead: [], tbody: [], tfoot: [], tr: [],
  th: ["colspan", "rowspan", "scope"],
  td: ["colspan", "rowspan"],
  // inline text
  a: ["href", "title", "rel"],
  q: ["cite"],
  abbr: ["title"],
  time: ["datetime"],
  em: [], strong: [], b: [], i: [], u: [], s: [], del: [], ins: [], mark: [], small: [],
  cite: [], sub: [], sup: [], code: [], kbd: [], samp: [], var: [],
  // media
  img: ["src", "srcset", "alt", "title", "width", "height", "loading", "decoding", "referrerpolicy"],
};

/** Special cases, one small function per element, run before the allow-list filters attributes. */
const TRANSFORMS_BY_TAG: Record<string, (attribs: Attributes, baseUrl: string | null) => Attributes> = {
  a: transformLink,
  img: transformImage,
  blockquote: transformQuotation,
  q: transformQuotation,
  pre: focusableScroller,
  table: focusableScroller,
};

/**
 * A post's title is an `<h3>` on our pages (its page's heading an `<h1>`), so the body's own headings must rank below it,
 * in the outline a screen reader announces as on screen: the body's highest heading becomes an h4 and the others keep
 * their distance below it, down to h6. Shifting by the body's own highest level (not by a fixed step) makes cleaning
 * cleaned HTML change nothing, which re-cleaning the archive under a new policy relies on.
 */
export const FIRST_BODY_HEADING_LEVEL = 4;
const HEADING_TAG = /<h([1-6])[\s/>]/gi;

function bodyHeadingLevels(html: string): Record<string, (tagName: string, attribs: Attributes) => Tag> {
  // A scan of the raw markup, not a parse: a heading named in a comment can only push the others lower, never above h4.
  let highest = 7;
  for (const match of html.matchAll(HEADING_TAG)) highest = Math.min(highest, Number(match[1]));
  const transforms: Record<string, (tagName: string, attribs: Attributes) => Tag> = {};
  if (highest === 7) return transforms;
  for (let level = 1; level <= 6; level += 1) {
    const moved = Math.max(FIRST_BODY_HEADING_LEVEL, Math.min(6, level - highest + FIRST_BODY_HEADING_LEVEL));
    transforms[`h${level}`] = () => ({ tagName: `h${moved}`, attribs: {} });
  }
  return transforms;
}

/** Clean a post body (or any feed HTML) by the policy; `baseUrl` resolves its relative URLs. */
export function sanitiseHtml(html: string, baseUrl: string | null): SanitizedHtml {
  const transformTags: Record<string, (tagName: string, attribs: Attributes) => Tag> = bodyHeadingLevels(html);
  for (const [tagName, transform] of Object.entries(TRANSFORMS_BY_TAG)) {
    transformTags[tagName] = (name, attribs) => ({ tagName: name, attribs: transform(attribs, baseUrl) });
  }
  const cleaned = sanitizeHtml(withLinksForEmbeds(html), {
    allowedTags: Object.keys(ALLOWED_ATTRIBUTES_BY_TAG),
    allowedAttributes: ALLOWED_ATTRIBUTES_BY_TAG,
    nonTextTags: [...DROPPED_WITH_CONTENTS],
    disallowedTagsMode: "discard",
    // The transforms already made every URL absolute; these are the library's own second check.
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
    allowProtocolRelative: false,
    transformTags,
    exclusiveFilter: removesElement,
  });
  return cleaned.trim() as SanitizedHtml;
}

/** Links keep only an absolute http(s)/mailto href; `target` goes, so the reader decides where a link opens. */
function transformLink(attribs: Attributes, baseUrl: string | null): Attributes {
  const { href, title } = attribs;
  const absolute = href === undefined ? null : absoluteUrl(href, baseUrl, "link");
  const kept: Attributes = {};
  if (absolute !== null) {
    kept.href = absolute;
    // Feed authors are third parties: no link equity, no window.opener, no referrer.
    kept.rel = "nofollow noopener noreferrer ugc";
  }
  if (title !== undefined) kept.title = title;
  return kept;
}

/** Images load lazily without a referrer; one whose src is unusable or a tracking pixel loses its src and is removed. */
function transformImage(attribs: Attributes, baseUrl: string | null): Attributes {
  const kept: Attributes = {};
  const src = attribs.src === undefined ? null : absoluteUrl(attribs.src, baseUrl, "resource");
  const width = pixelCount(attribs.width);
  const height = pixelCount(attribs.height);
  if (src !== null && !isTrackingPixel(src, width, height)) kept.src = src;
  const srcset = attribs.srcset === undefined ? null : absoluteSrcset(attribs.srcset, baseUrl);
  if (srcset !== null) kept.srcset = srcset;
  if (attribs.alt !== undefined) kept.alt = attribs.alt;
  if (attribs.title !== undefined) kept.title = attribs.title;
  if (width !== null) kept.width = String(width);
  if (height !== null) kept.height = String(height);
  kept.loading = "lazy";
  kept.decoding = "async";
  kept.referrerpolicy = "no-referrer";
  return kept;
}

/** `cite` on quotations is a URL like any other. */
function transformQuotation(attribs: Attributes, baseUrl: string | null): Attributes {
  const cite = attribs.cite === undefined ? null : absoluteUrl(attribs.cite, baseUrl, "link");
  return cite === null ? {} : { cite };
}

/**
 * Code and tables scroll sideways inside the column rather than widen the page (the site's stylesheet), and a keyboard
 * can scroll only what takes focus: each is a tab stop, whatever tabindex the feed gave it.
 */
function focusableScroller(): Attributes {
  return { tabindex: "0" };
}

/** Hosts and paths that serve only counters and share badges, never a picture of the post. */
const TRACKER_URL_PREFIXES: readonly string[] = [
  "//stats.wordpress.com/",
  "//pixel.wp.com/",
  "//feeds.feedburner.com/~r/",
  "//feeds.feedburner.com/~ff/",
  "//feedproxy.google.com/~r/",
  "//www.google-analytics.com/",
  "//pixel.quantserve.com/",
  "//medium.com/_/stat",
];

function isTrackingPixel(src: string, width: number | null, height: number | null): boolean {
  if (width !== null && height !== null && width <= 1 && height <= 1) return true;
  const withoutScheme = src.slice(src.indexOf(":") + 1);
  return TRACKER_URL_PREFIXES.some((prefix) => withoutScheme.startsWith(prefix));
}

/** A width or height as a whole number of pixels (`"300"`, `"300px"`), or null for anything else (`"50%"`). */
function pixelCount(value: string | undefined): number | null {
  const match = value === undefined ? null : /^\s*(\d{1,6})(?:px)?\s*$/i.exec(value);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * Decided when an element closes: an image left without a src goes (with nothing to show), a link
 * left without an href is unwrapped (its text stays), and a link with nothing visible inside goes
 * (share badges whose image was a tracker).
 */
function removesElement(frame: IFrame): boolean | "excludeTag" {
  if (frame.tag === "img") return frame.attribs.src === undefined;
  if (frame.tag === "a") {
    if (frame.attribs.href === undefined) return "excludeTag";
    return frame.text.trim() === "" && frame.mediaChildren.length === 0;
  }
  return false;
}
