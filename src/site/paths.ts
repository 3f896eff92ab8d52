// Where every page and file of the site lives. Paths here are relative to the site root (no leading `/`); links add
// the path of site.baseUrl so a site served from a sub-path (https://x.github.io/repo/) still works.

/** `sources/cloudflare/` for the first page (0, the newest posts), `sources/cloudflare/page/1/` for the oldest posts. */
export function pagedPath(listPath: string, page: number): string {
  return page === 0 ? listPath : `${listPath}page/${page}/`;
}

export const homePath = "";
export const sourcesPath = "sources/";
export const categoriesPath = "categories/";
export const statusPath = "status/";
export const searchPath = "search/";
/** The search index: the search page's Pagefind files and the segments (see search/segments.ts). */
export const searchIndexPath = "pagefind/";
export const opmlPath = "opml.xml";

export function sourcePath(slug: string): string {
  return `${sourcesPath}${slug}/`;
}

export function categoryPath(slug: string): string {
  return `${categoriesPath}${slug}/`;
}

/** The three output feeds that sit beside a list: RSS 2.0, Atom 1.0, JSON Feed 1.1. */
export interface FeedPaths {
  rss: string;
  atom: string;
  json: string;
}

export function feedPaths(listPath: string): FeedPaths {
  return { rss: `${listPath}rss.xml`, atom: `${listPath}atom.xml`, json: `${listPath}feed.json` };
}

/** The file a page path is written to. */
export function outputFile(pagePath: string): string {
  return pagePath === "" || pagePath.endsWith("/") ? `${pagePath}index.html` : pagePath;
}

/** Turns site paths into links: `href` for pages (root-relative with the base path), `absolute` for feeds. */
export interface Linker {
  basePath: string;
  href(path: string): string;
  absolute(path: string): string;
}

export function makeLinker(baseUrl: string): Linker {
  const base = new URL(baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  return {
    basePath: base.pathname,
    href: (path) => `${base.pathname}${path}`,
    absolute: (path) => new URL(path, base).href,
  };
}
