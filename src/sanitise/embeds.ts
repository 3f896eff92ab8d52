// What a dropped embed showed, as a plain link: an `<iframe>` never reaches a reader (DROPPED_WITH_CONTENTS), but a
// post that embeds a video should still lead to it.
import { decodeHTMLAttribute } from "entities";

/** Embed players of the usual video hosts, and the watch page of the video each shows (a playlist's player is linked as is). */
const VIDEO_EMBEDS: readonly { host: RegExp; path: RegExp; watch: (id: string) => string; site: string }[] = [
  { host: /^(www\.)?youtube(-nocookie)?\.com$/, path: /^\/embed\/(?!videoseries)([\w-]{6,})$/, watch: (id) => `https://www.youtube.com/watch?v=${id}`, site: "YouTube" },
  { host: /^player\.vimeo\.com$/, path: /^\/video\/(\d+)$/, watch: (id) => `https://vimeo.com/${id}`, site: "Vimeo" },
];

const IFRAME_TAG = /<iframe\b([^>]*)>/gi;
const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;

const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function attributes(source: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = (match[1] ?? "").toLowerCase();
    if (!found.has(name)) found.set(name, decodeHTMLAttribute(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return found;
}

/** The link an iframe leaves: to the video's watch page for YouTube and Vimeo players, else to what it framed. */
function linkFor(tagAttributes: string): string {
  const attrs = attributes(tagAttributes);
  const src = attrs.get("src")?.trim() ?? "";
  // Protocol-relative embeds (`//player.vimeo.com/…`) are the usual way to write them; the sanitiser resolves the rest.
  const url = URL.parse(src.startsWith("//") ? `https:${src}` : src);
  const title = (attrs.get("title") ?? "").replace(/\s+/g, " ").trim();
  for (const embed of VIDEO_EMBEDS) {
    const id = url !== null && embed.host.test(url.hostname) ? embed.path.exec(url.pathname)?.[1] : undefined;
    if (id !== undefined) return `<a href="${escapeHtml(embed.watch(id))}">${escapeHtml(title || "Video")} (on ${embed.site})</a>`;
  }
  if (src === "" || (url !== null && url.protocol !== "https:" && url.protocol !== "http:")) return "";
  const what = title || (url !== null && url.hostname !== "" ? `Embedded content from ${url.hostname}` : "Embedded content");
  // A relative or unusable src is the sanitiser's to resolve or refuse, as for any other link.
  return `<a href="${escapeHtml(src)}">${escapeHtml(what)}</a>`;
}

/**
 * The HTML with a link put before each `<iframe>`, for the sanitiser to clean like any other (a scan of the raw
 * markup: an iframe named inside a comment or an attribute only gains a link the sanitiser removes or keeps as text).
 */
export function withLinksForEmbeds(html: string): string {
  if (!/<iframe/i.test(html)) return html;
  return html.replace(IFRAME_TAG, (tag, tagAttributes: string) => linkFor(tagAttributes) + tag);
}
