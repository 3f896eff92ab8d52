// Date texts exactly as the seed pages show them. The rules live in public/stamps.js, shared with the browser.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import { stampText } from "../../public/stamps.js";

export { calendarDay, formatInterval } from "../../public/stamps.js";

/** The instant in the site's time zone and date-fns format: `Wed, 20/02/2019 - 19:18`. */
export function absoluteDateText(instant: Date, timezone: string, dateFormat: string): string {
  return format(new TZDate(instant.getTime(), timezone), dateFormat);
}

/**
 * `5 hours 15 min ago` on the build's calendar day (in the site's time zone), else the absolute date; a caller that
 * already has the absolute text passes it instead of having it formatted again.
 */
export function dateText(
  instant: Date,
  now: Date,
  timezone: string,
  dateFormat: string,
  absoluteText = absoluteDateText(instant, timezone, dateFormat),
): string {
  return stampText(instant.getTime(), now.getTime(), timezone, absoluteText);
}

/** `57 min 16 sec ago`, whatever the day: how long since a feed was checked. */
export function agoText(instant: Date, now: Date): string {
  return stampText(instant.getTime(), now.getTime(), "UTC", null);
}
