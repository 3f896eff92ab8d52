// RawFeed → FeedMeta + Items. Every fallback is decided here, once.
import { sanitiseHtml } from "../sanitise/sanitise.ts";
import { boundHtml, cutPostsWarning, type HtmlCut } from "../sanitise/bounded-html.ts";
import { choosePublished, type ChosenDates } from "./dates.ts";
import { isWebAddress } from "../fetch/local-file.ts";
import { itemId, type IdBasis } from "./ids.ts";
import { collapseWhitespace, plainText, truncateAtWord } from "./text.ts";
import { chooseTitle } from "./title.ts";
import { wellFormed } from "./unicode.ts";
import { alternateLink, httpUrl, resolveBase } from "./urls.ts";
import { byteLength, cappedId, cappedLink, cutHtml } from "./byte-caps.ts";
import { DEFAULT_SITE } from "../config/defaults.ts";
import type { ByteCaps, Enclosure, FeedConfig, FeedMeta, Item, SanitizedHtml } from "../model.ts";
import type { RawCategory, RawDate, RawEntry, RawFeed, RawText } from "../parse/types.ts";

export interface NormaliseContext {
  feed: FeedConfig;
  /** The URL the document was fetched from (after redirects): the last base for relative URLs. */
  documentUrl: string;
  fetchedAt: Date;
  /** What one post may put in the archive; the defaults when not given. */
  caps?: ByteCaps;
}

export interface NormalisedFeed {
  meta: FeedMeta;
  /** In document order: at most the feed's maxItems, its newest. */
  items: Item[];
  /** Entries the document listed beyond the newest maxItems, left unread: the archive would not keep them. */
  unread: number;
  warnings: string[];
  /** What the byte caps took: bodies cut, links dropped. */
  cut: PostCuts;
}

export interface PostCuts {
  bodies: number;
  links: number;
}

const MAX_SUMMARY_LENGTH = 300;
/** A summary is read as prose: an image's alt text run into it ("…an image: A wide orange block And then…") is not. */
const SUMMARY_TEXT = { imageAlt: false } as const;

const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Markup for a text construct: plain text becomes paragraphs, keeping its line breaks. */
function markupOf(raw: RawText): string {
  if (raw.type !== "text") return raw.value;
  return raw.value
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph.trim()).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

/**
 * Full content beats a summary (weakness 6: Drupal let Atom's summary win): content:encoded,
 * then Atom/JSON content, then RSS description, then Atom/JSON summary, then Media RSS's description.
 */
function chooseBody(entry: RawEntry): RawText | null {
  // A video feed's Media RSS description is the post's text only where the feed gives no other (YouTube's entries).
  return entry.contentEncoded ?? entry.content ?? entry.description ?? entry.summary ?? entry.mediaDescription;
}

/** The text a summary comes from: the entry's own summary when the body is something else. */
function chooseSummarySource(entry: RawEntry, body: RawText | null): RawText | null {
  const summary = entry.summary ?? entry.description;
  return summary !== null && summary !== body ? summary : body;
}

function itemLink(entry: RawEntry, documentUrl: string): string | null {
  const alternate = alternateLink(entry.links, documentUrl);
  if (alternate !== null) return alternate;
  // RSS: a guid is the post's permalink unless isPermaLink="false".
  if (entry.idIsPermaLink === true && entry.id !== null) return httpUrl(entry.id, resolveBase(entry.base, documentUrl));
  // No link stays null. Drupal used the feed's own link instead, which sends a reader to the wrong page.
  return null;
}

/** RSS's "jo@example.com (Jo Bloggs)", and "Jo Bloggs (jo@example.com)" or "Jo Bloggs <jo@…>", read as "Jo Bloggs". */
function authorName(author: string): string | null {
  const trimmed = author.trim();
  const name = /^\S+@\S+\s*\((.+)\)$/.exec(trimmed)?.[1] ?? /^(.+?)\s*[(<]\S+@[^)>]+[)>]$/.exec(trimmed)?.[1] ?? trimmed;
  const cleaned = collapseWhitespace(name);
  return cleaned === "" ? null : cleaned;
}

/** A category shows its label where the feed gave one (RFC 4287 §4.2.2.3: the label is for display), else its term. */
function uniqueTags(categories: RawCategory[]): string[] {
  const seen = new Set<string>();
  return categories.map((category) => collapseWhitespace(category.label ?? category.term)).filter((tag) => {
    const key = tag.toLowerCase();
    if (tag === "" || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The post's picture (JSON Feed's image, Media RSS's thumbnail) above the body, unless the body shows it already. */
function pictureBefore(entry: RawEntry, bodyHtml: string, documentUrl: string): string {
  const image = entry.image === null ? null : httpUrl(entry.image.url, resolveBase(entry.image.base, documentUrl));
  return image !== null && !bodyHtml.includes(image) ? `<p><img src="${escapeHtml(image)}" alt=""></p>` : "";
}

const PLAYABLE_TYPE = /^(audio|video)\//i;

/**
 * The post's enclosures with absolute http(s) URLs, each once. One the body already links to is left out (the body
 * shows it), unless it is audio or video: a player is more than a link.
 */
function enclosures(entry: RawEntry, bodyHtml: string, documentUrl: string): Enclosure[] {
  const kept = new Map<string, Enclosure>();
  for (const enclosure of entry.enclosures) {
    const url = httpUrl(enclosure.url, resolveBase(enclosure.base, documentUrl));
    if (url === null || kept.has(url)) continue;
    const type = enclosure.type === null ? null : collapseWhitespace(enclosure.type).toLowerCase() || null;
    if (bodyHtml.includes(url) && !PLAYABLE_TYPE.test(type ?? "")) continue;
    kept.set(url, { url, type, length: enclosure.length });
  }
  return [...kept.values()];
}

function normaliseMeta(raw: RawFeed, documentUrl: string): FeedMeta {
  const title = raw.title === null ? "" : plainText(raw.title);
  const description = raw.description === null ? "" : plainText(raw.description);
  const imageUrl = raw.image === null ? null : httpUrl(raw.image.url, resolveBase(raw.image.base, documentUrl));
  return {
    title: title === "" ? null : title,
    description: description === "" ? null : description,
    siteLink: alternateLink(raw.links, documentUrl),
    image: imageUrl === null ? null : { url: imageUrl, title: raw.image?.title ? collapseWhitespace(raw.image.title) : null },
  };
}

interface EntryResult {
  item: Item;
  bodyCut: boolean;
  linkDropped: boolean;
  idBasis: IdBasis;
  unreadableDates: RawDate[];
  /** What of the body's markup was past the bounds of one post, if any. */
  cut: HtmlCut | null;
}

/** Everything an entry says besides its id, link, title and date, for telling apart entries that have none of those. */
function contentFingerprint(entry: RawEntry): string {
  const texts = [entry.contentEncoded, entry.content, entry.description, entry.summary, entry.mediaDescription].map((text) => text?.value ?? "");
  return [...texts, ...entry.enclosures.map((enclosure) => enclosure.url), entry.image?.url ?? ""].join("\n");
}

function normaliseEntry(entry: RawEntry, dates: ChosenDates, raw: RawFeed, meta: FeedMeta, context: NormaliseContext): EntryResult {
  const { documentUrl, fetchedAt } = context;
  const link = itemLink(entry, documentUrl);
  const body = chooseBody(entry);
  const rawHtml = body === null ? "" : markupOf(body);
  // Content resolves against its own xml:base chain when the feed set one, else the post's page.
  const contentBase = body !== null && body.base.length > 0 ? resolveBase(body.base, documentUrl) : (link ?? URL.parse(documentUrl)?.href ?? null);
  const bounded = boundHtml(pictureBefore(entry, rawHtml, documentUrl) + rawHtml);
  const caps = context.caps ?? DEFAULT_SITE.caps;
  const { html: contentHtml, cut: bodyCut } = cappedBody(bounded.html, contentBase, link === null ? null : cappedLink(link, caps.linkBytes), caps.postBodyBytes);
  const summarySource = chooseSummarySource(entry, body);
  // Reading a body's text is a full HTML parse: done at most once for the summary (which leaves images' alt text out),
  // and once more, alt text included, only for an item without a title of its own; each only as far as it needs.
  let bodyText: string | undefined;
  const bodySummaryText = (): string => (bodyText ??= body === null ? "" : plainText(body, MAX_SUMMARY_LENGTH + 1, SUMMARY_TEXT));
  const title = chooseTitle(entry.title, () => (body === null ? "" : plainText(body, MAX_SUMMARY_LENGTH + 1)));
  const author = entry.authors[0] ?? raw.authors[0] ?? null;
  const { id, basis } = itemId({
    ownId: entry.id, link, siteLink: meta.siteLink, ownTitle: title.own ? title.text : null, dateText: dates.publishedText,
    content: contentFingerprint(entry), title: title.text,
  });
  const keptLink = cappedLink(link, caps.linkBytes);
  const item: Item = {
    id: cappedId(id, caps.linkBytes),
    feed: context.feed.slug,
    title: title.text,
    link: keptLink,
    published: dates.published,
    updated: dates.updated,
    dateSource: dates.dateSource,
    author: author === null ? null : authorName(author),
    categories: [...context.feed.categories],
    tags: uniqueTags(entry.categories),
    contentHtml,
    enclosures: enclosures(entry, rawHtml, documentUrl),
    summary: summarySource === null ? "" : truncateAtWord(summarySource === body ? bodySummaryText() : plainText(summarySource, MAX_SUMMARY_LENGTH + 1, SUMMARY_TEXT), MAX_SUMMARY_LENGTH),
    firstSeen: fetchedAt.toISOString(),
  };
  return { item, bodyCut, linkDropped: keptLink !== link, idBasis: basis, unreadableDates: dates.unreadable, cut: bounded.cut };
}

/**
 * The sanitised body within `maxBytes`: a longer one is cut at a tag boundary before it is sanitised (so a huge body
 * costs the sanitiser no more than the cap), and ends with a line that says so and links to the whole post. The
 * sanitiser closes what the cut left open; should its escaping make the text longer than the cap, it is cut again.
 */
function cappedBody(html: string, baseUrl: string | null, link: string | null, maxBytes: number): { html: SanitizedHtml; cut: boolean } {
  if (byteLength(html) <= maxBytes) {
    const whole = sanitiseHtml(html, baseUrl);
    if (byteLength(whole) <= maxBytes) return { html: whole, cut: false };
  }
  const kib = Math.round(maxBytes / 1024);
  const note = `<p><em>This post is longer than the ${kib} KiB Blogroll keeps of one post, and was cut here.</em>${link === null ? "" : ` <a href="${link.replaceAll("&", "&amp;").replaceAll('"', "&quot;")}">Read it whole</a>.`}</p>`;
  let budget = maxBytes - byteLength(note) - 64;
  for (;;) {
    const cut = sanitiseHtml(cutHtml(html, Math.max(0, budget)) + note, baseUrl);
    const over = byteLength(cut) - maxBytes;
    if (over <= 0 || budget <= 0) return { html: cut, cut: true };
    budget -= over;
  }
}

/**
 * The address relative URLs resolve against: the document's own, or for a local file, which has no web
 * address, the feed's site link (when the feed gives an absolute one).
 */
function baseForRelativeUrls(raw: RawFeed, documentUrl: string): string {
  return isWebAddress(documentUrl) ? documentUrl : (alternateLink(raw.links, documentUrl) ?? documentUrl);
}

/**
 * The entries worth reading, in document order, with their dates: all of them, or the newest `maxItems` when the
 * document lists more. A feed keeps no more than that, and reading (sanitising above all) is the costly part, so a
 * document of 100,000 entries costs what one of maxItems does, beyond parsing.
 */
function newestEntries(entries: readonly RawEntry[], maxItems: number, fetchedAt: Date): { entry: RawEntry; dates: ChosenDates }[] {
  const dated = entries.map((entry) => ({ entry, dates: choosePublished(entry.dates, fetchedAt) }));
  if (dated.length <= maxItems) return dated;
  // ISO instants of years 0 to 9999 sort as text; the sort is stable, so ties keep the document's order.
  const newest = new Set([...dated].sort((a, b) => (a.dates.published < b.dates.published ? 1 : a.dates.published > b.dates.published ? -1 : 0)).slice(0, maxItems));
  return dated.filter((entry) => newest.has(entry));
}

export function normaliseFeed(raw: RawFeed, given: NormaliseContext): NormalisedFeed {
  const context = { ...given, documentUrl: baseForRelativeUrls(raw, given.documentUrl) };
  const meta = normaliseMeta(raw, context.documentUrl);
  const items: Item[] = [];
  const seenIds = new Set<string>();
  const contentIds = new Map<string, number>();
  const duplicates: string[] = [];
  const unreadableDates: RawDate[] = [];
  const cutPosts: { title: string; cut: HtmlCut }[] = [];
  const cut: PostCuts = { bodies: 0, links: 0 };
  const entries = newestEntries(raw.entries, context.feed.maxItems, context.fetchedAt);
  for (const { entry, dates } of entries) {
    const result = normaliseEntry(entry, dates, raw, meta, context);
    unreadableDates.push(...result.unreadableDates);
    if (result.cut !== null) cutPosts.push({ title: result.item.title, cut: result.cut });
    if (result.bodyCut) cut.bodies++;
    if (result.linkDropped) cut.links++;
    if (result.idBasis === "content") {
      // Entries with nothing but the same content are as many posts as the document lists; numbering
      // them in document order keeps their ids the same on every run of the same document.
      const occurrence = (contentIds.get(result.item.id) ?? 0) + 1;
      contentIds.set(result.item.id, occurrence);
      if (occurrence > 1) result.item.id = `${result.item.id}#${occurrence}`;
    }
    // REFERENCE.md: one item per guid within a feed; the first occurrence is the one kept.
    if (seenIds.has(result.item.id)) {
      duplicates.push(result.item.id);
      continue;
    }
    seenIds.add(result.item.id);
    items.push(result.item);
  }
  const warnings: string[] = [];
  const [firstBadDate] = unreadableDates;
  if (firstBadDate !== undefined) {
    warnings.push(
      `${unreadableDates.length} item date${unreadableDates.length === 1 ? "" : "s"} could not be read (first: "${truncateAtWord(firstBadDate.value, 60)}" in <${firstBadDate.field}>); those items use another date or the time they were first seen.`,
    );
  }
  if (duplicates.length > 0) {
    warnings.push(
      `${duplicates.length} item${duplicates.length === 1 ? "" : "s"} repeated an id already in the feed (first: ${truncateAtWord(duplicates[0] ?? "", 80)}); only the first of each was kept.`,
    );
  }
  const cutWarning = cutPostsWarning(cutPosts);
  if (cutWarning !== null) warnings.push(cutWarning);
  // The edge of the stage: nothing leaves it, and so nothing enters the archive, that is not well-formed Unicode.
  return wellFormed({ meta, items, unread: raw.entries.length - entries.length, warnings, cut });
}
