import { describe, expect, it } from "vitest";
import { parseNumeric } from "../../../src/normalise/date-formats/numeric.ts";

const iso = (value: string): string | null => parseNumeric(value)?.toISOString() ?? null;

describe("parseNumeric: dates in numbers with slashes and dots", () => {
  it.each([
    ["2020/1/10 14:33:00", "2020-01-10T14:33:00.000Z"],
    ["2020/01/10", "2020-01-10T00:00:00.000Z"],
    ["2020/1/10 2:33 PM", "2020-01-10T14:33:00.000Z"],
    ["Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53.000Z"],
    ["2020.01.10 14:33", "2020-01-10T14:33:00.000Z"],
    ["2020/01/10 14:33:00 +0800", "2020-01-10T06:33:00.000Z"],
  ])("reads the year-first date %s", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each([
    ["13.07.2004 15:04", "2004-07-13T15:04:00.000Z"],
    ["05.03.2024", "2024-03-05T00:00:00.000Z"],
    ["13.07.04", "2004-07-13T00:00:00.000Z"],
    ["13/07/2004", "2004-07-13T00:00:00.000Z"],
    ["07/13/2004 3:04 PM", "2004-07-13T15:04:00.000Z"],
    ["13-07-2004 10:00:00 +0200", "2004-07-13T08:00:00.000Z"],
    ["Mon, 13/07/2004 - 15:04", "2004-07-13T15:04:00.000Z"],
  ])("reads the day-and-month date %s where only one reading is possible", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each(["07/08/2004", "2020/13/10", "31/31/2004", "2020/1/10 25:00", "1/2"])("returns null for %j", (value) => {
    expect(parseNumeric(value)).toBeNull();
  });
});
