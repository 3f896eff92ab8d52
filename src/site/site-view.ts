// Every page of the site as data: the whole of what the templates show, decided here and tested without Eleventy.
import type { Config, FeedArchive } from "../model.ts";
import { isFailing, sourceHeader, statusRow } from "./feed-health.ts";
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
  sourcePath,
  sourcesPath,
  statusPath,
  type Linker,
} from "./paths.ts";
import { postView, titleLink } from "./post-view.ts";
import type { Post, PostLists } from "./posts.ts";
import { CONTENT_SECURITY_POLICY } from "./security.ts";
import { agoStamp } from "./stamps.ts";
import type {
  AlternateView,
  ChromeView,
  HeadView,
  LinkView,
  ListPageView,
  PageView,
  PostView,
  SiteView,
  SourceHeaderView,
} from "./view-types.ts";

/** How many recent titles the overviews show per source or category, as Drupal's did. */
const OVERVIEW_TITLES = 3;

export function countPosts(count: number): string {
  return `${count} ${count === 1 ? "post" : "posts"}`;
}

function feedAlternates(listPath: string, title: string, linker: Linker): AlternateView[] {
  const paths = feedPaths(listPath);
  return [
    { type: "application/rss+xml", title: `${title} (RSS)`, href: linker.href(paths.rss) },
    { type: "application/atom+xml", title: `${title} (Atom)`, href: linker.href(paths.atom) },
    { type: "application/feed+json", title: `${title} (JSON Feed)`, href: linker.href(paths.json) },
  ];
}

interface ListSpec {
  listPath: string;
  heading: string;
  paragraphs: string[];
  source: SourceHeaderView | null;
  posts: Post[];
  showSource: boolean;
  searchable: boolean;
  subscribe: LinkView | null;
  alternates: AlternateView[];
}

interface BuildContext {
  config: Config;
  linker: Linker;
  /** A post's view, made once per build: a post stands on several lists, and its date text is the costly part. */
  viewOf: (post: Post, showSource: boolean) => PostView;
}

function postViewCache(config: Config, now: Date, linker: Linker): BuildContext["viewOf"] {
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

function listPages(spec: ListSpec, context: BuildContext): ListPageView[] {
  const { config, linker } = context;
  const chunks = paginate(spec.posts, config.site.itemsPerPage);
  return chunks.map((chunk, index) => {
    const page = index + 1;
    const path = pagedPath(spec.listPath, page);
    return {
      kind: "list",
      outputPath: outputFile(path),
      heading: spec.heading,
      head: {
        title: page === 1 ? spec.heading : `${spec.heading} — page ${page}`,
        alternates: spec.alternates,
        prev: page > 1 ? linker.href(pagedPath(spec.listPath, page - 1)) : null,
        next: page < chunks.length ? linker.href(pagedPath(spec.listPath, page + 1)) : null,
      },
      paragraphs: spec.paragraphs,
      source: spec.source,
      posts: chunk.map((post) => context.viewOf(post, spec.showSource)),
      searchable: spec.searchable,
      pager: pagerLinks(spec.listPath, page, chunks.length).map((link) => ({
        label: link.label,
        href: link.path === null ? null : linker.href(link.path),
        rel: link.rel,
        current: link.current,
      })),
      subscribe: spec.subscribe,
    };
  });
}

function chrome(config: Config, linker: Linker): ChromeView {
  const siteFeeds = feedAlternates(homePath, config.site.title, linker);
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
    siteFeeds,
    assets: {
      style: linker.href("style.css"),
      icon: linker.href("favicon.svg"),
      stamps: linker.href("stamps.js"),
      search: linker.href("search.js"),
      pagefindCss: linker.href("pagefind/pagefind-ui.css"),
      pagefindJs: linker.href("pagefind/pagefind-ui.js"),
    },
  };
}

function singleHead(title: string, siteFeeds: AlternateView[]): HeadView {
  return { title, alternates: siteFeeds, prev: null, next: null };
}

export function buildSiteView(config: Config, archives: Map<string, FeedArchive>, lists: PostLists, now: Date): SiteView {
  const linker = makeLinker(config.site.baseUrl);
  const context: BuildContext = { config, linker, viewOf: postViewCache(config, now, linker) };
  const site = config.site;
  const siteChrome = chrome(config, linker);
  const posts = lists.all;
  const pages: PageView[] = [];

  pages.push(
    ...listPages(
      {
        listPath: homePath,
        heading: site.title,
        paragraphs: [site.intro, site.disclaimer],
        source: null,
        posts,
        showSource: true,
        searchable: false,
        subscribe: null,
        alternates: siteChrome.siteFeeds,
      },
      context,
    ),
  );

  const sources = config.feeds.map((feed) => {
    const archive = archives.get(feed.slug);
    return { feed, archive, posts: lists.bySource.get(feed.slug) ?? [] };
  });
  for (const { feed, archive, posts: own } of sources) {
    pages.push(
      ...listPages(
        {
          listPath: sourcePath(feed.slug),
          heading: `Blogroll: ${feed.name}`,
          paragraphs: [
            `${site.intro} There are currently ${countPosts(own.length)} from the blog '${feed.name}.'`,
            site.disclaimer,
          ],
          source: sourceHeader(feed, archive?.state, now, site, linker),
          posts: own,
          showSource: false,
          searchable: true,
          subscribe: null,
          alternates: [...feedAlternates(sourcePath(feed.slug), feed.name, linker), ...siteChrome.siteFeeds],
        },
        context,
      ),
    );
  }

  const newestFirst = [...sources].sort((a, b) => {
    const newestA = a.posts[0] === undefined ? -Infinity : Date.parse(a.posts[0].item.published);
    const newestB = b.posts[0] === undefined ? -Infinity : Date.parse(b.posts[0].item.published);
    if (newestA !== newestB) return newestB - newestA;
    return a.feed.slug < b.feed.slug ? -1 : 1;
  });
  pages.push({
    kind: "sources",
    outputPath: outputFile(sourcesPath),
    heading: "Sources",
    head: singleHead("Sources", siteChrome.siteFeeds),
    sources: newestFirst.map(({ feed, archive, posts: own }) => ({
      name: feed.name,
      href: linker.href(sourcePath(feed.slug)),
      countText: countPosts(own.length),
      updated: agoStamp(`updated-${feed.slug}`, archive?.state.lastChecked ?? null, now),
      failing: isFailing(archive?.state),
      latest: own.slice(0, OVERVIEW_TITLES).map(titleLink),
    })),
    opml: { text: "OPML", href: linker.href(opmlPath) },
  });

  const categories = lists.byCategory;
  for (const { category, posts: inCategory } of categories) {
    const listPath = categoryPath(category.slug);
    pages.push(
      ...listPages(
        {
          listPath,
          heading: `Blogroll Category: ${category.name}`,
          paragraphs: [
            `${site.intro} There are currently ${countPosts(inCategory.length)} from the category '${category.name}.'`,
            site.disclaimer,
          ],
          source: null,
          posts: inCategory,
          showSource: true,
          searchable: false,
          subscribe: { text: `Subscribe to aggregator - ${category.name}`, href: linker.href(feedPaths(listPath).rss) },
          alternates: [...feedAlternates(listPath, category.name, linker), ...siteChrome.siteFeeds],
        },
        context,
      ),
    );
  }
  pages.push({
    kind: "categories",
    outputPath: outputFile(categoriesPath),
    heading: "Categories",
    head: singleHead("Categories", siteChrome.siteFeeds),
    categories: categories.map(({ category, posts: inCategory }) => ({
      name: category.name,
      href: linker.href(categoryPath(category.slug)),
      countText: countPosts(inCategory.length),
      latest: inCategory.slice(0, OVERVIEW_TITLES).map(titleLink),
      feed: { text: `Subscribe to aggregator - ${category.name}`, href: linker.href(feedPaths(categoryPath(category.slug)).rss) },
    })),
  });

  pages.push({
    kind: "status",
    outputPath: outputFile(statusPath),
    heading: "Feed status",
    head: singleHead("Feed status", siteChrome.siteFeeds),
    rows: sources.map(({ feed, archive }) => statusRow(feed, archive, now, site, linker)),
  });

  pages.push({
    kind: "not-found",
    outputPath: "404.html",
    heading: "Page not found",
    head: singleHead("Page not found", siteChrome.siteFeeds),
    home: { text: "All posts", href: linker.href(homePath) },
  });

  return { chrome: siteChrome, pages };
}
