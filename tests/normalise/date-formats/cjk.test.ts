import { describe, expect, it } from "vitest";
import { parseCjk } from "../../../src/normalise/date-formats/cjk.ts";

const iso = (value: string): string | null => parseCjk(value)?.toISOString() ?? null;

describe("parseCjk: Korean, Chinese and Japanese date words", () => {
  it.each([
    ["2004년 05월 28일 01:31:15", "2004-05-27T16:31:15.000Z"],
    ["2024년 3월 5일", "2024-03-04T15:00:00.000Z"],
    ["2004-05-25 오후 11:23:17", "2004-05-25T14:23:17.000Z"],
    ["2004-05-25 오전 12:05:00", "2004-05-24T15:05:00.000Z"],
    ["2004년 5월 25일 오후 1:05", "2004-05-25T04:05:00.000Z"],
  ])("reads the Korean date %s in Korean time", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each([
    ["2020年1月10日 14:33", "2020-01-10T14:33:00.000Z"],
    ["2020年1月10日", "2020-01-10T00:00:00.000Z"],
    ["2020年1月10日 下午2:33", "2020-01-10T14:33:00.000Z"],
    ["2020年01月10日(金) 午後2時33分", "2020-01-10T14:33:00.000Z"],
    ["2020年1月10日 14:33:05", "2020-01-10T14:33:05.000Z"],
  ])("reads the Chinese or Japanese date %s", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each(["2004년 13월 01일", "2004-05-25 11:23:17", "2020年2月30日", "2004-05-25 오후 13:00:00"])("returns null for %j", (value) => {
    expect(parseCjk(value)).toBeNull();
  });
});
