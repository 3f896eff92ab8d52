// Every file of the site, from one enumeration of its lists. A list (the front list, each source, each category)
// yields its pages and its three output feeds; then come the overviews, the status and not-found pages, the OPML,
// `_headers`, the assets and the search index. Each output names what it is made from, for its render key.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Config, FeedArchive, Item } from "../model.ts";
import { writeOpml } from "../config/opml.ts";
import { writeAtom } from "./feeds/atom.ts";
import { writeJsonFeed } from "./feeds/json-feed.ts";
import { outputFeed, type OutputFeed, type SourceFeed } from "./feeds/output-feed.ts";
import { writeRss } from "./feeds/rss.ts";
import { statusRow } from "./feed-health.ts";
import { byHealth, healthSummary } from "../archive/feed-state.ts";
import { pagerLinks, paginate } from "./pagination.ts";
import {
  categoriesPath,
  categoryPath,
  feedPaths,
  homePath,
  makeLinker,
  opmlPath,
  outputFile,
  pagedPath,
  searchIndexPath,
  searchPath,
  sourcePath,
  sourcesPath,
  statusPath,
  type Linker,
} from "./paths.ts";
import { foldRuns } from "./folding.ts";
import { postView, sourcePlace, titleLink } from "./post-view.ts";
import { postLists, type Category, type Post, type PostLists } from "./posts.ts";
import { SEARCH_SORT_KEY, searchPosts, type SearchPost } from "./search/records.ts";
import { SEARCH_SEGMENTS_SCRIPT } from "./search/segment-list.ts";
import { CONTENT_SECURITY_POLICY, headersFile } from "./security.ts";
import { siteState, type FeedStateViews, type SiteState } from "./site-state.ts";
import type {
  AlternateView,
  ChromeView,
  HeadView,
  LinkView,
  ListedPostView,
  ListPageView,
  PageView,
  PostView,
  SearchPageView,
  SourceHeaderView,
} from "./view-types.ts";

interface OutputBase {
  /** Inside the site folder; a folder ends in `/`. */
  path: string;
  /** What the output is made from: its render key is a digest of this (see reuse.ts). */
  source: unknown;
}

/** A page Eleventy renders from its view. */
export interface PageOutput extends OutputBase {
  kind: "page";
  view: PageView;
}

/** A file Blogroll writes itself; `make` runs only when the previous site has no copy made from the same source. */
export interface FileOutput extends OutputBase {
  kind: "file";
  make: () => string | Buffer;
}

/** The search index (a folder), built by Pagefind only when its posts changed. */
export interface SearchOutput extends OutputBase {
  kind: "search";
  posts: SearchPost[];
}

export type Output = PageOutput | FileOutput | SearchOutput;

export interface Catalogue {
  chrome: ChromeView;
  outputs: Output[];
  /** Archived posts the owner's filters hide from the whole site. */
  hiddenByFilters: number;
}

/** How many recent titles the overviews show per source or category, as Drupal's did. */
const OVERVIEW_TITLES = 3;
export const SEARCH_INDEX_PATH = searchIndexPath;
const PUBLIC_DIR = path.resolve(import.meta.dirname, "../../public");

export function countPosts(count: number): string {
  return `${count} ${count === 1 ? "post" : "posts"}`;
}

function countSources(count: number): string {
  return `${count} ${count === 1 ? "blog" : "blogs"}`;
}

/** A list of posts: its pages and its output feeds come from this one description. */
interface SiteList {
  path: string;
  heading: string;
  /** The first page's intro (with the archive count) and its source header. */
  paragraphs: string[];
  source: SourceHeaderView | null;
  /** The numbered pages' intro: the same less what moves with every post. */
  olderParagraphs: string[];
  posts: Post[];
  /** A run of more posts in a row than this from one feed folds on each page (see folding.ts); 0: never. */
  foldRunsOver: number;
  showSource: boolean;
  fullPosts: boolean;
  subscribe: LinkView | null;
  /** The list's own output feeds, announced in its pages' heads; null for the front list, whose are the site's. */
  feedLabel: string | null;
  feedTitle: string;
  feedDescription: string;
}

function feedAlternates(listPath: string, title: string, linker: Linker): AlternateView[] {
  const paths = feedPaths(listPath);
  return [
    { type: "application/rss+xml", title: `${title} (RSS)`, href: linker.href(paths.rss) },
    { type: "application/atom+xml", title: `${title} (Atom)`, href: linker.href(paths.atom) },
    { type: "application/feed+json", title: `${title} (JSON Feed)`, href: linker.href(paths.json) },
  ];
}

function chrome(config: Config, linker: Linker): ChromeView {
  const feeds = feedPaths(homePath);
  return {
    siteTitle: config.site.title,
    timezone: config.site.timezone,
    basePath: linker.basePath,
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    nav: [
      { text: "All posts", href: linker.href(homePath) },
      { text: "Sources", href: linker.href(sourcesPath) },
      { text: "Categories", href: linker.href(categoriesPath) },
      { text: "Status", href: linker.href(statusPath) },
    ],
    footer: [
      { text: "OPML", href: linker.href(opmlPath) },
      { text: "RSS", href: linker.href(feeds.rss) },
      { text: "Atom", href: linker.href(feeds.atom) },
      { text: "JSON Feed", href: linker.href(feeds.json) },
    ],
    siteFeeds: feedAlternates(homePath, config.site.title, linker),
    blogroll: linker.href(opmlPath),
    searchPage: linker.href(searchPath),
    assets: { style: linker.href("style.css"), icon: linker.href("favicon.svg"), stamps: linker.href("stamps.js") },
  };
}

/** The category's own RSS feed, as its page ends and the categories overview lists it (the seed's words). */
function categorySubscribe(category: Category, linker: Linker): LinkView {
  return { text: `Subscribe to aggregator - ${category.name}`, href: linker.href(feedPaths(categoryPath(category.slug)).rss) };
}

/** A post's view, made once per build: a post stands on up to four lists, and its date text is the costly part. */
function postViews(config: Config, now: Date, linker: Linker): (post: Post, showSource: boolean) => PostView {
  const withSource = new Map<Post, PostView>();
  const withoutSource = new Map<Post, PostView>();
  return (post, showSource) => {
    const cache = showSource ? withSource : withoutSource;
    let view = cache.get(post);
    if (view === undefined) {
      view = postView(post, { showSource, now, site: config.site, linker });
      cache.set(post, view);
    }
    return view;
  };
}

/**
 * The list's pages (see pagination.ts). Only the first page shows what moves without its posts moving (the archive
 * count, the source's header with its `Updated X ago`): a numbered page shows its posts and the texts that never
 * move, so a full one is never written again.
 */
function listPages(
  list: SiteList,
  perPage: number,
  siteFeeds: AlternateView[],
  linker: Linker,
  viewOf: (post: Post, showSource: boolean) => PostView,
  bySource: ReadonlyMap<string, readonly Post[]>,
): ListPageView[] {
  const listed = (posts: readonly Post[]): ListedPostView[] =>
    foldRuns(posts, (post) => post.source.slug, list.foldRunsOver).map(({ post, folded }) => ({
      ...viewOf(post, list.showSource),
      more: folded[0] === undefined ? null : { text: `and ${folded.length} more from ${post.source.name}`, href: linker.href(sourcePlace(folded[0], bySource, perPage)) },
    }));
  const alternates = list.feedLabel === null ? siteFeeds : [...feedAlternates(list.path, list.feedLabel, linker), ...siteFeeds];
  return paginate(list.posts, perPage).map(({ number, posts, range }) => {
    const pager = pagerLinks(list.path, number, list.posts.length, perPage);
    const rel = (which: "prev" | "next") => {
      const target = pager.find((link) => link.rel === which)?.path;
      return target === undefined || target === null ? null : linker.href(target);
    };
    return {
      kind: "list",
      outputPath: outputFile(pagedPath(list.path, number)),
      heading: list.heading,
      head: {
        title: range === null ? list.heading : `${list.heading} — posts ${range.from}–${range.to}`,
        alternates,
        prev: rel("prev"),
        next: rel("next"),
        stylesheets: [],
        scripts: [],
      },
      paragraphs: number === 0 ? list.paragraphs : list.olderParagraphs,
      source: number === 0 ? list.source : null,
      posts: listed(posts),
      fullPosts: list.fullPosts,
      pager: pager.map((link) => ({
        label: link.label,
        href: link.path === null ? null : linker.href(link.path),
        rel: link.rel,
        current: link.current,
      })),
      subscribe: list.subscribe,
    };
  });
}

/** The list's RSS, Atom and JSON Feed, each made only when its items changed. */
function feedFiles(list: SiteList, linker: Linker, sourceOf: (slug: string) => SourceFeed): FileOutput[] {
  const paths = feedPaths(list.path);
  const feed: OutputFeed = outputFeed({
    title: list.feedTitle,
    description: list.feedDescription,
    homeUrl: linker.absolute(list.path),
    rssUrl: linker.absolute(paths.rss),
    atomUrl: linker.absolute(paths.atom),
    jsonUrl: linker.absolute(paths.json),
    posts: list.posts,
    sourceOf,
  });
  return [
    { kind: "file", path: paths.rss, source: { rss: feed }, make: () => writeRss(feed) },
    { kind: "file", path: paths.atom, source: { atom: feed }, make: () => writeAtom(feed) },
    { kind: "file", path: paths.json, source: { json: feed }, make: () => writeJsonFeed(feed) },
  ];
}

/** public/ as it is (stylesheet, scripts, icon), less the type declarations only the build reads. */
function assetFiles(): FileOutput[] {
  return readdirSync(PUBLIC_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith(".d.ts"))
    .map((entry) => path.relative(PUBLIC_DIR, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort()
    // The program's fingerprint covers public/, so the path alone keys the copy.
    .map((file) => ({ kind: "file", path: file, source: { asset: file }, make: () => readFileSync(path.join(PUBLIC_DIR, file)) }));
}

function pageOutput(view: PageView): PageOutput {
  return { kind: "page", path: view.outputPath, source: view, view };
}

/** The head of a page that is not part of a list: its heading as title, the site's feeds. */
function singleHead(title: string, siteFeeds: AlternateView[]): HeadView {
  return { title, alternates: siteFeeds, prev: null, next: null, stylesheets: [], scripts: [] };
}

/**
 * The search page: Pagefind's Component UI (its input, the index's filters, results newest first) and our search.js,
 * which keeps the address in step with the search. Only this page loads them; every other page has a plain form that
 * leads here.
 */
function searchPage(siteFeeds: AlternateView[], linker: Linker): SearchPageView {
  const heading = "Search posts";
  const bundle = (file: string) => linker.href(`${SEARCH_INDEX_PATH}${file}`);
  return {
    kind: "search",
    outputPath: outputFile(searchPath),
    heading,
    head: {
      ...singleHead(heading, siteFeeds),
      stylesheets: [bundle("pagefind-component-ui.css")],
      scripts: [bundle("pagefind-component-ui.js"), bundle(SEARCH_SEGMENTS_SCRIPT), linker.href("search.js")],
    },
    bundlePath: linker.href(SEARCH_INDEX_PATH),
    sort: `${SEARCH_SORT_KEY}:desc`,
  };
}

/**
 * `archiveNotes` are what /status/ says of feeds whose archive files had to be recovered from their previous
 * generation, or could not be read at all, by feed slug.
 */
export function siteCatalogue(config: Config, archives: ReadonlyMap<string, FeedArchive>, now: Date, archiveNotes: ReadonlyMap<string, readonly string[]> = new Map()): Catalogue {
  const states = new Map([...archives].map(([slug, { state }]) => [slug, state]));
  const items = new Map([...archives].map(([slug, archive]) => [slug, archive.items]));
  return catalogueOf(config, siteState(config, states, archiveNotes, now), items, now);
}

/** The catalogue from the feeds' items and what the site shows of their states (the only way it reads a state). */
function catalogueOf(config: Config, state: SiteState, items: ReadonlyMap<string, readonly Item[]>, now: Date): Catalogue {
  const linker = makeLinker(config.site.baseUrl);
  const site = config.site;
  const siteChrome = chrome(config, linker);
  const lists = postLists(config, items);
  const viewOf = postViews(config, now, linker);
  const feedState = (slug: string): FeedStateViews => {
    const views = state.feeds[slug];
    if (views === undefined) throw new Error(`The site's state has no views of the feed ${slug}.`);
    return views;
  };
  const sourceFeedUrl = (slug: string): string => state.feeds[slug]?.subscribeUrl ?? linker.absolute(feedPaths(sourcePath(slug)).rss);
  const sourceOf = (slug: string): SourceFeed => state.feeds[slug]?.source ?? { subscribeUrl: sourceFeedUrl(slug), originalUrl: null, siteUrl: null };

  // A feed we polled and never read, with no posts, is the owner's business alone: it is on /status/, with no page.
  const hasPage = (slug: string): boolean => !feedState(slug).neverWorked || (lists.bySource.get(slug)?.length ?? 0) > 0;
  const siteLists: SiteList[] = [
    {
      path: homePath,
      heading: site.title,
      paragraphs: [`${site.intro} There are currently ${countPosts(lists.all.length)} in the archive, from ${countSources(config.feeds.length)}.`, site.disclaimer],
      source: null,
      olderParagraphs: [site.intro, site.disclaimer],
      posts: lists.all,
      // Ours, not the seed's: one busy feed cannot fill the front list. Source and category pages list every post.
      foldRunsOver: site.foldRunsOver,
      showSource: true,
      // Ours, not the seed's: every post is whole on its source's pages; the front list carries summaries.
      fullPosts: false,
      subscribe: null,
      feedLabel: null,
      feedTitle: site.title,
      feedDescription: `Every post on ${site.title}`,
    },
    ...config.feeds.filter((feed) => hasPage(feed.slug)).map((feed): SiteList => {
      const posts = lists.bySource.get(feed.slug) ?? [];
      return {
        path: sourcePath(feed.slug),
        heading: `Blogroll: ${feed.name}`,
        paragraphs: [`${site.intro} There are currently ${countPosts(posts.length)} from the blog '${feed.name}.'`, site.disclaimer],
        source: feedState(feed.slug).header,
        olderParagraphs: [site.intro, site.disclaimer],
        posts,
        foldRunsOver: 0,
        showSource: false,
        fullPosts: true,
        subscribe: null,
        feedLabel: feed.name,
        feedTitle: `${site.title} - ${feed.name}`,
        feedDescription: `Posts from ${feed.name} on ${site.title}`,
      };
    }),
    ...lists.byCategory.map(({ category, posts }): SiteList => ({
      path: categoryPath(category.slug),
      heading: `Blogroll Category: ${category.name}`,
      paragraphs: [`${site.intro} There are currently ${countPosts(posts.length)} from the category '${category.name}.'`, site.disclaimer],
      source: null,
      olderParagraphs: [site.intro, site.disclaimer],
      posts,
      foldRunsOver: 0,
      showSource: true,
      fullPosts: true,
      subscribe: categorySubscribe(category, linker),
      feedLabel: category.name,
      feedTitle: `${site.title} - ${category.name}`,
      feedDescription: `Posts in the category ${category.name} on ${site.title}`,
    })),
  ];

  const outputs: Output[] = [];
  for (const list of siteLists) {
    outputs.push(...listPages(list, site.itemsPerPage, siteChrome.siteFeeds, linker, viewOf, lists.bySource).map(pageOutput));
    outputs.push(...feedFiles(list, linker, sourceOf));
  }

  const sources = config.feeds.map((feed) => ({ feed, views: feedState(feed.slug), posts: lists.bySource.get(feed.slug) ?? [] }));
  const hiddenByFilters = [...lists.hiddenByFilters.values()].reduce((sum, hidden) => sum + hidden, 0);
  const newestFirst = [...sources].sort((a, b) => {
    const newestA = a.posts[0] === undefined ? -Infinity : Date.parse(a.posts[0].item.published);
    const newestB = b.posts[0] === undefined ? -Infinity : Date.parse(b.posts[0].item.published);
    if (newestA !== newestB) return newestB - newestA;
    return a.feed.slug < b.feed.slug ? -1 : 1;
  });
  const heading = (text: string) => ({ heading: text, head: singleHead(text, siteChrome.siteFeeds) });
  outputs.push(
    pageOutput({
      kind: "sources",
      outputPath: outputFile(sourcesPath),
      ...heading("Sources"),
      sources: newestFirst.filter(({ feed }) => hasPage(feed.slug)).map(({ feed, views, posts }) => ({
        name: feed.name,
        href: linker.href(sourcePath(feed.slug)),
        countText: countPosts(posts.length),
        updated: views.overview.updated,
        unreachable: views.overview.unreachable,
        latest: posts.slice(0, OVERVIEW_TITLES).map(titleLink),
      })),
      opml: { text: "OPML", href: linker.href(opmlPath) },
    }),
    pageOutput({
      kind: "categories",
      outputPath: outputFile(categoriesPath),
      ...heading("Categories"),
      categories: lists.byCategory.map(({ category, posts }) => ({
        name: category.name,
        href: linker.href(categoryPath(category.slug)),
        countText: countPosts(posts.length),
        latest: posts.slice(0, OVERVIEW_TITLES).map(titleLink),
        feed: categorySubscribe(category, linker),
      })),
    }),
    pageOutput({
      kind: "status",
      outputPath: outputFile(statusPath),
      ...heading("Feed status"),
      summary: healthSummary(sources.map(({ views }) => views.status.healthKind), hiddenByFilters),
      rows: byHealth(sources, ({ views }) => views.status.healthKind).map(({ feed, views }) =>
        statusRow(views.status, items.get(feed.slug) ?? [], state.archiveNotes[feed.slug] ?? [], state.week, hasPage(feed.slug), lists.hiddenByFilters.get(feed.slug)),
      ),
    }),
    pageOutput({ kind: "not-found", outputPath: "404.html", ...heading("Page not found"), home: { text: "All posts", href: linker.href(homePath) } }),
    pageOutput(searchPage(siteChrome.siteFeeds, linker)),
  );

  const opml = state.opml;
  const headers = headersFile();
  outputs.push(
    { kind: "file", path: opmlPath, source: { opml }, make: () => writeOpml(opml) },
    { kind: "file", path: "_headers", source: { headers }, make: () => headers },
    ...assetFiles(),
  );
  outputs.push(searchOutput(lists, linker, site.itemsPerPage, viewOf));
  return { chrome: siteChrome, outputs, hiddenByFilters };
}

/** The search index, from every post as its pages show it. */
function searchOutput(lists: PostLists, linker: Linker, perPage: number, viewOf: (post: Post, showSource: boolean) => PostView): SearchOutput {
  const searchable = searchPosts(lists.all, lists.bySource, linker, perPage, (post) => viewOf(post, true));
  return { kind: "search", path: SEARCH_INDEX_PATH, source: { search: searchable }, posts: searchable };
}
