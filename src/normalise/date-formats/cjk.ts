// Dates with Korean, Chinese and Japanese date words: Korean blog software's "2004년 05월 28일 01:31:15"
// and "2004-05-25 오후 11:23:17" (오전/오후 = a.m./p.m.), read in Korean time (+09:00) as feedparser
// reads them, and "2020年1月10日 14:33" with 午前/午後 or 上午/下午, read in UTC like any date without a zone.
import { clock, toDate, type DateParts } from "./parts.ts";

const KOREAN = /^(\d{4})(?:년\s*|-)(\d{1,2})(?:월\s*|-)(\d{1,2})일?\s*(?:\([^)]*\)\s*)?(오전|오후)?\s*(?:(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/u;
const HAN = /^(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日\s*(?:[（(][^)）]*[)）]\s*)?(午前|午後|上午|下午)?\s*(?:(\d{1,2})[:時时](\d{1,2})(?:[:分](\d{1,2})秒?)?分?)?$/u;
const AFTERNOON = new Set(["오후", "午後", "下午"]);

function parts(match: RegExpExecArray, zone: string | undefined): Date | null {
  const [, year, month, day, meridiem, hour, minute, second] = match;
  const half = meridiem === undefined ? undefined : AFTERNOON.has(meridiem) ? "p" : "a";
  const time = clock([hour, minute, second, undefined, half]);
  if (time === null) return null;
  const date: DateParts = { year: Number(year), month: Number(month), day: Number(day), ...time, zone };
  return toDate(date);
}

export function parseCjk(value: string): Date | null {
  const korean = KOREAN.exec(value);
  // The dashed form is ISO's unless a Korean word says otherwise.
  if (korean && (/[년월일]/u.test(value) || korean[4] !== undefined)) return parts(korean, "+09:00");
  const han = HAN.exec(value);
  return han ? parts(han, undefined) : null;
}
