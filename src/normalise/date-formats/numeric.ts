// Dates written in numbers with slashes or dots: year first as Chinese and Japanese feeds write them
// ("2020/1/10 14:33:00", Perforce's "Fri, 2006/09/15 08:19:53 EDT"), day first with dots as much of
// Europe writes them ("13.07.2004 15:04"), and day and month with slashes or dashes when only one
// reading is possible ("13/07/2004"; "07/08/2004" could be either, and is left unread rather than guessed).
import { clock, fullYear, toDate, TIME, ZONE, type DateParts } from "./parts.ts";

const WEEKDAY = String.raw`(?:\p{L}+\.?,?\s*)?`;
const REST = String.raw`(?:[\sT,]+(?:-\s*)?${TIME})?\s*(${ZONE})?`;
const YEAR_FIRST = new RegExp(String.raw`^${WEEKDAY}(\d{4})([/.])(\d{1,2})\2(\d{1,2})\.?${REST}$`, "iu");
const YEAR_LAST = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})${REST}$`, "iu");

function withTime(date: Pick<DateParts, "year" | "month" | "day">, groups: (string | undefined)[]): Date | null {
  const time = clock(groups.slice(0, 5));
  return time === null ? null : toDate({ ...date, ...time, zone: groups[5] });
}

export function parseNumeric(value: string): Date | null {
  const yearFirst = YEAR_FIRST.exec(value);
  if (yearFirst) return withTime({ year: Number(yearFirst[1]), month: Number(yearFirst[3]), day: Number(yearFirst[4]) }, yearFirst.slice(5));
  const yearLast = YEAR_LAST.exec(value);
  if (!yearLast) return null;
  const [, first = "", separator, second = "", year = ""] = yearLast;
  const [a, b] = [Number(first), Number(second)];
  const dayFirst = separator === "." || (a > 12 && b <= 12);
  const monthFirst = separator !== "." && b > 12 && a <= 12;
  if (!dayFirst && !monthFirst) return null;
  return withTime({ year: fullYear(year), month: dayFirst ? b : a, day: dayFirst ? a : b }, yearLast.slice(5));
}
