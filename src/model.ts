// The types every stage agrees on. Each stage owns its own internal shapes; these are the seams.

/** HTML that went through the sanitise stage's policy. Only `sanitise/` may create one. */
export type SanitizedHtml = string & { readonly __brand: "SanitizedHtml" };

// ---------------------------------------------------------------- configuration

export interface SiteConfig {
  title: string;
  /** Absolute URL ending in `/`; its path is the prefix of every link the site writes. */
  baseUrl: string;
  /** IANA time zone that decides calendar days and date texts. */
  timezone: string;
  itemsPerPage: number;
  /** On the front list, a run of more consecutive posts than this from one feed folds into its newest; 0: never. */
  foldRunsOver: number;
  /** date-fns format tokens for dates not of the build's calendar day. */
  dateFormat: string;
  intro: string;
  disclaimer: string;
  /** Items older than this many milliseconds expire; null keeps them forever. */
  retentionMs: number | null;
  /** The most items a feed keeps when it sets no maxItems of its own. */
  maxItemsPerFeed: number;
  /** The byte caps on what one post and one feed put in the archive (site.maxPostSize, maxLinkSize, maxFeedSize). */
  caps: ByteCaps;
  /** `site.include` / `site.exclude`: applied to every feed's posts, with each feed's own. */
  filter: PostFilter;
  /** `site.theme`: an absolute folder whose templates and stylesheet are read before Blogroll's; null for none. */
  theme: string | null;
}

export interface FetchSettings {
  timeoutMs: number;
  maxBodyBytes: number;
  concurrency: number;
  perHostConcurrency: number;
  maxRedirects: number;
  userAgent: string;
  /** The most new items one feed's document may add in one run; the rest wait for the next runs. */
  maxNewItemsPerRun: number;
}

/** The archive's byte caps (UTF-8 bytes), so that no feed can make the archive or the site as large as it likes. */
export interface ByteCaps {
  /** A post's sanitised body; a longer one is cut between tags (or words), and ends with a line that says so. */
  postBodyBytes: number;
  /** A post's link (and an id made from one); a longer link is dropped, a longer id replaced by its hash. */
  linkBytes: number;
  /** All of one feed's archived posts; past it, the oldest posts it no longer lists go, then new ones are not taken. */
  feedBytes: number;
}

export interface FeedConfig {
  name: string;
  /** Lower-case ASCII words joined by `-`; unique; names the archive file and the source page. */
  slug: string;
  /** An http(s) URL, or an absolute local file path (resolved against the config file's folder). */
  url: string;
  categories: string[];
  /** The most items the archive keeps of this feed: the oldest it no longer lists go first. */
  maxItems: number;
  /** `include` / `exclude`: which of this feed's posts the site shows (the archive keeps them all). */
  filter: PostFilter;
  /** `show`: the whole post, or its summary with a link to the original. */
  show: "full" | "summary";
  /** `face`: an http(s) image URL, or an absolute path of a local image file; null for none. */
  face: string | null;
}

/**
 * One filter term from feeds.yaml: a word or words, matched whole and case-insensitively, or a regular expression
 * (`/pattern/flags`), kept as text so the configuration stays plain data.
 */
export type FilterTerm = { kind: "words"; text: string } | { kind: "pattern"; source: string; flags: string };

/** A post is shown when it matches some `include` term (when there is any) and no `exclude` term. */
export interface PostFilter {
  include: FilterTerm[];
  exclude: FilterTerm[];
}

export interface Config {
  /** Absolute path of the file the configuration came from. */
  file: string;
  site: SiteConfig;
  fetch: FetchSettings;
  feeds: FeedConfig[];
}

// ---------------------------------------------------------------- errors

/** Every way a feed can fail, by name, so status pages and counters can act on it. */
export type FeedErrorKind =
  | "timeout"
  | "dns"
  | "connection_refused"
  | "tls"
  | "network"
  | "too_many_redirects"
  | "body_too_large"
  | "decompression_failed"
  | "http_not_found"
  | "http_gone"
  | "http_rate_limited"
  | "http_unavailable"
  | "http_server_error"
  | "http_client_error"
  | "file_not_found"
  | "empty_body"
  | "not_a_feed"
  | "parse_failed"
  /** Reading the document passed the time or memory one document may cost; the worker reading it was ended. */
  | "too_costly_to_read"
  /** The feed's archive on disk could not be read or written; a damaged file is left for the owner to inspect. */
  | "archive_failed"
  /** Blogroll's own code failed (a bug: a TypeError, not the feed's network or disk); the detail holds the stack. */
  | "program_error";

export interface FeedError {
  kind: FeedErrorKind;
  /** Plain words for the site owner: what happened and, where it helps, what to do. */
  message: string;
  /** Technical detail (the underlying error's message), for --verbose and logs. */
  detail: string | null;
}

// ---------------------------------------------------------------- feeds and items

export interface FeedImage {
  url: string;
  title: string | null;
}

/** What a feed document says about itself. */
export interface FeedMeta {
  title: string | null;
  description: string | null;
  /** The site the feed belongs to (absolute URL). */
  siteLink: string | null;
  image: FeedImage | null;
}

/** A file a post carries (a podcast's episode): an RSS enclosure, an Atom `rel="enclosure"` link, a JSON Feed attachment. */
export interface Enclosure {
  /** Absolute http(s) URL. */
  url: string;
  /** The MIME type the feed gives (`audio/mpeg`), if any. */
  type: string | null;
  /** Size in bytes, if the feed gives one. */
  length: number | null;
}

/** How an item's `published` was decided. */
export type DateSource = "feed" | "first-seen" | "clamped-future";

export interface Item {
  /** Stable within its feed: guid, else link, else a hash of title and date. */
  id: string;
  /** The slug of the feed that carries it. */
  feed: string;
  /** Plain text, entities decoded, never empty. */
  title: string;
  /** Absolute http(s) URL of the original post. */
  link: string | null;
  /** ISO 8601 instant (UTC). */
  published: string;
  updated: string | null;
  dateSource: DateSource;
  author: string | null;
  /** The categories configured for the feed. */
  categories: string[];
  /** The feed's own tags for the item, plain text, kept apart from categories. */
  tags: string[];
  contentHtml: SanitizedHtml;
  /** What the post carries besides its body, in the feed's order; never one the body already links to, unless it plays. */
  enclosures: Enclosure[];
  /** Plain text, at most a few hundred characters. */
  summary: string;
  /** ISO instant the archive first stored this item. */
  firstSeen: string;
}

/** How one poll of a feed ended. */
export type PollOutcome = "new-items" | "unchanged" | "not-modified" | "failed" | "skipped";

export interface Poll {
  /** ISO instant of the run. */
  at: string;
  outcome: PollOutcome;
  /** HTTP status of the answer; null when there was none (skipped, no connection, a local file's failure). */
  status: number | null;
}

/** The numbers of a poll at which a cap held the feed's archive back. */
export interface CapHit {
  /** ISO instant of the poll. */
  at: string;
  /** The feed's maxItems in force. */
  maxItems: number;
  /** fetch.maxNewItemsPerRun in force. */
  maxNewItemsPerRun: number;
  /** Items the document listed. */
  listed: number;
  /** Listed items older than the newest maxItems, which the archive does not take. */
  notKept: number;
  /** New items the per-run cap left for the next runs (newest first). */
  deferred: number;
  /** Archived items dropped, oldest first and none the feed still lists, to stay within maxItems. */
  dropped: number;
  /** The byte caps in force (site.maxPostSize, maxLinkSize, maxFeedSize). */
  caps: ByteCaps;
  /** Posts whose body was cut to caps.postBodyBytes. */
  bodiesCut: number;
  /** Posts whose link was dropped, longer than caps.linkBytes. */
  linksDropped: number;
  /** Archived posts the feed no longer lists, dropped oldest first to keep the feed within caps.feedBytes. */
  droppedForSize: number;
  /** New posts not taken, oldest first, because the feed's archive was at caps.feedBytes. */
  notTakenForSize: number;
}

/** What the archive remembers about a feed between runs. */
export interface FeedState {
  /** The URL from feeds.yaml this state belongs to. */
  url: string;
  etag: string | null;
  lastModified: string | null;
  /** sha256 of the last body parsed, to skip parsing an unchanged document. */
  bodyHash: string | null;
  lastChecked: string | null;
  lastSuccess: string | null;
  /** The ISO instant of the last run that added or changed an item. */
  lastChange: string | null;
  lastStatus: number | null;
  lastError: FeedError | null;
  /** ISO instant of the first failure of the current failing streak. */
  failingSince: string | null;
  consecutiveFailures: number;
  /** Target of a 301/308 seen for this feed; used for later requests. */
  permanentRedirect: string | null;
  /** A 410 was seen: the feed is not polled again until its URL changes. */
  gone: boolean;
  /** Do not poll before this ISO instant (Retry-After). */
  retryAfter: string | null;
  /** Ids the last parsed document listed; retention never expires these. */
  currentIds: string[];
  /** Warnings from the last parse (recovered markup, bad dates...). */
  warnings: string[];
  meta: FeedMeta;
  /** The last polls, oldest first, at most 30: what the status page draws. */
  polls: Poll[];
  /** What a cap held back at the last poll that read a document; null when none did. */
  capped: CapHit | null;
}

export interface FeedArchive {
  state: FeedState;
  /** Newest first. */
  items: Item[];
}
