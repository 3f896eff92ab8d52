// Feed dates → instants. Feeds write dates in every shape RFC 822 and ISO 8601 allow and many they
// don't; a date we cannot read is skipped, never fatal.
import type { DateSource } from "../model.ts";
import type { RawDate, RawDateField } from "../parse/types.ts";

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

// Offsets in minutes east of UTC. Military letters follow RFC 822 as written (A = -1 hour), as
// feedparser reads them; J is not a zone.
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0,
  edt: -240, est: -300, cdt: -300, cst: -360, mdt: -360, mst: -420, pdt: -420, pst: -480,
  ...Object.fromEntries([..."abcdefghi"].map((letter, index) => [letter, -60 * (index + 1)])),
  ...Object.fromEntries([..."klm"].map((letter, index) => [letter, -60 * (index + 10)])),
  ...Object.fromEntries([..."nopqrstuvwxy"].map((letter, index) => [letter, 60 * (index + 1)])),
};

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
}

function toDate(parts: DateParts): Date | null {
  const { year, month, day, hour, minute, second, millisecond, offsetMinutes } = parts;
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999, and year 1 is a valid date.
  date.setUTCFullYear(year, month, day);
  if (date.getUTCDate() !== day) return null;
  date.setUTCHours(hour, minute, Math.min(second, 59), millisecond);
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

function parseOffset(zone: string | undefined): number | null {
  if (zone === undefined || zone === "") return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) return (numeric[1] === "-" ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3] ?? 0));
  const named = /^(?:(?:gmt|utc|ut)(?=[+-]))?([+-]\d{2}:?\d{2})$/i.exec(zone);
  if (named?.[1]) return parseOffset(named[1]);
  return ZONES[zone.toLowerCase()] ?? null;
}

const ISO = /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function parseIso(value: string): Date | null {
  const match = ISO.exec(value);
  if (!match) return null;
  const offsetMinutes = parseOffset(match[8]?.toUpperCase() === "Z" ? "z" : match[8]);
  if (offsetMinutes === null) return null;
  return toDate({
    year: Number(match[1]), month: Number(match[2] ?? 1) - 1, day: Number(match[3] ?? 1),
    hour: Number(match[4] ?? 0), minute: Number(match[5] ?? 0), second: Number(match[6] ?? 0),
    millisecond: Number(((match[7] ?? "") + "000").slice(0, 3)), offsetMinutes,
  });
}

function fullYear(year: string): number {
  const value = Number(year);
  // RFC 2822 §4.3: two-digit years 00–49 are 2000–2049, 50–99 are 1950–1999.
  if (year.length === 2) return value < 50 ? 2000 + value : 1900 + value;
  return value;
}

// "Mon, 02 Jan 2006 15:04:05 -0700", without the weekday, with "2 January 06", missing seconds,
// named zones, "(comments)" after the zone, and "Jan 2, 2006" or asctime's "Mon Jan  2 15:04:05 2006".
const RFC822 = /^(?:[a-z]+,?\s+)?(\d{1,2})[\s-]+([a-z]{3,})\.?[\s-]+(\d{2}|\d{4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([a-z]+(?:[+-]\d{2}:?\d{2})?|[+-]\d{2}:?\d{2})?$/i;
const MONTH_FIRST = /^(?:[a-z]+,?\s+)?([a-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*([a-z]+|[+-]\d{2}:?\d{2}))?(?:\s+(\d{4}))?$/i;

function parseRfc822(value: string): Date | null {
  const cleaned = value.replace(/\s*\([^)]*\)\s*$/, "").replace(/\s+/g, " ").trim();
  const dayFirst = RFC822.exec(cleaned);
  const monthFirst = dayFirst ? null : MONTH_FIRST.exec(cleaned);
  const [day, monthName, year, hour, minute, second, zone] = dayFirst
    ? dayFirst.slice(1)
    : monthFirst
      ? [monthFirst[2], monthFirst[1], monthFirst[3] ?? monthFirst[8], monthFirst[4], monthFirst[5], monthFirst[6], monthFirst[7]]
      : [];
  if (day === undefined || monthName === undefined || year === undefined) return null;
  const month = MONTHS[monthName.slice(0, 3).toLowerCase()];
  const offsetMinutes = parseOffset(zone);
  if (month === undefined || offsetMinutes === null) return null;
  return toDate({
    year: fullYear(year), month, day: Number(day), hour: Number(hour ?? 0), minute: Number(minute ?? 0),
    second: Number(second ?? 0), millisecond: 0, offsetMinutes,
  });
}

/** The instant a feed date names, or null when it names none we can read. */
export function parseFeedDate(value: string): Date | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  return parseIso(trimmed) ?? parseRfc822(trimmed);
}

// REFERENCE.md's order: the first field holding a readable date wins.
const PUBLISHED_ORDER: RawDateField[] = [
  "pubDate", "dc:date", "dcterms:issued", "dcterms:created", "dcterms:modified", "issued", "created", "modified", "published", "updated",
];
const UPDATED_ORDER: RawDateField[] = ["updated", "modified", "dcterms:modified"];

export interface ChosenDates {
  published: string;
  updated: string | null;
  dateSource: DateSource;
  /** The raw text of the date used, for ids that must not change between runs. */
  publishedText: string | null;
  unreadable: RawDate[];
}

function firstReadable(dates: RawDate[], order: RawDateField[], unreadable: RawDate[]): { date: Date; raw: RawDate } | null {
  for (const field of order) {
    for (const raw of dates.filter((date) => date.field === field)) {
      const date = parseFeedDate(raw.value);
      if (date !== null) return { date, raw };
      if (!unreadable.includes(raw)) unreadable.push(raw);
    }
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
