// Keeps date stamps true after the build: the page may be read hours or days after it was rendered.
// This file is also the one implementation of the stamp rules for the build (src/site/dates.ts imports it),
// so the browser and the build cannot disagree.

/** Drupal's format_interval units, largest first: [seconds, singular, plural]. */
const UNITS = [
  [365 * 86400, "1 year", "years"],
  [30 * 86400, "1 month", "months"],
  [7 * 86400, "1 week", "weeks"],
  [86400, "1 day", "days"],
  [3600, "1 hour", "hours"],
  [60, "1 min", "min"],
  [1, "1 sec", "sec"],
];

/** The two largest non-zero units, like Drupal's format_interval with granularity 2: `5 hours 15 min`. */
export function formatInterval(ms) {
  let seconds = Math.max(0, Math.floor(ms / 1000));
  const parts = [];
  for (const [size, singular, plural] of UNITS) {
    if (parts.length === 2) break;
    if (seconds >= size) {
      const count = Math.floor(seconds / size);
      parts.push(count === 1 ? singular : `${count} ${plural}`);
      seconds %= size;
    }
  }
  return parts.length === 0 ? "0 sec" : parts.join(" ");
}

/** Building a formatter costs far more than using one, and a build asks for thousands of days in one zone. */
const dayFormatters = new Map();

/** `yyyy-mm-dd` of the instant in the time zone. */
export function calendarDay(epochMs, timeZone) {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(epochMs));
  return ["year", "month", "day"].map((type) => parts.find((part) => part.type === type)?.value).join("-");
}

export function isSameCalendarDay(aMs, bMs, timeZone) {
  return calendarDay(aMs, timeZone) === calendarDay(bMs, timeZone);
}

/**
 * `{interval} ago` (`just now` under a second) when the instant falls on the same calendar day as now in the site's time zone, else the absolute
 * text; with no absolute text the stamp is always an interval (`Updated: 57 min 16 sec ago`).
 */
export function stampText(instantMs, nowMs, timeZone, absoluteText) {
  if (absoluteText === null || isSameCalendarDay(instantMs, nowMs, timeZone)) {
    // Under a second reads as "0 sec ago" ("Failing since 0 sec ago"): the instant is now.
    return nowMs - instantMs < 1000 ? "just now" : `${formatInterval(nowMs - instantMs)} ago`;
  }
  return absoluteText;
}

function refreshStamps() {
  const timeZone = document.documentElement.dataset.timezone ?? "UTC";
  const now = Date.now();
  for (const stamp of document.querySelectorAll("time[data-relative]")) {
    const instant = Date.parse(stamp.getAttribute("datetime") ?? "");
    if (Number.isNaN(instant)) continue;
    stamp.textContent = stampText(instant, now, timeZone, stamp.getAttribute("data-absolute"));
  }
}

if (typeof document !== "undefined") refreshStamps();
