// Feed dates → instants, and which of an entry's dates is its publication date. Feeds write dates in
// every shape RFC 822 and ISO 8601 allow and many they don't; each family is read in its own module of
// date-formats/, tried in turn. A date none of them reads is skipped, never fatal.
import { parseCjk } from "./date-formats/cjk.ts";
import { parseIso8601 } from "./date-formats/iso8601.ts";
import { parseNumeric } from "./date-formats/numeric.ts";
import { parseWorded } from "./date-formats/worded.ts";
import type { DateSource } from "../model.ts";
import type { RawDate, RawDateField } from "../parse/types.ts";

const FAMILIES = [parseIso8601, parseWorded, parseNumeric, parseCjk];

/** The instant a feed date names, or null when it names none we can read. */
export function parseFeedDate(value: string): Date | null {
  // "(UTC)" and other comments after a date say nothing its zone does not.
  const text = value.replace(/\s*\([^()]*\)\s*$/, "").replace(/\s+/g, " ").trim();
  if (text === "") return null;
  for (const family of FAMILIES) {
    const date = family(text);
    if (date !== null) return date;
  }
  return null;
}

// REFERENCE.md's order: the first group holding a readable date wins. Atom 0.3's issued and modified
// became Atom 1.0's published and updated, so each pair is one group. Within a group the last date the
// entry writes wins, as feedparser and gofeed read a repeated date.
const PUBLISHED_ORDER: RawDateField[][] = [
  ["pubDate"], ["dc:date"], ["dcterms:issued"], ["dcterms:created"], ["dcterms:modified"], ["issued", "published"], ["created"], ["modified", "updated"],
];
const UPDATED_ORDER: RawDateField[][] = [["modified", "updated"], ["dcterms:modified"]];

export interface ChosenDates {
  published: string;
  updated: string | null;
  dateSource: DateSource;
  /** The raw text of the date used, for ids that must not change between runs. */
  publishedText: string | null;
  unreadable: RawDate[];
}

function firstReadable(dates: RawDate[], order: RawDateField[][], unreadable: RawDate[]): { date: Date; raw: RawDate } | null {
  for (const group of order) {
    let found: { date: Date; raw: RawDate } | null = null;
    for (const raw of dates.filter((date) => group.includes(date.field))) {
      const date = parseFeedDate(raw.value);
      if (date !== null) found = { date, raw };
      else if (!unreadable.includes(raw)) unreadable.push(raw);
    }
    if (found !== null) return found;
  }
  return null;
}

export function choosePublished(dates: RawDate[], fetchedAt: Date): ChosenDates {
  const unreadable: RawDate[] = [];
  const published = firstReadable(dates, PUBLISHED_ORDER, unreadable);
  const updated = firstReadable(dates, UPDATED_ORDER, unreadable);
  // Weakness 3: a post dated in the future would sit at the top of every list until that date.
  const clamp = (date: Date): Date => (date.getTime() > fetchedAt.getTime() ? fetchedAt : date);
  const publishedAt = published ? clamp(published.date) : fetchedAt;
  const updatedAt = updated ? clamp(updated.date) : null;
  return {
    published: publishedAt.toISOString(),
    updated: updatedAt !== null && updatedAt.getTime() !== publishedAt.getTime() ? updatedAt.toISOString() : null,
    dateSource: published === null ? "first-seen" : published.date.getTime() > fetchedAt.getTime() ? "clamped-future" : "feed",
    publishedText: published?.raw.value ?? null,
    unreadable,
  };
}
