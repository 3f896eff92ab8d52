// Dates whose month is a word, in any order and in any language month-names.ts knows: RFC 822 and
// 2822 ("Tue, 05 Mar 2024 10:00:00 +0000") with what feeds do to them (no weekday or "Fri,24", two-digit
// years, full month names, no seconds or no time, "13 Feb, 2012", ordinals like "2nd", odd zones: EST,
// GMT+01:00, Etc/GMT, Europe/Paris, military letters), month first ("Mar 5, 2024 3:04 PM", asctime's
// "Tue Mar  5 10:00:00 2024"), year first (Hungarian "2004-július-13T9:15-05:00"), and Greek ones
// ("Κυρ, 11 Ιούλ 2004 12:00:00 EST").
import { monthNamed } from "./month-names.ts";
import { clock, fullYear, toDate, TIME, ZONE } from "./parts.ts";

type Token =
  | { kind: "number"; text: string }
  | { kind: "word"; text: string }
  | { kind: "time"; groups: (string | undefined)[] }
  | { kind: "zone"; text: string };

const TIME_TOKEN = new RegExp(String.raw`${TIME}(?!\d)`, "iy");
// A zone only after the time: before it, "-2004" in "01-Jan-2004" is a separator and a year.
const ZONE_TOKEN = new RegExp(String.raw`(?:${ZONE})(?![\p{L}\d])`, "iuy");
const NUMBER_TOKEN = /(\d{1,4})(?:st|nd|rd|th)?\.?(?![\p{L}\d])/iuy;
const WORD_TOKEN = /(\p{L}+)\.?/uy;
const SPACE = /[\s,]+/y;
const SEPARATOR = /[-/]/y;
// Words that join a date's parts in some languages: "13 de julio de 2004", "2nd of May", "May 2 at 3:04 PM".
const JOINING_WORDS = new Set(["at", "of", "the", "de", "del", "um", "à", "a", "las", "alle", "kl"]);

function tokens(text: string): Token[] | null {
  const found: Token[] = [];
  let position = 0;
  const at = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (match) position = pattern.lastIndex;
    return match;
  };
  while (position < text.length) {
    if (at(SPACE)) continue;
    const afterTime = found.some((token) => token.kind === "time");
    const time = afterTime ? null : at(TIME_TOKEN);
    if (time) {
      found.push({ kind: "time", groups: time.slice(1) });
      continue;
    }
    const zone = afterTime ? at(ZONE_TOKEN) : null;
    if (zone && monthNamed(zone[0]) === null) {
      found.push({ kind: "zone", text: zone[0] });
      continue;
    }
    if (at(SEPARATOR)) continue;
    const number = at(NUMBER_TOKEN);
    if (number) {
      found.push({ kind: "number", text: number[1] ?? "" });
      continue;
    }
    const word = at(WORD_TOKEN);
    if (word) {
      found.push({ kind: "word", text: word[1] ?? "" });
      continue;
    }
    return null;
  }
  return found;
}

export function parseWorded(value: string): Date | null {
  // ISO's T between a worded date and its time: "2004-július-13T9:15".
  const found = tokens(value.replace(/(\d)T(\d)/i, "$1 $2"));
  if (found === null) return null;
  let month: number | null = null;
  const numbers: string[] = [];
  let time: (string | undefined)[] = [];
  const zones: string[] = [];
  for (const token of found) {
    if (token.kind === "time") time = token.groups;
    else if (token.kind === "zone") zones.push(token.text);
    else if (token.kind === "number") numbers.push(token.text);
    else if (!JOINING_WORDS.has(token.text.toLowerCase())) {
      const named = monthNamed(token.text);
      // Words before the month are weekdays ("Tue,", "Κυρ,", "Monday"); any other word is not a date's.
      if (named !== null && month === null) month = named;
      else if (month !== null || numbers.length > 0) return null;
    }
  }
  // At most a name and an offset for the zone: more words after the time are not a date's.
  if (month === null || numbers.length !== 2 || zones.length > 2) return null;
  // The four-digit number is the year; else the day comes first ("01 Jan 04", "Jan 2, 06").
  const yearIndex = numbers.findIndex((number) => number.length === 4);
  const [day, year] = yearIndex === -1 ? numbers : [numbers[1 - yearIndex], numbers[yearIndex]];
  if (day === undefined || year === undefined || day.length > 2 || year.length === 3 || year.length === 1) return null;
  const hours = clock(time);
  if (hours === null) return null;
  // "-0700 MST" or "MST -07:00": the numbers say more than the name.
  const numeric = zones.filter((text) => /\d/.test(text));
  if (zones.length === 2 && numeric.length !== 1) return null;
  const zone = numeric[0] ?? zones[0];
  return toDate({ year: fullYear(year), month, day: Number(day), ...hours, zone });
}
