// Splitting a list into pages and the pager under it, like Drupal's: « first ‹ previous … 3 4 5 … next › last ».
import { pagedPath } from "./paths.ts";

/** At least one page, so an empty list still has its page. */
export function paginate<T>(list: T[], perPage: number): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < list.length; start += perPage) pages.push(list.slice(start, start + perPage));
  return pages.length === 0 ? [[]] : pages;
}

export interface PagerLink {
  label: string;
  /** Site path; null for the current page and for the ellipses. */
  path: string | null;
  rel: "prev" | "next" | null;
  current: boolean;
}

/** Page numbers shown around the current one, as Drupal's pager does. */
const PAGER_QUANTITY = 9;

/** The pager's links; none when everything fits on one page. */
export function pagerLinks(listPath: string, page: number, pageCount: number): PagerLink[] {
  if (pageCount <= 1) return [];
  const link = (label: string, target: number, rel: PagerLink["rel"] = null): PagerLink => ({
    label,
    path: pagedPath(listPath, target),
    rel,
    current: false,
  });
  const first = Math.max(1, Math.min(page - Math.floor(PAGER_QUANTITY / 2), pageCount - PAGER_QUANTITY + 1));
  const last = Math.min(pageCount, first + PAGER_QUANTITY - 1);
  const ellipsis: PagerLink = { label: "…", path: null, rel: null, current: false };
  const links: PagerLink[] = [];
  if (page > 1) links.push(link("« first", 1), link("‹ previous", page - 1, "prev"));
  if (first > 1) links.push(ellipsis);
  for (let number = first; number <= last; number++) {
    links.push(number === page ? { label: String(number), path: null, rel: null, current: true } : link(String(number), number));
  }
  if (last < pageCount) links.push(ellipsis);
  if (page < pageCount) links.push(link("next ›", page + 1, "next"), link("last »", pageCount));
  return links;
}
