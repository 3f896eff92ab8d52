// Checking a feed as `add` and `opml import` do: fetched once, read as a feed, a web page followed to the feed it
// advertises. Nothing is stored.
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { FetchSettings } from "../model.ts";
import { fetchFeed } from "../fetch/fetch-feed.ts";
import { forEachWithLimits } from "../fetch/limits.ts";
import { parseFeedDocument, discoverFeedLinks } from "../parse/parse-feed.ts";
import { plainText } from "../normalise/text.ts";
import type { CliIo } from "./io.ts";
import { terminalLine, withoutControls } from "./terminal-text.ts";

type Checked = { ok: true; url: string; title: string | null } | { ok: false; message: string };

/** An address as the owner would write it in feeds.yaml: a URL, or a path for a local file. */
function asConfigUrl(address: string): string {
  return address.startsWith("file:") ? fileURLToPath(address) : address;
}

/** A base URL that relative links in a document at `address` resolve against. */
export function asBaseUrl(address: string): string {
  return /^https?:/i.test(address) || address.startsWith("file:") ? address : pathToFileURL(resolve(address)).href;
}

/** Fetches the address once; a web page is followed to the feed it advertises. */
export async function checkFeed(address: string, settings: FetchSettings, now: Date, followPage = true): Promise<Checked> {
  const fetched = await fetchFeed({ url: address, etag: null, lastModified: null }, settings, now);
  if (fetched.kind === "failed") return { ok: false, message: terminalLine`${address}: ${fetched.error.message}` };
  if (fetched.kind === "not-modified") return { ok: false, message: terminalLine`${address}: the server answered 304 to a plain request.` };
  const parsed = await parseFeedDocument(fetched.body, { url: fetched.url, contentType: fetched.contentType });
  if (parsed.ok) {
    // The feed chose its title, so it is cleaned before it can become a name in feeds.yaml.
    const title = parsed.feed.title ? withoutControls(plainText(parsed.feed.title)) : "";
    return { ok: true, url: asConfigUrl(fetched.permanentRedirect ?? address), title: title || null };
  }
  if (parsed.error.kind === "not_a_feed" && followPage) {
    const [advertised] = discoverFeedLinks(fetched.body.toString("utf8"), asBaseUrl(fetched.url));
    if (advertised) return checkFeed(advertised.url, settings, now, false);
  }
  return { ok: false, message: terminalLine`${address}: ${parsed.error.message}` };
}


/**
 * Checks every feed at once within the fetch limits (`fetch.concurrency`, `fetch.perHostConcurrency`) and returns
 * those that answer as a feed, in their order, each at the address the check ended at (a permanent redirect, or
 * the feed a page advertises). Each that does not is named with the reason, and left out: a dead feed added would
 * only fail at every build.
 */
export async function keepAnswering<T extends { name: string; url: string }>(feeds: readonly T[], settings: FetchSettings, now: Date, io: CliIo): Promise<T[]> {
  const checked = new Map<T, Checked>();
  await forEachWithLimits(
    [...feeds],
    (feed) => new URL(feed.url).host,
    settings,
    async (feed) => void checked.set(feed, await checkFeed(feed.url, settings, now)),
    (feed, error) => void checked.set(feed, { ok: false, message: terminalLine`${feed.url}: ${error instanceof Error ? error.message : String(error)}` }),
  );
  const answering: T[] = [];
  for (const feed of feeds) {
    const result = checked.get(feed);
    if (result?.ok) answering.push({ ...feed, url: result.url });
    else io.err(terminalLine`skipped "${feed.name}": it does not answer as a feed (${result?.message ?? "not checked"}); add it later with "blogroll add" once it does.`);
  }
  return answering;
}
