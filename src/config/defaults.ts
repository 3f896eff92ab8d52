// What an owner gets for every key they leave out of feeds.yaml.
import type { FeedConfig, FetchSettings, SiteConfig } from "../model.ts";
import packageJson from "../../package.json" with { type: "json" };

/** The seed site's texts and Drupal's medium date format (`D, d/m/Y - H:i` → `Wed, 20/02/2019 - 19:18`). */
export const DEFAULT_SITE: SiteConfig = {
  title: "Blogroll",
  baseUrl: "http://localhost:8080/",
  timezone: "UTC",
  itemsPerPage: 20,
  // One feed that posts a dozen times in an hour filled 13 of the front page's first 14 posts (issue 20); three in a
  // row still shows a feed's burst, a fourth folds.
  foldRunsOver: 3,
  dateFormat: "EEE, dd/MM/yyyy - HH:mm",
  intro:
    "I read blogs, as well as write one. The 'blogroll' on this site reproduces some posts from some of the people I enjoy reading.",
  disclaimer: "Disclaimer: Reproducing an article here need not necessarily imply agreement or endorsement!",
  retentionMs: null,
  // Ten thousand posts is 27 years of one a day, more than any real feed lists at once: only a runaway feed (ids
  // that change on every poll) or a hostile one reaches it. At some 20 KB a post, it bounds one feed's share of
  // the render's memory to about 200 MB.
  maxItemsPerFeed: 10_000,
  // Measured on the 153 real feeds of the corpus (3,158 posts): the largest body is 110 KiB (p99 20 KiB), the
  // longest link 340 bytes, the largest feed's posts 726 KiB together. Each cap is several times that, and each
  // bounds what a hostile feed can do: 14 fresh 1 MB posts a poll grew an archive by 14 MB an hour, without end.
  caps: {
    postBodyBytes: 512 * 1024,
    // Past 8 KiB, common servers refuse the request line (Apache's LimitRequestLine, nginx's buffers): no such link works.
    linkBytes: 8 * 1024,
    feedBytes: 50 * 1024 * 1024,
  },
  filter: { include: [], exclude: [] },
  theme: null,
};

/** A feed's optional keys left out: every post shown, whole, and no face of its own. */
export const DEFAULT_FEED: Pick<FeedConfig, "filter" | "show" | "face"> = { filter: { include: [], exclude: [] }, show: "full", face: null };

/** Miniflux's limits (20 s, 15 MiB): generous for any real feed, small enough that one bad host cannot stall a run. */
export const DEFAULT_FETCH: Omit<FetchSettings, "userAgent"> = {
  timeoutMs: 20_000,
  maxBodyBytes: 15 * 1024 * 1024,
  concurrency: 8,
  perHostConcurrency: 2,
  maxRedirects: 5,
  // As many as a feed may keep, so that a new feed's whole backlog arrives in its first run; lower it to spread a
  // big import over several runs.
  maxNewItemsPerRun: 10_000,
};

/** Names the software and the site, so a feed's owner can see who polls them and where their posts appear. */
export function defaultUserAgent(baseUrl: string): string {
  return `Blogroll/${packageJson.version} (+${baseUrl}; static blogroll aggregator)`;
}
