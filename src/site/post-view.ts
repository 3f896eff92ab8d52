// One post as an h-entry: title, source line, date stamp, body and category links.
import { createHash } from "node:crypto";
import type { Enclosure, SiteConfig } from "../model.ts";
import { slugify } from "../config/slug.ts";
import { pageOfPost } from "./pagination.ts";
import { categoryPath, pagedPath, sourcePath, type Linker } from "./paths.ts";
import type { Post } from "./posts.ts";
import { absoluteHttpUrl } from "../sanitise/urls.ts";
import { dateStamp } from "./live-parts.ts";
import type { EnclosureView, PostView, TitleLinkView } from "./view-types.ts";

/** Stable across builds and unique across sources, for `#post-…` links from search results. */
export function postAnchor(post: Post): string {
  return `post-${createHash("sha1").update(`${post.source.slug}\n${post.item.id}`).digest("hex").slice(0, 12)}`;
}

/**
 * Where a post stands for good on its source's pages, at its anchor: the numbered page where the list has them (it
 * moves only when older posts are dropped), else the source's one page.
 */
export function sourcePlace(post: Post, bySource: ReadonlyMap<string, readonly Post[]>, perPage: number): string {
  const posts = bySource.get(post.source.slug) ?? [];
  const position = posts.findIndex((standing) => standing.item.id === post.item.id);
  return `${pagedPath(sourcePath(post.source.slug), pageOfPost(Math.max(0, position), posts.length, perPage))}#${postAnchor(post)}`;
}

export function postView(post: Post, options: { showSource: boolean; now: Date; site: SiteConfig; linker: Linker }): PostView {
  const { linker } = options;
  const anchor = postAnchor(post);
  return {
    anchor,
    title: post.item.title,
    link: absoluteHttpUrl(post.item.link),
    source: options.showSource ? { text: post.source.name, href: linker.href(sourcePath(post.source.slug)) } : null,
    author: shownAuthor(post),
    published: dateStamp(post.item.published, options.now, options.site),
    contentHtml: post.item.contentHtml,
    summary: post.item.summary,
    enclosures: post.item.enclosures.flatMap((enclosure) => enclosureView(enclosure, options.site.baseUrl) ?? []),
    categories: post.categories.map((name) => ({ text: name, href: linker.href(categoryPath(slugify(name))) })),
  };
}

/** The last path segment of a URL, decoded for reading, or the URL itself when it has none. */
function fileName(url: URL): string {
  const segment = url.pathname.split("/").pop() ?? "";
  try {
    return decodeURIComponent(segment) || url.href;
  } catch {
    return segment || url.href;
  }
}

/** `12.3 MB`, `512 KB`, `900 bytes`: decimal units, as players and podcast apps show them. */
function fileSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} byte${bytes === 1 ? "" : "s"}`;
}

/**
 * What the Content-Security-Policy's media-src (src/site/security.ts) lets a page play: https, or the site's own
 * origin. Anything else is only linked, so a player never shows that the browser would refuse to load.
 */
function playable(url: URL, baseUrl: string): boolean {
  return url.protocol === "https:" || url.origin === new URL(baseUrl).origin;
}

/** An enclosure in words, as its page captions it: `ep2.mp3 (audio/mpeg, 12.3 MB)`. */
export function enclosureCaption(enclosure: Enclosure): string {
  const url = URL.parse(enclosure.url);
  if (url === null) return enclosure.url;
  const { name, details } = enclosureNaming(url, enclosure);
  return details === null ? name : `${name} (${details})`;
}

function enclosureNaming(url: URL, enclosure: Enclosure): { name: string; details: string | null } {
  const details = [enclosure.type, enclosure.length ? fileSize(enclosure.length) : null].filter((part) => part !== null);
  return { name: fileName(url), details: details.length === 0 ? null : details.join(", ") };
}

function enclosureView(enclosure: Enclosure, baseUrl: string): EnclosureView | null {
  const href = absoluteHttpUrl(enclosure.url);
  const url = href === null ? null : URL.parse(href);
  if (href === null || url === null) return null;
  const kind = /^(audio|video)\//.exec(enclosure.type ?? "")?.[1];
  return { player: (kind === "audio" || kind === "video") && playable(url, baseUrl) ? kind : null, href, ...enclosureNaming(url, enclosure) };
}

/** A feed that names itself as each post's author ("heise online" by "heise online") says nothing new. */
function shownAuthor(post: Post): string | null {
  const { author } = post.item;
  return author === null || author.toLowerCase() === post.source.name.toLowerCase() ? null : author;
}

export function titleLink(post: Post): TitleLinkView {
  return { title: post.item.title, link: absoluteHttpUrl(post.item.link) };
}
