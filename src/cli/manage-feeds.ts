// `blogroll add`, `remove` and `opml import|export`: the owner's feed list, edited without touching
// the rest of feeds.yaml (comments, order, layout).
import { resolve } from "node:path";
import type { Config } from "../model.ts";
import { fetchFeed } from "../fetch/fetch-feed.ts";
import { isWebAddress } from "../fetch/local-file.ts";
import { addFeedToConfig, addFeedsToConfig, removeFeedFromConfig } from "../config/edit.ts";
import { formatConfigError } from "../config/config-error.ts";
import { blogrollOpml, parseOpml, writeOpml } from "../config/opml.ts";
import { truncateAtWord } from "../normalise/text.ts";
import { MAX_NAME_LENGTH } from "../config/schema.ts";
import { readStates } from "../archive/store.ts";
import type { CliOptions } from "./args.ts";
import type { CliIo } from "./io.ts";
import { terminalLine, withoutControls } from "./terminal-text.ts";
import { asBaseUrl, checkFeed, keepAnswering } from "./check-feed.ts";

export async function runAdd(address: string, config: Config, options: CliOptions, io: CliIo): Promise<boolean> {
  const checked = await checkFeed(address, config.fetch, options.now);
  if (!checked.ok) {
    io.err(`${checked.message}\n${terminalLine`Nothing was added to ${options.config}.`}`);
    return false;
  }
  // A name taken from the feed is cut to fit; one the owner typed is checked as it is, like feeds.yaml's.
  const name = options.name ?? (checked.title === null ? null : truncateAtWord(checked.title, MAX_NAME_LENGTH)) ?? new URL(asBaseUrl(checked.url)).hostname;
  const edit = await addFeedToConfig(config.file, { name, url: checked.url, categories: options.category });
  if (!edit.ok) {
    io.err(terminalLine`${formatConfigError(edit.error)}`);
    return false;
  }
  io.out(terminalLine`Added "${name}" <${checked.url}> to ${options.config}.`);
  return true;
}

export async function runRemove(name: string, config: Config, options: CliOptions, io: CliIo): Promise<boolean> {
  const edit = await removeFeedFromConfig(config.file, name);
  if (!edit.ok) {
    io.err(terminalLine`${formatConfigError(edit.error)}`);
    return false;
  }
  io.out(terminalLine`Removed "${name}" from ${options.config}. Its archive stays in ${options.data}; delete it by hand if you no longer want it.`);
  return true;
}

export async function runOpmlImport(source: string, config: Config, options: CliOptions, io: CliIo): Promise<boolean> {
  const fetched = await fetchFeed({ url: source, etag: null, lastModified: null }, config.fetch, options.now);
  if (fetched.kind !== "fetched") {
    io.err(terminalLine`${source}: ${fetched.kind === "failed" ? fetched.error.message : "the server answered 304 to a plain request."}`);
    return false;
  }
  const opml = parseOpml(fetched.body.toString("utf8"), source);
  if (!opml.ok) {
    io.err(terminalLine`${formatConfigError(opml.error)}\n${options.config} was not changed.`);
    return false;
  }
  for (const skipped of opml.skipped) io.err(terminalLine`skipped "${skipped.text}": ${skipped.reason}`);
  // Names and folders come from the file, so they are cleaned before they can reach feeds.yaml.
  const feeds = opml.feeds.map((feed) => ({
    name: withoutControls(feed.name) || new URL(feed.url).hostname,
    url: feed.url,
    categories: [...new Set([...feed.categories.map(withoutControls).filter((category) => category !== ""), ...options.category])],
  }));
  const answering = options.check ? await keepAnswering(feeds, config.fetch, options.now, io) : feeds;
  const edit = await addFeedsToConfig(config.file, answering);
  if (!edit.ok) {
    io.err(terminalLine`${formatConfigError(edit.error)}\n${options.config} was not changed.`);
    return false;
  }
  for (const skipped of edit.skipped) io.err(terminalLine`skipped "${skipped.feed.name}": ${skipped.reason}`);
  io.out(terminalLine`Imported ${edit.added.length} feeds into ${options.config} (${edit.skipped.length + opml.skipped.length + feeds.length - answering.length} skipped).`);
  return true;
}

export async function runOpmlExport(config: Config, options: CliOptions, io: CliIo): Promise<void> {
  const { states } = await readStates(resolve(options.data), config.feeds, { repair: false });
  // Each feed at its web address as feeds.yaml has it: the list to move to another reader or Blogroll. A local file's
  // path means nothing on another machine, so those feeds are left out, and named (the site's opml.xml lists them at
  // the site's own copy of each).
  const local = config.feeds.filter((feed) => !isWebAddress(feed.url));
  if (local.length > 0) {
    const names = local.map((feed) => JSON.stringify(feed.name)).join(", ");
    io.err(terminalLine`Left out of the export: ${local.length === 1 ? "the local feed" : `${local.length} local feeds`} ${names}, read from files on this machine, which another reader cannot follow; the site's opml.xml lists ${local.length === 1 ? "it" : "them"} at the site's copy.`);
  }
  io.out(writeOpml(blogrollOpml({ ...config, feeds: config.feeds.filter((feed) => isWebAddress(feed.url)) }, states, (feed) => feed.url)));
}
