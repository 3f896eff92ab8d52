// `blogroll add`, `blogroll remove` and OPML import edit feeds.yaml. The yaml Document API finds where the
// `feeds:` list and its entries are written; only those bytes change, so every comment, blank line and
// alignment elsewhere in the file stays exactly as the owner left it. The edited text must pass the same
// checks as loadConfig before it replaces the file, atomically.
import { basename, dirname, join } from "node:path";
import { Document, isMap, isScalar, isSeq, type Pair, type YAMLSeq } from "yaml";
import { writeFileAtomic } from "../disk.ts";
import { acquireFileLock } from "../archive/lock.ts";
import { fileError, type ConfigError } from "./config-error.ts";
import { formatKeyPath } from "./schema.ts";
import { parseConfigDocument, parseConfigText, readConfigText } from "./load.ts";
import { closestMatch } from "./suggest.ts";
import { slugify } from "./slug.ts";

export interface NewFeed {
  name: string;
  /** Written as given: an http(s) URL, or a file path relative to the configuration file's folder. */
  url: string;
  categories: string[];
}

export type EditResult = { ok: true } | { ok: false; error: ConfigError };

export type BatchEditResult =
  | { ok: true; added: NewFeed[]; skipped: { feed: NewFeed; reason: string }[] }
  | { ok: false; error: ConfigError };

export async function addFeedToConfig(file: string, feed: NewFeed): Promise<EditResult> {
  const result = await addFeedsToConfig(file, [feed]);
  if (!result.ok) return result;
  const skipped = result.skipped[0];
  if (skipped === undefined) return { ok: true };
  return { ok: false, error: fileError(file, "", `Feed ${JSON.stringify(feed.name)} was not added: ${skipped.reason}`, "change the name or URL, or leave the listed feed as it is.") };
}

/** How long an edit waits for another edit of the same file to finish: each holds the lock for milliseconds. */
const EDIT_WAIT_MS = 30_000;

/**
 * Runs `edit` (which reads the file, then writes it) holding the file's lock, so that two edits at once (two `add`s,
 * an `add` during an `opml import`) each see the other's result instead of writing over it.
 */
async function underEditLock<T>(file: string, edit: () => Promise<T>): Promise<T | { ok: false; error: ConfigError }> {
  const lock = await acquireFileLock(join(dirname(file), `.${basename(file)}.lock`), new Date(), { what: file, waitMs: EDIT_WAIT_MS });
  if (!lock.ok) return { ok: false, error: fileError(file, "", lock.message, "run the command again once the other edit has finished.") };
  try {
    return await edit();
  } finally {
    await lock.lock.release();
  }
}

/** Adds every feed that is valid and not yet listed (by name, URL or slug); reports the others with the reason. */
export function addFeedsToConfig(file: string, feeds: readonly NewFeed[]): Promise<BatchEditResult> {
  return underEditLock(file, () => addFeedsUnlocked(file, feeds));
}

async function addFeedsUnlocked(file: string, feeds: readonly NewFeed[]): Promise<BatchEditResult> {
  const located = await locateFeeds(file);
  if (!located.ok) return located;
  const { text, list } = located;
  // Try all the new entries together; drop those the checks object to, and try again until none do.
  // The checks are the loader's own, so an accepted feed is exactly one loadConfig will accept.
  let candidates = feeds.map((feed, order) => ({ feed, order, entry: { name: feed.name.trim(), url: feed.url.trim(), categories: feed.categories } }));
  const skipped: { feed: NewFeed; order: number; reason: string }[] = [];
  for (;;) {
    const edited = appendEntries(text, list, candidates.map(({ entry }) => entry));
    const checked = parseConfigText(edited, file);
    if (checked.ok) {
      if (candidates.length > 0) await writeFileAtomic(file, edited, { durable: true });
      skipped.sort((a, b) => a.order - b.order);
      return { ok: true, added: candidates.map(({ feed }) => feed), skipped: skipped.map(({ feed, reason }) => ({ feed, reason })) };
    }
    const rejected = new Map<number, string>();
    for (const error of checked.errors) {
      const index = newEntryIndex(error.key, list.count);
      if (index === null || index >= candidates.length) return { ok: false, error };
      if (!rejected.has(index)) rejected.set(index, describeRejection(error, list.count + index));
    }
    for (const [index, reason] of rejected) {
      const candidate = candidates[index];
      if (candidate !== undefined) skipped.push({ feed: candidate.feed, order: candidate.order, reason });
    }
    candidates = candidates.filter((_, index) => !rejected.has(index));
  }
}

/** Removes the feed with this name (or slug); everything else in the file is left byte for byte. */
export function removeFeedFromConfig(file: string, name: string): Promise<EditResult> {
  return underEditLock(file, () => removeFeedUnlocked(file, name));
}

async function removeFeedUnlocked(file: string, name: string): Promise<EditResult> {
  const located = await locateFeeds(file);
  if (!located.ok) return located;
  const { text, list } = located;
  const wanted = name.trim();
  const index = list.names.findIndex((listed) => listed === wanted || slugify(listed) === wanted);
  if (index === -1) {
    const suggestion = closestMatch(wanted, list.names);
    return {
      ok: false,
      error: fileError(
        file,
        "feeds",
        `No feed is named ${JSON.stringify(wanted)}.${suggestion === null ? "" : ` Did you mean ${JSON.stringify(suggestion)}?`}`,
        list.names.length === 0 ? "there are no feeds to remove." : `use one of the listed names: ${list.names.map((listed) => JSON.stringify(listed)).join(", ")}.`,
      ),
    };
  }
  const edited = removeEntry(text, list, index);
  const checked = parseConfigText(edited, file);
  if (!checked.ok) return { ok: false, error: checked.errors[0] ?? editFailure(file) };
  await writeFileAtomic(file, edited, { durable: true });
  return { ok: true };
}

// ---------------------------------------------------------------- where the feeds list is written

interface FeedList {
  pair: Pair;
  /** The block list, or null when the list is written `[...]` or left empty and must be rewritten. */
  block: YAMLSeq | null;
  /** The entries as data, for rewriting a `[...]` list. */
  values: unknown[];
  names: string[];
  count: number;
  eol: string;
}

type Located = { ok: true; text: string; list: FeedList } | { ok: false; error: ConfigError };

/** Reads the file, insists it is valid now (an edit must not hide an existing problem), and finds `feeds:`. */
async function locateFeeds(file: string): Promise<Located> {
  const read = await readConfigText(file);
  if (!read.ok) return read;
  const current = parseConfigText(read.text, file);
  if (!current.ok) return { ok: false, error: current.errors[0] ?? editFailure(file) };
  const parsed = parseConfigDocument(read.text, file);
  const root = parsed.ok ? parsed.document.contents : null;
  const pair = isMap(root) ? root.items.find((item) => isScalar(item.key) && item.key.value === "feeds") : undefined;
  if (!parsed.ok || pair === undefined) return { ok: false, error: editFailure(file) };
  const value = pair.value;
  const block = isSeq(value) && !value.flow && value.items.length > 0 ? value : null;
  const values = isSeq(value) ? (value.toJSON() as unknown[]) : [];
  return {
    ok: true,
    text: read.text,
    list: {
      pair,
      block,
      values,
      names: current.config.feeds.map((feed) => feed.name),
      count: current.config.feeds.length,
      eol: read.text.includes("\r\n") ? "\r\n" : "\n",
    },
  };
}

function editFailure(file: string): ConfigError {
  return fileError(file, "feeds", "The feeds list could not be found to edit.", "check that the file has a top-level `feeds:` key.");
}

// ---------------------------------------------------------------- text edits

function appendEntries(text: string, list: FeedList, entries: readonly NewFeed[]): string {
  if (entries.length === 0) return text;
  if (list.block !== null) {
    const last = list.block.items[list.block.items.length - 1];
    const first = list.block.items[0];
    const end = rangeOf(last)?.[1] ?? text.length;
    const indent = dashIndent(text, rangeOf(first)?.[0] ?? end);
    const rendered = renderEntries(entries, indent, list.eol);
    const separator = end > 0 && text[end - 1] !== "\n" ? list.eol : "";
    return text.slice(0, end) + separator + rendered + text.slice(end);
  }
  return rewriteList(text, list, [...list.values, ...entries]);
}

function removeEntry(text: string, list: FeedList, index: number): string {
  if (list.block === null) return rewriteList(text, list, list.values.filter((_, position) => position !== index));
  const range = rangeOf(list.block.items[index]);
  if (range === undefined) return text;
  // The entry's range ends after its last line's newline, so whole lines go and the neighbours stay intact.
  return text.slice(0, lineStart(text, dashOffset(text, range[0]))) + text.slice(range[1]);
}

/** Writes a `[...]` list out as a block list under its key; only the brackets' bytes are replaced. */
function rewriteList(text: string, list: FeedList, values: readonly unknown[]): string {
  const valueRange = rangeOf(list.pair.value);
  if (!isSeq(list.pair.value) || valueRange === undefined) {
    // `feeds:` left empty: the entries go on the lines after it, past any comment on its line.
    const lineEnd = text.indexOf("\n", rangeOf(list.pair.key)?.[1] ?? 0);
    const insertAt = lineEnd === -1 ? text.length : lineEnd + 1;
    const separator = lineEnd === -1 ? list.eol : "";
    return text.slice(0, insertAt) + separator + renderEntries(values, "  ", list.eol) + text.slice(insertAt);
  }
  const rendered = values.length === 0 ? "[]" : list.eol + renderEntries(values, "  ", list.eol).slice(0, -list.eol.length);
  const start = values.length === 0 ? valueRange[0] : text.slice(0, valueRange[0]).replace(/[ \t]+$/, "").length;
  return text.slice(0, start) + rendered + text.slice(valueRange[1]);
}

function renderEntries(values: readonly unknown[], indent: string, eol: string): string {
  return values.map((value) => renderEntry(value, indent, eol)).join("");
}

/** One `- name: ...` entry, categories on one line in brackets, as the committed feeds.yaml writes them. */
function renderEntry(value: unknown, indent: string, eol: string): string {
  const document = new Document(value);
  const entry = document.contents;
  if (isMap(entry)) {
    const categories = entry.get("categories", true);
    if (isSeq(categories) && categories.items.length === 0) entry.delete("categories");
    else if (isSeq(categories)) categories.flow = true;
  }
  const lines = document.toString({ flowCollectionPadding: false, lineWidth: 0 }).replace(/\n$/, "").split("\n");
  return lines.map((line, index) => `${indent}${index === 0 ? "- " : "  "}${line}${eol}`).join("");
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  const range = (node as { range?: [number, number, number] | null } | null)?.range;
  return range ?? undefined;
}

/** The `-` that opens the entry starting at `contentStart` (usually on the same line, `- name: ...`). */
function dashOffset(text: string, contentStart: number): number {
  let offset = contentStart - 1;
  while (offset >= 0 && /\s/.test(text[offset] ?? "")) offset--;
  return text[offset] === "-" ? offset : contentStart;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The spaces before the first entry's `-`, so new entries line up with the owner's. */
function dashIndent(text: string, contentStart: number): string {
  const dash = dashOffset(text, contentStart);
  const prefix = text.slice(lineStart(text, dash), dash);
  return /^ *$/.test(prefix) ? prefix : "  ";
}

// ---------------------------------------------------------------- rejected entries

/** The position among the new entries of an error at `feeds[n]...`, or null if the error is elsewhere. */
function newEntryIndex(key: string, existing: number): number | null {
  const match = /^feeds\[(\d+)\]/.exec(key);
  if (match === null) return null;
  const index = Number(match[1]) - existing;
  return index >= 0 ? index : null;
}

/** Why an entry was refused, naming its field unless the message already starts with it. */
function describeRejection(error: ConfigError, index: number): string {
  const field = error.key.slice(formatKeyPath(["feeds", index]).length).replace(/^\./, "");
  return field === "" || error.message.toLowerCase().startsWith(field.toLowerCase()) ? error.message : `${field}: ${error.message}`;
}
