// A static check of HTML we output: anything that could run script or restyle/redirect the page.
import { Parser } from "htmlparser2";

export interface UnsafeMarkupOptions {
  /** `src` values of our own `<script>` elements (exact). */
  ownScriptSrcs?: string[];
  /** `href` values of our own stylesheets (exact); relative hrefs count as our own too. */
  ownStylesheetHrefs?: string[];
  /** `action` values of our own forms (exact): the search form every page carries. */
  ownFormActions?: string[];
  /** `type` values of our own data blocks, `<script>`s a browser never runs (the search page's result templates). */
  ownDataBlockTypes?: string[];
}

/** Elements that embed documents, replace the base URL, submit data or animate attributes: never ours. */
const UNSAFE_ELEMENTS = new Set([
  "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "style", "portal",
  "animate", "animatecolor", "animatemotion", "animatetransform", "set", "handler", "listener",
]);

const URL_ATTRIBUTES = new Set([
  "href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite", "longdesc",
  "lowsrc", "dynsrc", "ping", "codebase", "archive", "classid", "manifest", "icon", "profile", "usemap",
]);

const SRCSET_ATTRIBUTES = new Set(["srcset", "imagesrcset"]);

const SAFE_SCHEMES = new Set(["http", "https", "mailto"]);

/** Plain-words findings, one per unsafe element or attribute; [] means nothing unsafe was found. */
export function findUnsafeMarkup(html: string, options: UnsafeMarkupOptions = {}): string[] {
  const ownScriptSrcs = new Set(options.ownScriptSrcs ?? []);
  const ownStylesheetHrefs = new Set(options.ownStylesheetHrefs ?? []);
  const ownFormActions = new Set(options.ownFormActions ?? []);
  const ownDataBlockTypes = new Set(options.ownDataBlockTypes ?? []);
  const findings: string[] = [];
  const parser = new Parser({
    onopentag(name, attribs) {
      const tag = name.toLowerCase();
      const ownForm = tag === "form" && attribs.action !== undefined && ownFormActions.has(attribs.action);
      if (UNSAFE_ELEMENTS.has(tag) && !ownForm) findings.push(`<${tag}> element`);
      const ownScript = (attribs.src !== undefined && ownScriptSrcs.has(attribs.src)) || (attribs.type !== undefined && ownDataBlockTypes.has(attribs.type));
      if (tag === "script" && !ownScript) {
        findings.push(`<script> ${attribs.src === undefined ? "inline" : `src=${attribs.src}`}`);
      }
      if (tag === "link") findings.push(...linkFindings(attribs, ownStylesheetHrefs));
      if (tag === "meta" && (attribs["http-equiv"] ?? "").trim().toLowerCase() === "refresh") {
        findings.push("<meta http-equiv=refresh>");
      }
      for (const [attribute, value] of Object.entries(attribs)) {
        findings.push(...attributeFindings(tag, attribute.toLowerCase(), value));
      }
    },
  });
  parser.write(html);
  parser.end();
  return findings;
}

function attributeFindings(tag: string, attribute: string, value: string): string[] {
  if (attribute.startsWith("on")) return [`<${tag} ${attribute}> event handler`];
  if (attribute === "style") return [`<${tag} style> attribute`];
  if (attribute === "srcdoc") return [`<${tag} srcdoc> embedded document`];
  const urls = URL_ATTRIBUTES.has(attribute) ? [value] : SRCSET_ATTRIBUTES.has(attribute) ? value.split(/[\s,]+/) : [];
  return urls
    .map(unsafeScheme)
    .filter((scheme) => scheme !== null)
    .map((scheme) => `<${tag} ${attribute}> with scheme ${scheme}:`);
}

function linkFindings(attribs: Record<string, string>, ownStylesheetHrefs: ReadonlySet<string>): string[] {
  const rels = (attribs.rel ?? "").toLowerCase().split(/\s+/);
  const href = attribs.href ?? "";
  if (rels.includes("import")) return ["<link rel=import>"];
  if (rels.includes("stylesheet") && !ownStylesheetHrefs.has(href) && urlScheme(href) !== null) {
    return [`<link rel=stylesheet> to ${href}`];
  }
  return [];
}

/** The scheme of a URL when it is not http, https or mailto; null for safe and relative URLs. */
export function unsafeScheme(url: string): string | null {
  const scheme = urlScheme(url);
  return scheme === null || SAFE_SCHEMES.has(scheme) ? null : scheme;
}

/** The scheme a browser would see: it ignores tabs and newlines anywhere and controls and spaces around. */
function urlScheme(url: string): string | null {
  const compact = url.replace(/[\u0000-\u0020\u007F]/g, "");
  if (compact.startsWith("//")) return "https";
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  return match?.[1]?.toLowerCase() ?? null;
}
