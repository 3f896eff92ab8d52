// What every date family reads out of its text, and the one place those pieces become an instant:
// ranges checked, the zone applied.
import { tzOffset } from "@date-fns/tz";

export interface DateParts {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
  /** As written ("Z", "+05:30", "-0800", "GMT+1", "EST", "Europe/Paris"); absent or empty means UTC. */
  zone?: string | undefined;
}

// Offsets in minutes east of UTC. Military letters follow RFC 822 as written (A = -1 hour), as
// feedparser reads them; J is not a zone. US generic names (ET, PT…) are read as standard time.
const NAMED_ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0,
  bst: 60, west: 60, cet: 60, met: 60, cest: 120, mest: 120, eet: 120, eest: 180, msk: 180,
  hkt: 480, sgt: 480, awst: 480, jst: 540, kst: 540, acst: 570, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
  nst: -210, ndt: -150, ast: -240, adt: -180, at: -240, est: -300, edt: -240, et: -300, cst: -360, cdt: -300, ct: -360,
  mst: -420, mdt: -360, mt: -420, pst: -480, pdt: -420, pt: -480, akst: -540, akdt: -480, hst: -600,
  ...Object.fromEntries([..."abcdefghi"].map((letter, index) => [letter, -60 * (index + 1)])),
  ...Object.fromEntries([..."klm"].map((letter, index) => [letter, -60 * (index + 10)])),
  ...Object.fromEntries([..."nopqrstuvwxy"].map((letter, index) => [letter, 60 * (index + 1)])),
};

const NUMERIC_ZONE = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/;

/** Minutes east of UTC of the zone at that wall-clock time (as UTC milliseconds), or null for no zone we can read. */
function offsetMinutes(zone: string, wallClock: number): number | null {
  const key = zone.trim().toLowerCase();
  if (key === "" || key === "etc/gmt" || key === "etc/utc") return 0;
  const numeric = NUMERIC_ZONE.exec(key);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? 0);
    if (hours > 14 || minutes > 59) return null;
    return (numeric[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  const named = NAMED_ZONES[key];
  if (named !== undefined) return named;
  if (key.includes("/")) {
    // An IANA name: its offset depends on the date (daylight saving), found at the wall-clock time.
    const guess = tzOffset(zone.trim(), new Date(wallClock));
    if (Number.isNaN(guess)) return null;
    return tzOffset(zone.trim(), new Date(wallClock - guess * 60_000));
  }
  // An abbreviation we do not know is read as UTC, as feedparser and Go's time package read it: the
  // date is then right to within hours, where an unread one would be replaced by the day we first saw it.
  return /^[a-z]{1,5}$/.test(key) ? 0 : null;
}

/** The instant the parts name, or null when they name none (31 June, 25:00, an unknown zone form). */
export function toDate(parts: DateParts): Date | null {
  const { year, month, day, hour = 0, minute = 0, second = 0, millisecond = 0 } = parts;
  if (month < 1 || month > 12 || day < 1 || hour > 24 || minute > 59 || second > 60) return null;
  if (hour === 24 && (minute > 0 || second > 0)) return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999, and year 1 is a valid date.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return null;
  // A leap second is read as the second before it.
  date.setUTCHours(hour, minute, Math.min(second, 59), millisecond);
  const offset = offsetMinutes(parts.zone ?? "", date.getTime());
  return offset === null ? null : new Date(date.getTime() - offset * 60_000);
}

/** A year as written: two digits are 2000–2049 for 00–49 and 1950–1999 for 50–99 (RFC 2822 §4.3). */
export function fullYear(digits: string): number {
  const value = Number(digits);
  if (digits.length === 2) return value < 50 ? 2000 + value : 1900 + value;
  return value;
}

/** A 12-hour clock's hour on the 24-hour clock; null when the hour cannot be one. */
export function twentyFourHour(hour: number, meridiem: "am" | "pm" | null): number | null {
  if (meridiem === null) return hour;
  if (hour < 1 || hour > 12) return null;
  return (hour % 12) + (meridiem === "pm" ? 12 : 0);
}

/** Milliseconds from a decimal fraction of a second as written ("5" is 500 ms). */
export function milliseconds(fraction: string | undefined): number {
  return fraction === undefined ? 0 : Number(`${fraction}000`.slice(0, 3));
}

// The clock and zone most families share: "10:00", "9:15:30.25", "3:04 PM", then "+0100", "-05:00", "GMT+1", "EST" or "Europe/Paris".
export const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([ap])\.?m\.?(?![A-Za-z]))?`;
export const ZONE = String.raw`Z|[+-]\d{1,2}(?::?\d{2})?|(?:GMT|UTC|UT)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[A-Za-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?|[A-Za-z]{1,5}`;

/** Hour, minute, second and millisecond from the groups TIME captures, in its order; null for an impossible 12-hour time. */
export function clock(groups: (string | undefined)[]): Pick<DateParts, "hour" | "minute" | "second" | "millisecond"> | null {
  const [hour, minute, second, fraction, meridiem] = groups;
  if (hour === undefined || minute === undefined) return { hour: 0, minute: 0, second: 0, millisecond: 0 };
  const hour24 = twentyFourHour(Number(hour), meridiem === undefined ? null : meridiem.toLowerCase() === "p" ? "pm" : "am");
  if (hour24 === null) return null;
  return { hour: hour24, minute: Number(minute), second: Number(second ?? 0), millisecond: milliseconds(fraction) };
}
