// Parses material nobody on this team wrote: real feeds and the Universal Feed Parser's
// conformance cases, read in place from ../shared/corpus (never copied into the repository).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { normaliseFeed } from "../../src/normalise/normalise-feed.ts";
import { parseFeedDocument } from "../../src/parse/parse-feed.ts";
import { filesUnder, judge, mappableCases, type CaseReading } from "./feedparser-cases.ts";
import type { FeedConfig } from "../../src/model.ts";
import { DEFAULT_FEED } from "../../src/config/defaults.ts";
import type { RawFeed } from "../../src/parse/types.ts";

const corpus = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/corpus");
const present = existsSync(corpus);
if (!present) console.log(`corpus: ${corpus} is absent (a fresh clone has no ../shared), so the corpus tests are skipped.`);

const feedConfig: FeedConfig = { name: "Corpus", slug: "corpus", url: "https://example.org/feed", categories: [], maxItems: 10_000, ...DEFAULT_FEED };
const fetchedAt = new Date("2030-01-01T00:00:00Z");

/**
 * The cases where we read a feed differently from feedparser on purpose, and why. The test fails when
 * another case differs, and when one of these stops differing (so the list stays true).
 */
const INTENDED_DIFFERENCES: Record<string, string> = {
  // DIFF: an undefined `&lang;`/`&rang;` is read by the HTML standard's table (U+27E8/U+27E9), as a browser
  // reads it in the post's HTML; feedparser uses HTML 4's U+2329/U+232A, which Unicode deprecates (they
  // normalise to the wide CJK brackets U+3008/U+3009).
  "entities/lang.xml": "HTML5 entity table",
  "entities/rang.xml": "HTML5 entity table",
  // DIFF: an id is kept as written, never resolved against the document's address: a feed that moves
  // to a new URL must not give every item a new id (and so a duplicate in the archive).
  "wellformed/base/http_entry_id_base_docuri.xml": "ids are not resolved",
  // DIFF: the sanitiser removes SVG and MathML with their contents (src/sanitise/dropped-elements.ts):
  // their markup is a script and style vector our allow-list does not take on.
  "wellformed/namespace/atommathml.xml": "sanitiser drops MathML",
  "wellformed/namespace/rss2.0mathml.xml": "sanitiser drops MathML",
  "wellformed/namespace/atomxlink.xml": "sanitiser drops SVG",
  "wellformed/namespace/rss2.0xlink.xml": "sanitiser drops SVG",
};

/**
 * Each entry as we read it. Entries are normalised one at a time: feedparser keeps every entry, where we
 * keep one item per id or link (REFERENCE.md), and a case about how an entry is read must not turn on that.
 */
function ourReading(feed: RawFeed, documentUrl: string): CaseReading {
  const context = { feed: feedConfig, documentUrl, fetchedAt };
  return {
    meta: normaliseFeed({ ...feed, entries: [] }, context).meta,
    items: feed.entries.flatMap((entry) =>
      normaliseFeed({ ...feed, entries: [entry] }, context).items.map((item) => ({
        ...item,
        published: item.dateSource === "first-seen" ? null : item.published,
        // The categories as read, before normalising picks each one's shown text.
        categories: entry.categories.map(({ term, label }) => ({ term, label })),
      })),
    ),
  };
}

describe.skipIf(!present)("corpus", () => {
  it("parses every real feed without throwing", async () => {
    const failures: string[] = [];
    const files = filesUnder(join(corpus, "real"));
    for (const file of files) {
      const outcome = await parseFeedDocument(readFileSync(file), { url: "https://example.org/feed", contentType: null });
      if (outcome.ok) normaliseFeed(outcome.feed, { feed: feedConfig, documentUrl: "https://example.org/feed", fetchedAt });
      else failures.push(`${relative(corpus, file)}: ${outcome.error.kind}: ${outcome.error.message}`);
    }
    console.log(`corpus real/: ${files.length - failures.length} of ${files.length} files read as feeds; not feeds:\n  ${failures.join("\n  ")}`);
    expect(files.length).toBeGreaterThan(0);
  });

  it("meets the feedparser conformance cases we can map, differing only where we mean to", async () => {
    const { cases, skipped } = mappableCases(join(corpus, "feedparser"));
    const differences = new Map<string, string>();
    for (const conformanceCase of cases) {
      const { name, body, expression, comparisons, contentType, documentUrl } = conformanceCase;
      const outcome = await parseFeedDocument(body, { url: documentUrl, contentType });
      if (!outcome.ok) {
        differences.set(name, `${outcome.error.kind}: ${outcome.error.message} (${expression})`);
        continue;
      }
      const reading = ourReading(outcome.feed, documentUrl);
      const failed = comparisons.map((comparison) => judge(comparison, reading)).find((verdict) => !verdict.matches);
      if (failed !== undefined && !failed.matches) differences.set(name, `expected ${expression}; got ${JSON.stringify(failed.actual)}`);
    }
    // Worded apart from the runner's own "N passed, N failed" line, which CI reads as the run's verdict: these
    // are conformance cases measured against a bar, not tests.
    const matching = cases.length - differences.size;
    console.log(
      `feedparser conformance cases: ${matching} match, ${differences.size} differ (${((100 * matching) / Math.max(1, cases.length)).toFixed(1)}% of ${cases.length} mappable), ${skipped} not mappable to our model`,
    );
    const intended = [...differences].filter(([name]) => name in INTENDED_DIFFERENCES);
    const unintended = [...differences].filter(([name]) => !(name in INTENDED_DIFFERENCES));
    const stale = Object.keys(INTENDED_DIFFERENCES).filter((name) => !differences.has(name));
    if (intended.length > 0) console.log(`intended differences:\n  ${intended.map(([name]) => `${name}: ${INTENDED_DIFFERENCES[name]}`).join("\n  ")}`);
    if (unintended.length > 0) console.log(`differences:\n  ${unintended.map(([name, how]) => `${name}: ${how}`).join("\n  ")}`);
    expect(cases.length).toBeGreaterThan(0);
    expect(matching / cases.length).toBeGreaterThanOrEqual(0.985);
    expect(unintended.map(([name]) => name)).toEqual([]);
    expect(stale, "listed as intended differences, but now matching: take them off the list").toEqual([]);
  });
});
