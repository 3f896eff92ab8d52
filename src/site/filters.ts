// Which archived posts the site shows: the owner's `include` and `exclude` filters, site-wide and per feed, applied
// when the site is made, never when posts are archived, so changing a filter never loses a post.
import type { FeedConfig, FilterTerm, Item, PostFilter, SiteConfig } from "../model.ts";
import { htmlToText } from "../sanitise/html-to-text.ts";

/** A word's edges: no letter, digit or underscore beside it. */
const EDGE_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const EDGE_AFTER = String.raw`(?![\p{L}\p{N}_])`;

function escapeForPattern(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/** A term as a RegExp: words whole and in any case (`open source` across any spacing), or the owner's pattern. */
function termPattern(term: FilterTerm): RegExp {
  if (term.kind === "pattern") return new RegExp(term.source, `${term.flags}u`);
  const words = term.text.split(" ").map(escapeForPattern).join(String.raw`\s+`);
  return new RegExp(`${EDGE_BEFORE}${words}${EDGE_AFTER}`, "iu");
}

/** Decides, for each post of one feed, whether the site shows it. */
export type PostKeeper = (item: Item) => boolean;

/**
 * The rule for a feed's posts: a post is shown when it matches no `exclude` term (the site's or the feed's) and, for
 * each of the site and the feed that has `include` terms, at least one of them. So each level can only narrow: a
 * feed's `include` keeps fewer of what the site's keeps. Null when no term applies (every post is shown).
 */
export function postKeeper(site: SiteConfig, feed: FeedConfig): PostKeeper | null {
  const levels: PostFilter[] = [site.filter, feed.filter];
  const exclude = levels.flatMap((level) => level.exclude).map(termPattern);
  const includes = levels.filter((level) => level.include.length > 0).map((level) => level.include.map(termPattern));
  if (exclude.length === 0 && includes.length === 0) return null;
  return (item) => {
    // What a term is matched against: the title, the feed's own categories for the post, its summary and whole text.
    const fields = [item.title, ...item.tags, item.summary, htmlToText(item.contentHtml)];
    const matches = (pattern: RegExp) => fields.some((field) => pattern.test(field));
    return !exclude.some(matches) && includes.every((terms) => terms.some(matches));
  };
}
