// Splitting a list into pages that stay put. The first page shows the newest posts, as the seed's did; the older
// pages are numbered from the oldest post, so that a full page shows the same posts for ever (its address is a
// permalink) and a new post at the top changes only the first page and the newest numbered one.
import { pagedPath } from "./paths.ts";

export interface ListPage<T> {
  /** 0 for the first page (the newest posts); else the page's number, counted from the oldest post. */
  number: number;
  /** Newest first. */
  posts: T[];
  /** Where the page's posts stand, counted from the oldest post (1-based, inclusive); null on the first page. */
  range: { from: number; to: number } | null;
}

/** The numbered page a post stands on, by its place in the list (0: the newest); 0 when the list has no numbered pages. */
export function pageOfPost(position: number, count: number, perPage: number): number {
  if (count <= perPage) return 0;
  return Math.floor((count - 1 - position) / perPage) + 1;
}

/**
 * The first page, then the numbered pages from the oldest (page 1) to the newest, which may be partly full and may
 * repeat posts of the first page. A list that fits on one page has no numbered pages.
 */
export function paginate<T>(newestFirst: readonly T[], perPage: number): ListPage<T>[] {
  const count = newestFirst.length;
  const pages: ListPage<T>[] = [{ number: 0, posts: newestFirst.slice(0, perPage), range: null }];
  if (count <= perPage) return pages;
  for (let number = 1; (number - 1) * perPage < count; number++) {
    const from = (number - 1) * perPage + 1;
    const to = Math.min(number * perPage, count);
    pages.push({ number, posts: newestFirst.slice(count - to, count - from + 1), range: { from, to } });
  }
  return pages;
}

export interface PagerLink {
  label: string;
  /** Site path; null for the current page. */
  path: string | null;
  rel: "prev" | "next" | null;
  current: boolean;
}

/** Where "older" leads from a page: the numbered page holding the post just below the page's oldest one. */
function olderPage(number: number, count: number, perPage: number): number | null {
  if (number === 0) return count > perPage ? pageOfPost(perPage, count, perPage) : null;
  return number > 1 ? number - 1 : null;
}

/**
 * The pager of page `number` (see paginate): newer and older, the latest and the oldest, and where the reader is, as
 * the range of posts counted from the oldest, so that no label moves with every new post. None on a lone page.
 */
export function pagerLinks(listPath: string, number: number, count: number, perPage: number): PagerLink[] {
  if (count <= perPage) return [];
  const newest = Math.ceil(count / perPage);
  const link = (label: string, target: number, rel: PagerLink["rel"] = null): PagerLink => ({ label, path: pagedPath(listPath, target), rel, current: false });
  const links: PagerLink[] = [];
  if (number > 0) {
    const newer = number < newest ? number + 1 : 0;
    if (newer !== 0) links.push(link("« Latest posts", 0));
    links.push(link("‹ Newer posts", newer, "prev"));
  }
  links.push({ label: currentLabel(number, count, perPage), path: null, rel: null, current: true });
  const older = olderPage(number, count, perPage);
  if (older !== null) {
    links.push(link("Older posts ›", older, "next"));
    if (older !== 1) links.push(link("Oldest posts »", 1));
  }
  return links;
}

function currentLabel(number: number, count: number, perPage: number): string {
  if (number === 0) return "Latest posts";
  return `Posts ${(number - 1) * perPage + 1}–${Math.min(number * perPage, count)}`;
}
