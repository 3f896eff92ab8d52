// The shape templates read: every text and link already decided, so templates only loop and test.
import type { PollOutcome, SanitizedHtml } from "../model.ts";
import type { FeedHealth } from "../archive/feed-state.ts";

/**
 * A date that public/stamps.js keeps true after the build, and a later run refreshes in place (src/site/live-parts.ts).
 * `absolute` set means "an interval only on the same day" (a post's date); null, "always an interval" (a last check).
 */
export interface StampView {
  kind: "stamp";
  iso: string;
  text: string;
  absolute: string | null;
  /**
   * Names a stamp whose instant comes from the feed's state (`checked-{slug}`), which every poll moves; null for a
   * stamp whose instant is part of the page's content (a post's date), refreshed from its own markup.
   */
  live: string | null;
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
  /** The page's own stylesheets, linked before the site's so that the site's theme wins (the search page's). */
  stylesheets: string[];
  /** The page's own scripts, deferred and run in this order. */
  scripts: string[];
}

export interface PagerLinkView {
  label: string;
  href: string | null;
  rel: "prev" | "next" | null;
  current: boolean;
}

/** A file the post carries: played in the page where the browser can and the site's policy lets it, always linked. */
export interface EnclosureView {
  /** A native player (`controls`, `preload="none"`) for audio and video the Content-Security-Policy's media-src allows. */
  player: "audio" | "video" | null;
  href: string;
  /** The file's name, e.g. `episode-12.mp3`. */
  name: string;
  /** Its type and size, e.g. `audio/mpeg, 12.3 MB`; null when the feed gave neither. */
  details: string | null;
}

export interface PostView {
  /** Id of the post's heading, so a link can point at the post itself. */
  anchor: string;
  title: string;
  link: string | null;
  /** Left out on the source's own page. */
  source: LinkView | null;
  /** The post's author where the feed names one other than the source itself; else the source stands as the author. */
  author: string | null;
  published: StampView;
  contentHtml: SanitizedHtml;
  /** Plain text, shown instead of the body on lists of summaries. */
  summary: string;
  enclosures: EnclosureView[];
  categories: LinkView[];
}

/** A post as a list shows it: on the front list, the newest of a run from one feed, with a link to the run's others. */
export interface ListedPostView extends PostView {
  /** `and 3 more from {source}`, to where the first of them stands on the source's pages; null for a post alone. */
  more: LinkView | null;
}

/**
 * What a reader is told of a feed we cannot read (failing, or gone), in one sentence of their own words: `before`,
 * then the stamp when there is one, then `after`. What to fix and where is the owner's (on /status/ and in
 * `blogroll status`), never on a public page.
 */
export interface UnreachableView {
  before: string;
  /** When the current failing streak began; null for a feed that is gone, or if no instant was recorded. */
  since: StampView | null;
  after: string;
}

export interface SourceHeaderView {
  subscribe: LinkView;
  feedTitle: string | null;
  feedDescription: string | null;
  siteLink: string | null;
  image: { src: string; alt: string } | null;
  /** Last check, for a feed we can read; null before the first, and for a feed we cannot read (see `unreachable`). */
  updated: StampView | null;
  unreachable: UnreachableView | null;
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
  posts: ListedPostView[];
  /** Whole posts (source and category pages, as the seed pages show them) or their summaries (the front list). */
  fullPosts: boolean;
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
  /** Last check, for a feed we can read; else `unreachable` says what a reader needs to know. */
  updated: StampView | null;
  unreachable: UnreachableView | null;
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

/** A feed's latest polls, a live part of the status page (every run adds one). */
export interface PollsView {
  kind: "polls";
  /** Names the picture on its page, so a later run can redraw it in place: `polls-{slug}`. */
  live: string;
  /** Oldest first. */
  polls: { outcome: PollOutcome; status: number | null }[];
}

/** Posts per week, oldest week first, over the weeks up to the build's. */
export interface RhythmView {
  weeks: number[];
  /** The first week's Monday, `yyyy-mm-dd`. */
  since: string;
}

export interface StatusRowView {
  name: string;
  /** The source's page; null for a feed that has none (never read, no posts). */
  href: string | null;
  /** The feed's address; a local file by its name only, not its place on the disk the site was built on. */
  location: string;
  /** `OK`, `Failing`, `Gone (no longer checked)` or `Never checked`. */
  health: string;
  /** The same, as the one rule names it: what orders the rows and counts them in the summary. */
  healthKind: FeedHealth;
  failing: boolean;
  items: number;
  lastChecked: StampView | null;
  lastSuccess: StampView | null;
  lastError: string | null;
  failingSince: StampView | null;
  consecutiveFailures: number;
  /** `1 failed poll in a row`, `4 failed polls in a row`. */
  consecutiveFailuresText: string;
  permanentRedirect: string | null;
  /** What was wrong with the feed's archive files: recovered from their previous generation, or unreadable. */
  archiveNotes: string[];
  /** What a cap held back at the feed's last read document, in words; null when none did. */
  capped: string | null;
  /** How many of the feed's archived posts the owner's filters hide, in words; null when none. */
  hiddenByFilters: string | null;
  polls: PollsView;
  rhythm: RhythmView;
}

/** The part of a status row a feed's state alone makes. */
export type StatusStateView = Omit<StatusRowView, "items" | "archiveNotes" | "hiddenByFilters" | "rhythm" | "href"> & { href: string };

export interface StatusPageView extends PageBase {
  kind: "status";
  /** `4 feeds: 2 ok, 1 failing, 1 gone, 0 never checked.`, the line `blogroll status` ends with. */
  summary: string;
  /** Failing feeds first, then gone, never checked and ok ones, each in config order. */
  rows: StatusRowView[];
}

export interface NotFoundPageView extends PageBase {
  kind: "not-found";
  home: LinkView;
}

/** The search page: Pagefind's components, told where the index is and how to order results. */
export interface SearchPageView extends PageBase {
  kind: "search";
  bundlePath: string;
  /** `key:desc`, as `<pagefind-config sort>` reads it. */
  sort: string;
}

export type PageView = ListPageView | SourcesPageView | CategoriesPageView | StatusPageView | NotFoundPageView | SearchPageView;

export interface ChromeView {
  siteTitle: string;
  timezone: string;
  basePath: string;
  contentSecurityPolicy: string;
  nav: LinkView[];
  footer: LinkView[];
  siteFeeds: AlternateView[];
  /** The OPML, which every page announces as the site's blogroll. */
  blogroll: string;
  /** Where every page's search form sends its words (`?q=`). */
  searchPage: string;
  assets: { style: string; icon: string; stamps: string };
}

export interface SiteView {
  chrome: ChromeView;
  pages: PageView[];
}
