// `blogroll inspect`: "why does this feed look wrong?" One feed through fetch, parse, normalise and
// sanitise, printed; nothing stored.
import type { Config, FeedConfig } from "../model.ts";
import { DEFAULT_FEED } from "../config/defaults.ts";
import { fetchFeed } from "../fetch/fetch-feed.ts";
import { readDocument } from "../refresh/read-document.ts";
import { slugify } from "../config/slug.ts";
import type { CliOptions } from "./args.ts";
import type { CliIo } from "./io.ts";
import { terminalJson, terminalLine } from "./terminal-text.ts";

export async function runInspect(target: string, config: Config, options: CliOptions, io: CliIo): Promise<boolean> {
  const outcome = await fetchFeed({ url: target, etag: null, lastModified: null }, config.fetch, options.now);
  if (outcome.kind !== "fetched") {
    const message = outcome.kind === "failed" ? outcome.error.message : "The server answered 304 Not Modified.";
    io.err(terminalLine`${target}: ${message}`);
    return false;
  }
  const feed: FeedConfig = { name: target, slug: slugify(target) || "feed", url: target, categories: options.category, maxItems: config.site.maxItemsPerFeed, ...DEFAULT_FEED };
  // In-thread: one document is not worth starting a worker for.
  const normalised = await readDocument({ body: outcome.body, contentType: outcome.contentType, url: outcome.url, feed, fetchedAt: options.now.toISOString(), caps: config.site.caps });
  if (!normalised.ok) {
    io.err(terminalLine`${target}: ${normalised.error.message}`);
    return false;
  }
  const { warnings, meta, items, unread } = normalised;
  if (options.json) {
    io.out(terminalJson({ url: outcome.url, status: outcome.status, meta, warnings, unread, items }, 2));
    return true;
  }
  io.out(terminalLine`Feed: ${meta.title ?? "(no title)"}  <${outcome.url}>  HTTP ${outcome.status}`);
  if (meta.description) io.out(terminalLine`  ${meta.description}`);
  if (meta.siteLink) io.out(terminalLine`  site: ${meta.siteLink}`);
  for (const warning of warnings) io.out(terminalLine`  warning: ${warning}`);
  io.out(unread === 0 ? `${items.length} items:` : `${items.length} items (the newest; ${unread} older ones were not read, past site.maxItemsPerFeed):`);
  for (const item of items) {
    io.out(terminalLine`\n- ${item.title}`);
    io.out(terminalLine`  id: ${item.id}`);
    io.out(terminalLine`  link: ${item.link ?? "(none)"}`);
    io.out(terminalLine`  published: ${item.published} (${item.dateSource})${item.updated ? terminalLine`  updated: ${item.updated}` : ""}`);
    if (item.author) io.out(terminalLine`  author: ${item.author}`);
    if (item.tags.length) io.out(terminalLine`  tags: ${item.tags.join(", ")}`);
    io.out(terminalLine`  summary: ${item.summary}`);
    if (options.verbose) io.out(terminalLine`  content: ${item.contentHtml}`);
  }
  return true;
}
