// The site's non-HTML files: output feeds for everything, each category and each source; OPML; `_headers`.
import type { Config, FeedArchive } from "../model.ts";
import { writeOpml } from "../config/opml.ts";
import { writeAtom } from "./feeds/atom.ts";
import { writeJsonFeed } from "./feeds/json-feed.ts";
import { outputFeed } from "./feeds/output-feed.ts";
import { writeRss } from "./feeds/rss.ts";
import { subscribeUrl } from "./feed-health.ts";
import { categoryPath, feedPaths, homePath, makeLinker, opmlPath, sourcePath, type Linker } from "./paths.ts";
import type { Post, PostLists } from "./posts.ts";
import { headersFile, httpUrlOrNull } from "./security.ts";

export interface SiteFile {
  /** Relative to the output folder. */
  path: string;
  /** What the file is made from, for its render key. */
  source: unknown;
  /** Made only when the previous site has no copy made from the same source. */
  content: () => string;
}

interface FeedSpec {
  listPath: string;
  title: string;
  description: string;
  posts: Post[];
}

/** One file at a time: the output feeds of a large site, held all at once, would take more memory than its archive. */
export function* buildSiteFiles(config: Config, archives: Map<string, FeedArchive>, lists: PostLists, now: Date): Generator<SiteFile> {
  const linker: Linker = makeLinker(config.site.baseUrl);
  const site = config.site;
  const subscribeUrls = new Map(
    config.feeds.map((feed) => [feed.slug, subscribeUrl(feed, archives.get(feed.slug)?.state, linker)]),
  );
  const specs: FeedSpec[] = [
    { listPath: homePath, title: site.title, description: `Every post on ${site.title}`, posts: lists.all },
    ...lists.byCategory.map(({ category, posts }) => ({
      listPath: categoryPath(category.slug),
      title: `${site.title} - ${category.name}`,
      description: `Posts in the category ${category.name} on ${site.title}`,
      posts,
    })),
    ...config.feeds.map((feed) => ({
      listPath: sourcePath(feed.slug),
      title: `${site.title} - ${feed.name}`,
      description: `Posts from ${feed.name} on ${site.title}`,
      posts: lists.bySource.get(feed.slug) ?? [],
    })),
  ];

  for (const spec of specs) {
    const paths = feedPaths(spec.listPath);
    const feed = outputFeed({
      title: spec.title,
      description: spec.description,
      homeUrl: linker.absolute(spec.listPath),
      rssUrl: linker.absolute(paths.rss),
      atomUrl: linker.absolute(paths.atom),
      jsonUrl: linker.absolute(paths.json),
      posts: spec.posts,
      sourceFeedUrl: (slug) => subscribeUrls.get(slug) ?? linker.absolute(feedPaths(sourcePath(slug)).rss),
      now,
    });
    yield { path: paths.rss, source: { rss: feed }, content: () => writeRss(feed) };
    yield { path: paths.atom, source: { atom: feed }, content: () => writeAtom(feed) };
    yield { path: paths.json, source: { json: feed }, content: () => writeJsonFeed(feed) };
  }

  const opml = {
    title: site.title,
    dateModified: now,
    feeds: config.feeds.map((feed) => ({
      name: feed.name,
      url: subscribeUrls.get(feed.slug) ?? feed.url,
      siteLink: httpUrlOrNull(archives.get(feed.slug)?.state.meta.siteLink ?? null),
      description: archives.get(feed.slug)?.state.meta.description ?? null,
      categories: feed.categories,
    })),
  };
  yield { path: opmlPath, source: { opml }, content: () => writeOpml(opml) };
  const headers = headersFile();
  yield { path: "_headers", source: { headers }, content: () => headers };
}
