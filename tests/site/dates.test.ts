import { describe, expect, it } from "vitest";
import { agoText, dateText, formatInterval } from "../../src/site/dates.ts";

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SEED_FORMAT = "EEE, dd/MM/yyyy - HH:mm";

describe("formatInterval", () => {
  it.each([
    [0, "0 sec"],
    [999, "0 sec"],
    [1 * SEC, "1 sec"],
    [59 * SEC, "59 sec"],
    [1 * MIN, "1 min"],
    [57 * MIN + 16 * SEC, "57 min 16 sec"],
    [5 * HOUR + 15 * MIN, "5 hours 15 min"],
    [5 * HOUR + 15 * MIN + 59 * SEC, "5 hours 15 min"],
    [1 * HOUR + 1 * SEC, "1 hour 1 sec"],
    [DAY + 5 * MIN, "1 day 5 min"],
    [2 * DAY + 3 * HOUR, "2 days 3 hours"],
    [7 * DAY, "1 week"],
    [15 * DAY, "2 weeks 1 day"],
    [30 * DAY, "1 month"],
    [65 * DAY, "2 months 5 days"],
    [365 * DAY, "1 year"],
    [2 * 365 * DAY + 31 * DAY, "2 years 1 month"],
    [-5 * MIN, "0 sec"],
  ])("%i ms reads %s", (ms, text) => {
    expect(formatInterval(ms)).toBe(text);
  });
});

describe("dateText: an interval on the build's calendar day in the site's zone, else the absolute date", () => {
  it.each([
    // instant, now, zone, expected
    ["2019-02-21T10:00:00Z", "2019-02-21T15:15:00Z", "UTC", "5 hours 15 min ago"],
    ["2019-02-20T19:18:00Z", "2019-02-21T15:15:00Z", "UTC", "Wed, 20/02/2019 - 19:18"],
    ["2019-02-20T23:59:59Z", "2019-02-21T00:00:01Z", "UTC", "Wed, 20/02/2019 - 23:59"],
    ["2019-02-21T00:00:00Z", "2019-02-21T23:59:59Z", "UTC", "23 hours 59 min ago"],
    // 23:30 UTC on the 20th is already 12:30 on the 21st in Auckland (UTC+13 in February): same day as 13:00 there.
    ["2019-02-20T23:30:00Z", "2019-02-21T00:00:00Z", "Pacific/Auckland", "30 min ago"],
    // ...but 10:30 on the 21st there is a different day from 23:30 UTC the 20th.
    ["2019-02-20T10:30:00Z", "2019-02-20T23:30:00Z", "Pacific/Auckland", "Wed, 20/02/2019 - 23:30"],
    // In Los Angeles (UTC-8), 23:30 UTC is 15:30 the same day and 08:30 UTC next day is 00:30 the next day.
    ["2019-02-20T23:30:00Z", "2019-02-21T07:59:00Z", "America/Los_Angeles", "8 hours 29 min ago"],
    ["2019-02-20T23:30:00Z", "2019-02-21T08:30:00Z", "America/Los_Angeles", "Wed, 20/02/2019 - 15:30"],
    // The instant is now (a feed that failed at this very build): not "0 sec ago".
    ["2019-02-21T15:15:00Z", "2019-02-21T15:15:00Z", "UTC", "just now"],
    ["2019-02-21T15:14:59Z", "2019-02-21T15:15:00Z", "UTC", "1 sec ago"],
  ])("%s seen at %s in %s reads %s", (instant, now, zone, text) => {
    expect(dateText(new Date(instant), new Date(now), zone, SEED_FORMAT)).toBe(text);
  });
});

describe("agoText", () => {
  it("reads an interval whatever the day, like Drupal's Updated:", () => {
    expect(agoText(new Date("2019-02-18T10:00:00Z"), new Date("2019-02-21T11:00:00Z"))).toBe("3 days 1 hour ago");
  });
});
