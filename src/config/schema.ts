// The rules of feeds.yaml: plain data in, a Config or every problem found out. Where a problem sits in
// the file is asked of a `locate` callback, so these rules know nothing of YAML syntax trees.
import { format } from "date-fns/format";
import type { Config, FeedConfig, FetchSettings, SiteConfig } from "../model.ts";
import type { ConfigError } from "./config-error.ts";
import { parseByteSize } from "./byte-size.ts";
// The one list of characters that never reach a terminal raw is the one feeds.yaml refuses in a name.
import { controlsIn } from "../cli/terminal-text.ts";
import { DEFAULT_FETCH, DEFAULT_SITE, defaultUserAgent } from "./defaults.ts";
import { parseDuration } from "./durations.ts";
import { resolveFeedLocation } from "./feed-location.ts";
import { absoluteHttpUrl } from "../sanitise/urls.ts";
import { MAX_SLUG_LENGTH, slugify } from "./slug.ts";
import { closestMatch } from "./suggest.ts";
import { readFace, readPostFilter, readShow, readTheme, type Report } from "./owner-keys.ts";

export type KeyPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

/** Where the key (or its value) at `path` is written; the nearest enclosing place when it is absent. */
export type Locate = (path: KeyPath, part: "key" | "value") => Position | null;

export interface ValidationContext {
  /** The file as the owner named it, for messages. */
  file: string;
  /** Absolute path of the file, stored in Config. */
  absoluteFile: string;
  /** Folder that relative feed paths resolve against. */
  configDir: string;
  locate: Locate;
}

export type ValidationResult = { ok: true; config: Config } | { ok: false; errors: ConfigError[] };

const TOP_KEYS = ["site", "fetch", "feeds"] as const;
// The owner's controls (filters, show, face, theme) are read in owner-keys.ts.
const OWNER_SITE_KEYS = ["include", "exclude", "theme"] as const;
const OWNER_FEED_KEYS = ["include", "exclude", "show", "face"] as const;
const SITE_KEYS = [
  "title", "baseUrl", "timezone", "itemsPerPage", "foldRunsOver", "dateFormat", "intro", "disclaimer", "retention", "maxItemsPerFeed",
  // The archive's byte caps (limits-ops).
  "maxPostSize", "maxLinkSize", "maxFeedSize",
  ...OWNER_SITE_KEYS,
] as const;
const FETCH_KEYS = ["timeout", "maxBodySize", "concurrency", "perHostConcurrency", "maxRedirects", "userAgent", "maxNewItemsPerRun"] as const;
const FEED_KEYS = ["name", "url", "categories", "slug", "maxItems", ...OWNER_FEED_KEYS] as const;

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The longest source or category name: one heads pages and feeds, and an OPML file could bring one of any length. */
export const MAX_NAME_LENGTH = 200;

/** True, once reported, when a source or category name is longer than MAX_NAME_LENGTH. */
/** A name too long, or holding control characters (a NUL, U+202E that reverses the text after it): said, and true. */
function nameTooLong(problems: Problems, name: string, path: KeyPath): boolean {
  const controls = controlsIn(name);
  if (controls !== null) {
    problems.add(path, `holds control characters (${controls}), which are invisible or reorder the text around them on every page the name is on.`, "delete them (an editor that shows invisible characters helps).");
    return true;
  }
  if (name.length <= MAX_NAME_LENGTH) return false;
  problems.add(path, `${JSON.stringify(`${name.slice(0, 40)}…`)} is ${name.length} characters long; a name may have at most ${MAX_NAME_LENGTH}.`, `shorten it to ${MAX_NAME_LENGTH} characters or fewer.`);
  return true;
}

/** `["feeds", 2, "url"]` → `feeds[2].url` */
export function formatKeyPath(path: KeyPath): string {
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`)).join("");
}

/** Collects problems with their places; every rule reports here and carries on, so the owner sees all at once. */
class Problems {
  readonly errors: ConfigError[] = [];
  readonly context: ValidationContext;

  constructor(context: ValidationContext) {
    this.context = context;
  }

  add(path: KeyPath, message: string, fix: string, part: "key" | "value" = "value"): void {
    const position = this.context.locate(path, part);
    this.errors.push({
      file: this.context.file,
      line: position?.line ?? null,
      column: position?.column ?? null,
      key: formatKeyPath(path),
      message,
      fix,
    });
  }

  /** `add` for the readers of other modules, which report a value's problems only. */
  readonly report: Report = (path, message, fix) => this.add(path, message, fix);

  lineOf(path: KeyPath): string {
    const line = this.context.locate(path, "value")?.line;
    return line === undefined ? "" : ` (line ${line})`;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a group of keys";
  if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
  return `${typeof value === "boolean" ? "the true/false value" : "the number"} ${String(value)}`;
}

/** Reports keys the section does not know, with the likeliest intended one. */
function checkKeys(problems: Problems, record: Record<string, unknown>, path: KeyPath, known: readonly string[]): void {
  for (const key of Object.keys(record)) {
    if (known.includes(key)) continue;
    const suggestion = closestMatch(key, known);
    const where = path.length === 0 ? "at the top level" : `in ${formatKeyPath(path)}`;
    problems.add(
      [...path, key],
      suggestion === null ? `Unknown key \`${key}\` ${where}.` : `Unknown key \`${key}\`; did you mean \`${suggestion}\`?`,
      suggestion === null ? `remove it; the keys allowed ${where} are: ${known.join(", ")}.` : `rename it to \`${suggestion}\`.`,
      "key",
    );
  }
}

/** A section (`site:`, `fetch:`) as a record; absent or left empty means all defaults. */
function readSection(problems: Problems, value: unknown, path: KeyPath, known: readonly string[]): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    problems.add(path, `must be a group of keys (${known.join(", ")}), not ${describe(value)}.`, `indent its keys under \`${formatKeyPath(path)}:\`, one per line.`);
    return {};
  }
  checkKeys(problems, value, path, known);
  return value;
}

/** Readers of one optional value: `undefined` (absent) gives the default; a present value must be right. */
function readPresent(problems: Problems, value: unknown, path: KeyPath, fallback: string): boolean {
  if (value === undefined) return false;
  if (value === null) {
    problems.add(path, "has no value.", `write a value, or delete the line to use the default ${fallback}.`);
    return false;
  }
  return true;
}

function readText(problems: Problems, value: unknown, path: KeyPath, fallback: string, options: { allowEmpty: boolean }): string {
  if (!readPresent(problems, value, path, JSON.stringify(fallback))) return fallback;
  if (typeof value !== "string") {
    problems.add(path, `must be text, not ${describe(value)}.`, `put the value in double quotes, e.g. "${String(value)}".`);
    return fallback;
  }
  if (!options.allowEmpty && value.trim() === "") {
    problems.add(path, "must not be empty.", `write a value, or delete the line to use the default ${JSON.stringify(fallback)}.`);
    return fallback;
  }
  return value;
}

function readInteger(problems: Problems, value: unknown, path: KeyPath, fallback: number, minimum: number): number {
  if (!readPresent(problems, value, path, String(fallback))) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    const range = minimum === 0 ? "0 or more" : `${minimum} or more`;
    problems.add(path, `must be a whole number, ${range}, not ${describe(value)}.`, `write a number such as ${fallback}, without quotes.`);
    return fallback;
  }
  return value;
}

function readSite(problems: Problems, raw: unknown): SiteConfig {
  const section = readSection(problems, raw, ["site"], SITE_KEYS);
  const at = (key: string): KeyPath => ["site", key];
  return {
    title: readText(problems, section.title, at("title"), DEFAULT_SITE.title, { allowEmpty: false }).trim(),
    baseUrl: readBaseUrl(problems, section.baseUrl),
    timezone: readTimezone(problems, section.timezone),
    itemsPerPage: readInteger(problems, section.itemsPerPage, at("itemsPerPage"), DEFAULT_SITE.itemsPerPage, 1),
    foldRunsOver: readInteger(problems, section.foldRunsOver, at("foldRunsOver"), DEFAULT_SITE.foldRunsOver, 0),
    dateFormat: readDateFormat(problems, section.dateFormat),
    intro: readText(problems, section.intro, at("intro"), DEFAULT_SITE.intro, { allowEmpty: true }),
    disclaimer: readText(problems, section.disclaimer, at("disclaimer"), DEFAULT_SITE.disclaimer, { allowEmpty: true }),
    retentionMs: readRetention(problems, section.retention),
    maxItemsPerFeed: readInteger(problems, section.maxItemsPerFeed, at("maxItemsPerFeed"), DEFAULT_SITE.maxItemsPerFeed, 1),
    caps: {
      postBodyBytes: readByteSize(problems, section.maxPostSize, at("maxPostSize"), DEFAULT_SITE.caps.postBodyBytes, "512KiB"),
      linkBytes: readByteSize(problems, section.maxLinkSize, at("maxLinkSize"), DEFAULT_SITE.caps.linkBytes, "8KiB"),
      feedBytes: readByteSize(problems, section.maxFeedSize, at("maxFeedSize"), DEFAULT_SITE.caps.feedBytes, "50MiB"),
    },
    filter: readPostFilter(section, ["site"], problems.report),
    theme: readTheme(section.theme, at("theme"), problems.report, problems.context.configDir),
  };
}

function readBaseUrl(problems: Problems, value: unknown): string {
  const path = ["site", "baseUrl"];
  const text = readText(problems, value, path, DEFAULT_SITE.baseUrl, { allowEmpty: false });
  const normalised = absoluteHttpUrl(text.trim());
  if (normalised === null) {
    problems.add(path, `${JSON.stringify(text)} is not an absolute http(s) URL.`, "write the address the site will be served from, such as https://example.org/blogroll/");
    return DEFAULT_SITE.baseUrl;
  }
  const url = new URL(normalised);
  if (url.search !== "" || url.hash !== "") {
    problems.add(path, `${JSON.stringify(text)} has a query or fragment, which cannot prefix the site's links.`, `drop the part from "?" or "#" on, e.g. ${url.origin}${url.pathname}`);
    return DEFAULT_SITE.baseUrl;
  }
  // Every link the site writes is this prefix plus a relative path, so it must end with `/`.
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

function readTimezone(problems: Problems, value: unknown): string {
  const path = ["site", "timezone"];
  const zone = readText(problems, value, path, DEFAULT_SITE.timezone, { allowEmpty: false }).trim();
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    problems.add(path, `${JSON.stringify(zone)} is not an IANA time zone.`, "write a name from the tz database, such as UTC, Europe/London or America/New_York.");
    return DEFAULT_SITE.timezone;
  }
}

function readDateFormat(problems: Problems, value: unknown): string {
  const path = ["site", "dateFormat"];
  const pattern = readText(problems, value, path, DEFAULT_SITE.dateFormat, { allowEmpty: false });
  const fix = `use date-fns tokens (https://date-fns.org/docs/format) and put literal words in single quotes, e.g. ${JSON.stringify(DEFAULT_SITE.dateFormat)}.`;
  // date-fns reads D as day of the year and Y as week-numbering year: almost always a slip for d and y
  // (or Drupal's D, the weekday, which is EEE here). Checked here so date-fns neither warns nor throws.
  const unquoted = pattern.replace(/'(?:[^']|'')*'?/g, "");
  const slip = /[DY]+/.exec(unquoted)?.[0];
  if (slip !== undefined) {
    problems.add(path, `${JSON.stringify(pattern)} uses \`${slip}\`, which date-fns reads as the ${slip.startsWith("D") ? "day of the year" : "week-numbering year"}.`, `write \`${slip.toLowerCase()}\` instead${slip.startsWith("D") ? " (or EEE for a weekday such as Wed)" : ""}.`);
    return DEFAULT_SITE.dateFormat;
  }
  try {
    format(new Date(Date.UTC(2019, 1, 20, 19, 18)), pattern, { useAdditionalDayOfYearTokens: true, useAdditionalWeekYearTokens: true });
    return pattern;
  } catch (error) {
    problems.add(path, `${JSON.stringify(pattern)} is not a date-fns format: ${error instanceof Error ? error.message : String(error)}.`, fix);
    return DEFAULT_SITE.dateFormat;
  }
}

function readRetention(problems: Problems, value: unknown): number | null {
  const path = ["site", "retention"];
  if (!readPresent(problems, value, path, "never")) return DEFAULT_SITE.retentionMs;
  if (value === "never") return null;
  const milliseconds = typeof value === "string" ? parseDuration(value) : null;
  if (milliseconds === null) {
    const example = typeof value === "number" ? `${value}d` : "112d";
    problems.add(path, `must be "never" or a duration, not ${describe(value)}.`, `write never, or a number with a unit (m, h, d, w, y) such as ${example}.`);
    return DEFAULT_SITE.retentionMs;
  }
  return milliseconds;
}

function readFetch(problems: Problems, raw: unknown, baseUrl: string): FetchSettings {
  const section = readSection(problems, raw, ["fetch"], FETCH_KEYS);
  const at = (key: string): KeyPath => ["fetch", key];
  return {
    timeoutMs: readTimeout(problems, section.timeout),
    maxBodyBytes: readMaxBodySize(problems, section.maxBodySize),
    concurrency: readInteger(problems, section.concurrency, at("concurrency"), DEFAULT_FETCH.concurrency, 1),
    perHostConcurrency: readInteger(problems, section.perHostConcurrency, at("perHostConcurrency"), DEFAULT_FETCH.perHostConcurrency, 1),
    maxRedirects: readInteger(problems, section.maxRedirects, at("maxRedirects"), DEFAULT_FETCH.maxRedirects, 0),
    userAgent: readText(problems, section.userAgent, at("userAgent"), defaultUserAgent(baseUrl), { allowEmpty: false }).trim(),
    maxNewItemsPerRun: readInteger(problems, section.maxNewItemsPerRun, at("maxNewItemsPerRun"), DEFAULT_FETCH.maxNewItemsPerRun, 1),
  };
}

function readTimeout(problems: Problems, value: unknown): number {
  const path = ["fetch", "timeout"];
  if (!readPresent(problems, value, path, "20s")) return DEFAULT_FETCH.timeoutMs;
  const milliseconds = typeof value === "string" ? parseDuration(value) : null;
  if (milliseconds === null) {
    const example = typeof value === "number" ? `${value}s` : "20s";
    problems.add(path, `must be a duration, not ${describe(value)}.`, `write a number with a unit (ms, s, m) such as ${example}.`);
    return DEFAULT_FETCH.timeoutMs;
  }
  return milliseconds;
}

function readMaxBodySize(problems: Problems, value: unknown): number {
  return readByteSize(problems, value, ["fetch", "maxBodySize"], DEFAULT_FETCH.maxBodyBytes, "15MiB");
}

function readByteSize(problems: Problems, value: unknown, path: KeyPath, fallback: number, example: string): number {
  if (!readPresent(problems, value, path, example)) return fallback;
  const bytes = typeof value === "string" || typeof value === "number" ? parseByteSize(value) : null;
  if (bytes === null) {
    problems.add(path, `must be a size, not ${describe(value)}.`, `write a number of bytes, or a number with a unit (kB, MB, GB, KiB, MiB, GiB) such as ${example}.`);
    return fallback;
  }
  return bytes;
}

/** A feed entry's own rules; duplicates across entries are checked afterwards. Null when it is unusable. */
function readFeed(problems: Problems, raw: unknown, index: number, site: SiteConfig): FeedConfig | null {
  const path: KeyPath = ["feeds", index];
  if (!isRecord(raw)) {
    problems.add(path, `must be a group of keys (name, url, categories), not ${describe(raw)}.`, "write each feed as `- name: ...` with `url: ...` on the next line, indented to line up with `name`.");
    return null;
  }
  checkKeys(problems, raw, path, FEED_KEYS);
  const errorsBefore = problems.errors.length;
  const readName = readRequiredText(problems, raw.name, [...path, "name"], "write the name readers will see, e.g. `name: CloudFlare`.");
  const name = readName === null || nameTooLong(problems, readName, [...path, "name"]) ? null : readName;
  const slug = name === null ? null : readSlug(problems, raw.slug, name, path);
  const url = readFeedUrl(problems, raw.url, [...path, "url"]);
  const categories = readCategories(problems, raw.categories, [...path, "categories"]);
  const maxItems = readInteger(problems, raw.maxItems, [...path, "maxItems"], site.maxItemsPerFeed, 1);
  const filter = readPostFilter(raw, path, problems.report);
  const show = readShow(raw.show, [...path, "show"], problems.report);
  const face = readFace(raw.face, [...path, "face"], problems.report, problems.context.configDir);
  if (problems.errors.length > errorsBefore || name === null || url === null || slug === null) return null;
  return { name, slug, url, categories, maxItems, filter, show, face };
}

function readRequiredText(problems: Problems, value: unknown, path: KeyPath, fix: string): string | null {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    problems.add(path, value === undefined ? "is missing." : "must not be empty.", fix);
    return null;
  }
  if (typeof value !== "string") {
    problems.add(path, `must be text, not ${describe(value)}.`, `put the value in double quotes, e.g. "${String(value)}".`);
    return null;
  }
  return value.trim();
}

function readFeedUrl(problems: Problems, value: unknown, path: KeyPath): string | null {
  const text = readRequiredText(problems, value, path, "write the feed's address, e.g. `url: https://example.org/feed.xml`.");
  if (text === null) return null;
  const location = resolveFeedLocation(text, problems.context.configDir);
  if (!location.ok) {
    problems.add(path, location.message, location.fix);
    return null;
  }
  return location.url;
}

function readCategories(problems: Problems, value: unknown, path: KeyPath): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    const example = typeof value === "string" ? value : "Technology";
    problems.add(path, `must be a list, not ${describe(value)}.`, `write it in brackets: categories: [${example}]`);
    return [];
  }
  const categories: string[] = [];
  value.forEach((category: unknown, index) => {
    if (typeof category !== "string" || category.trim() === "") {
      problems.add([...path, index], `must be a category name, not ${describe(category)}.`, "write the name as text, in quotes if it looks like a number.");
      return;
    }
    const trimmed = category.trim();
    if (nameTooLong(problems, trimmed, [...path, index])) return;
    if (slugify(trimmed) === "") {
      problems.add([...path, index], `${JSON.stringify(trimmed)} has no letters or digits a web address can use (a-z, 0-9).`, "add a Latin-letter word to the category's name, e.g. \"Tech 技术\".");
      return;
    }
    if (!categories.includes(trimmed)) categories.push(trimmed);
  });
  return categories;
}

function readSlug(problems: Problems, value: unknown, name: string, feedPath: KeyPath): string | null {
  if (value === undefined) {
    const slug = slugify(name);
    if (slug === "") {
      problems.add([...feedPath, "name"], `${JSON.stringify(name)} has no letters or digits a web address can use, so no slug can be made from it.`, "add `slug: some-words` to this feed (lower-case a-z, 0-9 and -).");
      return null;
    }
    return slug;
  }
  const path = [...feedPath, "slug"];
  if (typeof value !== "string" || !SLUG_PATTERN.test(value)) {
    const suggestion = typeof value === "string" || typeof value === "number" ? slugify(String(value)) : "";
    problems.add(path, `${describe(value)} is not a slug: it must be lower-case a-z and 0-9 words joined by -.`, suggestion === "" ? "write a slug such as `my-feed`." : `write \`slug: ${suggestion}\`.`);
    return null;
  }
  // It names files and folders; longer would not fit the 255 bytes a file system allows a name.
  if (value.length > MAX_SLUG_LENGTH) {
    problems.add(path, `the slug is ${value.length} characters long; it names files and folders, so it may have at most ${MAX_SLUG_LENGTH}.`, `write a shorter slug, such as \`slug: ${slugify(value)}\`.`);
    return null;
  }
  return value;
}

function readFeeds(problems: Problems, raw: Record<string, unknown>, site: SiteConfig): FeedConfig[] {
  if (!("feeds" in raw)) {
    problems.add(["feeds"], "is missing: the file must list its feeds.", "add `feeds:` at the top level with a list of feeds, or `feeds: []` for none yet.", "key");
    return [];
  }
  // `feeds:` with nothing under it is an empty list being started, not a mistake.
  if (raw.feeds === null) return [];
  if (!Array.isArray(raw.feeds)) {
    problems.add(["feeds"], `must be a list of feeds, not ${describe(raw.feeds)}.`, "write each feed on its own `- name: ...` line under `feeds:`.");
    return [];
  }
  const feeds: ReadFeed[] = [];
  raw.feeds.forEach((entry: unknown, index) => {
    const feed = readFeed(problems, entry, index, site);
    if (feed !== null) feeds.push({ feed, index, slugWritten: isRecord(entry) && entry.slug !== undefined });
  });
  checkDuplicateFeeds(problems, feeds);
  checkCategorySlugs(problems, feeds);
  return feeds.map(({ feed }) => feed);
}

interface ReadFeed {
  feed: FeedConfig;
  index: number;
  /** Whether the owner wrote `slug:`, which decides where a clash of slugs is reported. */
  slugWritten: boolean;
}

/** Name, URL and slug each pick out one feed (the slug names its archive file and page), so each must be unique. */
function checkDuplicateFeeds(problems: Problems, feeds: readonly ReadFeed[]): void {
  const reportedNames = new Set<number>();
  const report = (entry: ReadFeed, earlier: ReadFeed, field: keyof FeedConfig, what: string, fix: string): void => {
    const earlierPath = ["feeds", earlier.index];
    problems.add(["feeds", entry.index, field], `${what} is already used by ${formatKeyPath(earlierPath)}${problems.lineOf(earlierPath)}.`, fix);
  };
  const byName = new Map<string, ReadFeed>();
  const byUrl = new Map<string, ReadFeed>();
  const bySlug = new Map<string, ReadFeed>();
  for (const entry of feeds) {
    const sameName = byName.get(entry.feed.name);
    if (sameName === undefined) byName.set(entry.feed.name, entry);
    else {
      report(entry, sameName, "name", `name ${JSON.stringify(entry.feed.name)}`, "give one of them another name, or remove the repeated feed.");
      reportedNames.add(entry.index);
    }
    const sameUrl = byUrl.get(entry.feed.url);
    if (sameUrl === undefined) byUrl.set(entry.feed.url, entry);
    else report(entry, sameUrl, "url", `URL ${JSON.stringify(entry.feed.url)}`, "remove the repeated feed.");
    const sameSlug = bySlug.get(entry.feed.slug);
    if (sameSlug === undefined) bySlug.set(entry.feed.slug, entry);
    // Equal names have equal slugs; that clash was reported once already.
    else if (!reportedNames.has(entry.index)) {
      const slug = JSON.stringify(entry.feed.slug);
      if (entry.slugWritten) report(entry, sameSlug, "slug", `slug ${slug}`, "choose another slug.");
      else report(entry, sameSlug, "name", `slug ${slug}, made from this name,`, "names that differ only in case or punctuation make the same slug; add `slug: another-name` to one of them.");
    }
  }
}

/** Each category gets a page named by its slug; two spellings of one slug (`C++` and `C`) would share it. */
function checkCategorySlugs(problems: Problems, feeds: readonly ReadFeed[]): void {
  const spellingBySlug = new Map<string, string>();
  for (const { feed, index } of feeds) {
    feed.categories.forEach((category) => {
      const slug = slugify(category);
      const spelling = spellingBySlug.get(slug);
      if (spelling === undefined) spellingBySlug.set(slug, category);
      else if (spelling !== category) {
        problems.add(
          ["feeds", index, "categories"],
          `category ${JSON.stringify(category)} and category ${JSON.stringify(spelling)} would share the page "${slug}".`,
          `spell them the same way if they are one category, or rename one.`,
        );
      }
    });
  }
}

/** Applies every rule to the parsed document; all problems are returned together. */
export function validateConfig(raw: unknown, context: ValidationContext): ValidationResult {
  const problems = new Problems(context);
  if (raw === null || raw === undefined) {
    problems.add([], "The file is empty.", "list your feeds under `feeds:`; see the feeds.yaml that comes with Blogroll for every key.");
    return { ok: false, errors: problems.errors };
  }
  if (!isRecord(raw)) {
    problems.add([], `The file must be a group of keys (site, fetch, feeds), not ${describe(raw)}.`, "start the file with `site:` or `feeds:` at the beginning of a line.");
    return { ok: false, errors: problems.errors };
  }
  checkKeys(problems, raw, [], TOP_KEYS);
  const site = readSite(problems, raw.site);
  const fetch = readFetch(problems, raw.fetch, site.baseUrl);
  const feeds = readFeeds(problems, raw, site);
  if (problems.errors.length > 0) return { ok: false, errors: problems.errors };
  return { ok: true, config: { file: context.absoluteFile, site, fetch, feeds } };
}
