// The Universal Feed Parser's conformance cases, read in place from ../shared/corpus/feedparser, and how a
// reader's result is judged against their `Expect:` lines. Any reader can be judged: ours in the corpus
// test, another (rss-parser, say) when measuring how often each agrees with feedparser.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { htmlToText } from "../../src/sanitise/sanitise.ts";
import { parseExpectation, type Comparison, type PythonValue } from "./python-expect.ts";

export function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A reader's result in the terms the cases are judged in. */
export interface CaseReading {
  meta: { title: string | null; description: string | null; siteLink: string | null; image: { url: string; title: string | null } | null };
  items: CaseItem[];
}

export interface CaseItem {
  title: string;
  link: string | null;
  id: string;
  contentHtml: string;
  summary: string;
  author: string | null;
  /** ISO instant of the feed's own date; null when the reader found none. */
  published: string | null;
  updated: string | null;
  /** The entry's categories as the document wrote them (Atom's term and label; RSS's text as the term). */
  categories: { term: string; label: string | null }[];
  enclosures: { url: string; type: string | null; length: number | null }[];
}

export interface ConformanceCase {
  /** Path under the feedparser folder, e.g. "wellformed/rss/item_title.xml". */
  name: string;
  body: Buffer;
  expression: string;
  comparisons: Comparison[];
  contentType: string | null;
  /** The address feedparser's test server serves the case at: relative URLs resolve against it. */
  documentUrl: string;
}

function caseHeader(text: string): { expect: string | null; headers: Map<string, string> } {
  const comment = /^\s*<!--([\s\S]*?)-->/.exec(text)?.[1] ?? "";
  const headers = new Map<string, string>();
  for (const match of comment.matchAll(/^Header:\s*([^:]+):\s*(.*)$/gm)) headers.set((match[1] ?? "").trim().toLowerCase(), (match[2] ?? "").trim());
  return { expect: /^Expect:\s*(.*)$/m.exec(comment)?.[1]?.trim() ?? null, headers };
}

const MAPPED_ENTRY_KEYS =
  /^(title|title_detail\.value|link|id|guid|description|summary|summary_detail\.value|content\.0\.value|author|author_detail\.name|published_parsed|updated_parsed|tags\.\d+\.(term|label)|enclosures\.\d+\.(href|url|type|length))$/;
const MAPPED_FEED_KEYS = /^(title|title_detail\.value|(tagline|subtitle|description)(_detail\.value)?|link|image\.(href|url|title))$/;

/** Does our model hold something to compare with this expectation? */
function isMapped(comparison: Comparison): boolean {
  return (comparison.root === "feed" ? MAPPED_FEED_KEYS : MAPPED_ENTRY_KEYS).test(comparison.path.join("."));
}

/**
 * The cases whose every expectation has a counterpart in our model; `skipped` counts the others. A case
 * served with Content-Location is skipped too: that header moves feedparser's base URL, and our fetcher
 * does not read it.
 */
export function mappableCases(root: string): { cases: ConformanceCase[]; skipped: number } {
  const cases: ConformanceCase[] = [];
  let skipped = 0;
  for (const file of filesUnder(root).filter((path) => path.endsWith(".xml"))) {
    const body = readFileSync(file);
    const { expect: expression, headers } = caseHeader(body.toString("latin1"));
    const expectation = expression === null ? null : parseExpectation(expression);
    if (
      expression === null || expectation === null || expectation.unsupported.length > 0 || expectation.comparisons.length === 0 ||
      !expectation.comparisons.every(isMapped) || headers.has("content-location")
    ) {
      skipped++;
      continue;
    }
    const name = relative(root, file);
    cases.push({
      name, body, expression, comparisons: expectation.comparisons, contentType: headers.get("content-type") ?? null,
      documentUrl: `http://127.0.0.1:8097/tests/${name}`,
    });
  }
  return { cases, skipped };
}

/** feedparser's text keys hold plain text or HTML depending on the source's type; ours are plain text. */
const sameText = (actual: string | null | undefined, expected: PythonValue): boolean =>
  typeof expected === "string" && (actual === expected || (actual ?? "") === htmlToText(expected));

/** URLs compare as WHATWG parses them: `http://item.TEST/` and `http://item.test/` are one address. */
const normalUrl = (url: string): string => URL.parse(url)?.href ?? url;
const sameUrl = (actual: string | null | undefined, expected: PythonValue): boolean =>
  typeof expected === "string" && actual != null && normalUrl(actual) === normalUrl(expected);

/**
 * feedparser keeps a body as the feed typed it: HTML, or plain text for `type="text"`. Our bodies are
 * sanitised HTML, so they match on their text and their URLs.
 */
function sameBody(item: CaseItem, expected: PythonValue): boolean {
  if (typeof expected !== "string") return false;
  if (item.contentHtml === expected) return true;
  const ourText = htmlToText(item.contentHtml);
  if (ourText === expected) return true;
  const text = htmlToText(expected);
  const urls = [...expected.matchAll(/(?:href|src)=["']([^"']+)["']/g)].map((match) => normalUrl(match[1] ?? ""));
  return (text === ourText || text === item.summary) && urls.every((url) => item.contentHtml.includes(url));
}

/** feedparser's time tuples: (year, month, day, hour, minute, second, weekday, yearday, dst), in UTC. */
function sameInstant(iso: string | null, expected: PythonValue): boolean {
  if (iso === null || !Array.isArray(expected)) return false;
  const date = new Date(iso);
  const actual = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  return actual.every((value, index) => value === expected[index]);
}

export type Verdict = { matches: true } | { matches: false; actual: unknown };

const verdict = (matches: boolean, actual: unknown): Verdict => (matches ? { matches } : { matches, actual });

/** One expectation against a reading; `isMapped(comparison)` holds. */
export function judge(comparison: Comparison, reading: CaseReading): Verdict {
  const key = comparison.path.join(".");
  const { expected } = comparison;
  if (comparison.root === "feed") {
    const meta = reading.meta;
    if (key === "title" || key === "title_detail.value") return verdict(sameText(meta.title, expected), meta.title);
    if (key === "link") return verdict(sameUrl(meta.siteLink, expected), meta.siteLink);
    if (key === "image.href" || key === "image.url") return verdict(sameUrl(meta.image?.url, expected), meta.image?.url);
    if (key === "image.title") return verdict(sameText(meta.image?.title, expected), meta.image?.title);
    return verdict(sameText(meta.description, expected), meta.description);
  }
  const item = reading.items[comparison.entryIndex];
  if (item === undefined) return { matches: false, actual: `no entry ${comparison.entryIndex}` };
  if (key === "title" || key === "title_detail.value") return verdict(sameText(item.title, expected), item.title);
  if (key === "link") return verdict(sameUrl(item.link, expected), item.link);
  if (key === "id" || key === "guid") return verdict(item.id === expected, item.id);
  // feedparser's `author` appends " (email)"; we keep the name only.
  if (key === "author") return verdict(typeof expected === "string" && sameText(item.author, expected.replace(/\s*\([^()]*@[^()]*\)$/, "")), item.author);
  if (key === "author_detail.name") return verdict(sameText(item.author, expected), item.author);
  if (key === "published_parsed") return verdict(sameInstant(item.published, expected), item.published);
  // Our `updated` is null when it equals `published`; feedparser repeats it.
  if (key === "updated_parsed") return verdict(sameInstant(item.updated ?? item.published, expected), item.updated ?? item.published);
  if (key.startsWith("tags.")) {
    const category = item.categories[Number(comparison.path[1])];
    const actual = comparison.path[2] === "label" ? category?.label : category?.term;
    return verdict(actual === expected, item.categories);
  }
  if (key.startsWith("enclosures.")) {
    const enclosure = item.enclosures[Number(comparison.path[1])];
    const field = comparison.path[2];
    if (field === "href" || field === "url") return verdict(sameUrl(enclosure?.url, expected), enclosure?.url);
    // feedparser keeps the length as the text the feed wrote; ours is a number.
    if (field === "length") return verdict(enclosure?.length != null && String(enclosure.length) === expected, enclosure?.length);
    return verdict(enclosure?.type === expected, enclosure?.type);
  }
  return verdict(sameBody(item, expected), item.contentHtml);
}
