// One post as an h-entry: title, source line, date stamp, body and category links.
import { createHash } from "node:crypto";
import type { SiteConfig } from "../model.ts";
import { slugify } from "../config/slug.ts";
import { categoryPath, sourcePath, type Linker } from "./paths.ts";
import type { Post } from "./posts.ts";
import { absoluteHttpUrl } from "../sanitise/urls.ts";
import { dateStamp } from "./live-parts.ts";
import type { PostView, TitleLinkView } from "./view-types.ts";

/** Stable across builds and unique across sources, for `#post-…` links from search results. */
export function postAnchor(post: Post): string {
  return `post-${createHash("sha1").update(`${post.source.slug}\n${post.item.id}`).digest("hex").slice(0, 12)}`;
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
    categories: post.categories.map((name) => ({ text: name, href: linker.href(categoryPath(slugify(name))) })),
  };
}

/** A feed that names itself as each post's author ("heise online" by "heise online") says nothing new. */
function shownAuthor(post: Post): string | null {
  const { author } = post.item;
  return author === null || author.toLowerCase() === post.source.name.toLowerCase() ? null : author;
}

export function titleLink(post: Post): TitleLinkView {
  return { title: post.item.title, link: absoluteHttpUrl(post.item.link) };
}
