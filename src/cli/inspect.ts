// `blogroll inspect`: "why does this feed look wrong?" One feed through fetch, parse, normalise and
// sanitise, printed; nothing stored.
import type { Config, FeedConfig } from "../model.ts";
import { fetchFeed } from "../fetch/fetch-feed.ts";
import { readDocument } from "../refresh/read-document.ts";
import { slugify } from "../config/slug.ts";
import type { CliOptions } from "./args.ts";
import type { CliIo } from "./io.ts";

export async function runInspect(target: string, config: Config, options: CliOptions, io: CliIo): Promise<boolean> {
  const outcome = await fetchFeed({ url: target, etag: null, lastModified: null }, config.fetch, options.now);
  if (outcome.kind !== "fetched") {
    const message = outcome.kind === "failed" ? outcome.error.message : "The server answered 304 Not Modified.";
    io.err(`${target}: ${message}`);
    return false;
  }
  const feed: FeedConfig = { name: target, slug: slugify(target) || "feed", url: target, categories: options.category, maxItems: config.site.maxItemsPerFeed };
  // In-thread: one document is not worth starting a worker for.
  const normalised = await readDocument({ body: outcome.body, contentType: outcome.contentType, url: outcome.url, feed, fetchedAt: options.now.toISOString() });
  if (!normalised.ok) {
    io.err(`${target}: ${normalised.error.message}`);
    return false;
  }
  const { warnings, unread } = normalised;
  if (options.json) {
    io.out(JSON.stringify({ url: outcome.url, status: outcome.status, meta: normalised.meta, warnings, unread, items: normalised.items }, null, 2));
    return true;
  }
  io.out(`Feed: ${normalised.meta.title ?? "(no title)"}  <${outcome.url}>  HTTP ${outcome.status}`);
  if (normalised.meta.description) io.out(`  ${normalised.meta.description}`);
  if (normalised.meta.siteLink) io.out(`  site: ${normalised.meta.siteLink}`);
  for (const warning of warnings) io.out(`  warning: ${warning}`);
  io.out(unread === 0 ? `${normalised.items.length} items:` : `${normalised.items.length} items (the newest; ${unread} older ones were not read, past site.maxItemsPerFeed):`);
  for (const item of normalised.items) {
    io.out(`\n- ${item.title}`);
    io.out(`  id: ${item.id}`);
    io.out(`  link: ${item.link ?? "(none)"}`);
    io.out(`  published: ${item.published} (${item.dateSource})${item.updated ? `  updated: ${item.updated}` : ""}`);
    if (item.author) io.out(`  author: ${item.author}`);
    if (item.tags.length) io.out(`  tags: ${item.tags.join(", ")}`);
    io.out(`  summary: ${item.summary}`);
    if (options.verbose) io.out(`  content: ${item.contentHtml}`);
  }
  return true;
}
