// W3DTF and ISO 8601 (Atom's and RSS 1.0's dates) and what feeds make of them: a space for the T, no
// seconds, any fraction, an offset of ±hh, ±hhmm or ±hh:mm or a zone name, a date alone or a year alone,
// one-digit months and days (2006-1-2), the compact forms (20240305, ordinal 2024065), two-digit years
// (03-12-31, 031231) and Google's three-digit month (2003-012-31).
import { clock, fullYear, toDate, TIME, ZONE } from "./parts.ts";

const ISO = new RegExp(String.raw`^(\d{2,8}(?:-\d{1,3}(?:-\d{1,2})?)?)(?:(?:T|\s+)${TIME})?\s*(${ZONE})?$`, "i");

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** The date of the day-of-year `ordinal` (1 is 1 January), or null past the year's end. */
function ordinalDate(year: number, ordinal: number): CalendarDate | null {
  const date = new Date(0);
  date.setUTCFullYear(year, 0, ordinal);
  if (ordinal < 1 || date.getUTCFullYear() !== year) return null;
  return { year, month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function calendarDate(text: string): CalendarDate | null {
  const extended = /^(\d{4})(?:-(\d{1,3})(?:-(\d{1,2}))?)?$/.exec(text);
  if (extended) {
    const [, year = "", month, day] = extended;
    if (month?.length === 3 && day === undefined) return ordinalDate(Number(year), Number(month));
    return { year: Number(year), month: Number(month ?? 1), day: Number(day ?? 1) };
  }
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (compact) return { year: Number(compact[1]), month: Number(compact[2]), day: Number(compact[3]) };
  const compactOrdinal = /^(\d{4}|\d{2})(\d{3})$/.exec(text);
  if (compactOrdinal) return ordinalDate(fullYear(compactOrdinal[1] ?? ""), Number(compactOrdinal[2]));
  const twoDigitYear = /^(\d{2})-?(\d{2})-?(\d{2})$/.exec(text);
  if (twoDigitYear) return { year: fullYear(twoDigitYear[1] ?? ""), month: Number(twoDigitYear[2]), day: Number(twoDigitYear[3]) };
  return null;
}

export function parseIso8601(value: string): Date | null {
  const match = ISO.exec(value);
  if (!match) return null;
  const date = calendarDate(match[1] ?? "");
  const time = clock(match.slice(2, 7));
  if (date === null || time === null) return null;
  return toDate({ ...date, ...time, zone: match[7] });
}
