// The shape templates read: every text and link already decided, so templates only loop and test.
import type { SanitizedHtml } from "../model.ts";

/** A date that public/stamps.js keeps true after the build; `absolute` set means "interval only on the same day". */
export interface StampView {
  /** Names the stamp on its page (`updated`, `published-post-…`), so the page can have it refreshed in place. */
  id: string;
  iso: string;
  text: string;
  absolute: string | null;
}

export interface LinkView {
  text: string;
  href: string;
}

export interface AlternateView {
  type: string;
  title: string;
  href: string;
}

export interface HeadView {
  title: string;
  alternates: AlternateView[];
  prev: string | null;
  next: string | null;
}

export interface PagerLinkView {
  label: string;
  href: string | null;
  rel: "prev" | "next" | null;
  current: boolean;
}

export interface PostView {
  /** Id of the post's heading, so search results can point at the post itself. */
  anchor: string;
  title: string;
  link: string | null;
  /** Left out on the source's own page. */
  source: LinkView | null;
  published: StampView;
  contentHtml: SanitizedHtml;
  /** Plain text, for the search index. */
  summary: string;
  categories: LinkView[];
}

export interface FailureView {
  lastSuccess: StampView | null;
  /** When the current failing streak began; null if no instant was recorded. */
  since: StampView | null;
  reason: string;
}

export interface SourceHeaderView {
  subscribe: LinkView;
  feedTitle: string | null;
  feedDescription: string | null;
  siteLink: string | null;
  image: { src: string; alt: string } | null;
  /** Last check; null before the first. */
  updated: StampView | null;
  failure: FailureView | null;
  gone: boolean;
}

interface PageBase {
  /** File inside the output folder, e.g. `sources/cloudflare/page/2/index.html`. */
  outputPath: string;
  head: HeadView;
  heading: string;
}

export interface ListPageView extends PageBase {
  kind: "list";
  paragraphs: string[];
  source: SourceHeaderView | null;
  posts: PostView[];
  /** Only source pages are indexed, so each post has one search result. */
  searchable: boolean;
  pager: PagerLinkView[];
  subscribe: LinkView | null;
}

export interface TitleLinkView {
  title: string;
  link: string | null;
}

export interface SourceSummaryView {
  name: string;
  href: string;
  countText: string;
  updated: StampView | null;
  failing: boolean;
  latest: TitleLinkView[];
}

export interface SourcesPageView extends PageBase {
  kind: "sources";
  sources: SourceSummaryView[];
  opml: LinkView;
}

export interface CategorySummaryView {
  name: string;
  href: string;
  countText: string;
  latest: TitleLinkView[];
  feed: LinkView;
}

export interface CategoriesPageView extends PageBase {
  kind: "categories";
  categories: CategorySummaryView[];
}

export interface StatusRowView {
  name: string;
  href: string;
  url: string;
  /** `OK`, `Failing`, `Gone (no longer checked)` or `Never checked`. */
  health: string;
  items: number;
  lastChecked: StampView | null;
  lastSuccess: StampView | null;
  lastStatus: number | null;
  lastError: string | null;
  failingSince: StampView | null;
  consecutiveFailures: number;
  permanentRedirect: string | null;
}

export interface StatusPageView extends PageBase {
  kind: "status";
  rows: StatusRowView[];
}

export interface NotFoundPageView extends PageBase {
  kind: "not-found";
  home: LinkView;
}

export type PageView = ListPageView | SourcesPageView | CategoriesPageView | StatusPageView | NotFoundPageView;

export interface ChromeView {
  siteTitle: string;
  timezone: string;
  basePath: string;
  contentSecurityPolicy: string;
  nav: LinkView[];
  footer: LinkView[];
  siteFeeds: AlternateView[];
  assets: { style: string; icon: string; stamps: string; search: string; pagefindCss: string; pagefindJs: string };
}

export interface SiteView {
  chrome: ChromeView;
  pages: PageView[];
}
