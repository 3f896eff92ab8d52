import { describe, expect, it } from "vitest";
import { choosePublished, parseFeedDate } from "../../src/normalise/dates.ts";

const iso = (value: string): string | null => parseFeedDate(value)?.toISOString() ?? null;

describe("parseFeedDate", () => {
  it.each([
    ["Tue, 05 Mar 2024 10:00:00 +0000", "2024-03-05T10:00:00.000Z"],
    ["05 Mar 2024 10:00:00 GMT", "2024-03-05T10:00:00.000Z"],
    ["Tue, 5 Mar 24 10:00 EST", "2024-03-05T15:00:00.000Z"],
    ["Tue, 05 Mar 2024 10:00:00 PDT", "2024-03-05T17:00:00.000Z"],
    ["Sat, 01 Jan 2000 00:00:00 UT", "2000-01-01T00:00:00.000Z"],
    ["Sat, 01 Jan 2000 00:00:00 Z", "2000-01-01T00:00:00.000Z"],
    ["Sat, 01 Jan 2000 01:00:00 A", "2000-01-01T02:00:00.000Z"],
    ["Fri, 01 Jan 99 12:00:00 -0130", "1999-01-01T13:30:00.000Z"],
    ["Tue, 05 March 2024 10:00:00 +0000 (UTC)", "2024-03-05T10:00:00.000Z"],
    ["Tue, 05 Mar 2024 10:00:00 GMT+0100", "2024-03-05T09:00:00.000Z"],
    ["Mar 5, 2024", "2024-03-05T00:00:00.000Z"],
    ["Tue Mar  5 10:00:00 2024", "2024-03-05T10:00:00.000Z"],
    ["2024-03-05T10:00:00Z", "2024-03-05T10:00:00.000Z"],
    ["2024-03-05T10:00:00.123+02:00", "2024-03-05T08:00:00.123Z"],
    ["2024-03-05T10:00-0500", "2024-03-05T15:00:00.000Z"],
    ["2024-03-05 10:00:00", "2024-03-05T10:00:00.000Z"],
    ["2024-03-05", "2024-03-05T00:00:00.000Z"],
    ["20240305", "2024-03-05T00:00:00.000Z"],
    ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"],
  ])("reads %s", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each(["", "yesterday", "2024-13-01", "2024-02-30T00:00:00Z", "Tue, 32 Mar 2024 10:00:00 GMT", "05 Foo 2024", "1709632800"])(
    "returns null for %j",
    (value) => {
      expect(parseFeedDate(value)).toBeNull();
    },
  );
});

describe("choosePublished", () => {
  const fetchedAt = new Date("2024-06-01T00:00:00Z");

  it("follows the field order: pubDate before dc:date before published before updated", () => {
    const chosen = choosePublished(
      [
        { field: "updated", value: "2024-03-04T00:00:00Z" },
        { field: "published", value: "2024-03-03T00:00:00Z" },
        { field: "dc:date", value: "2024-03-02T00:00:00Z" },
        { field: "pubDate", value: "Fri, 01 Mar 2024 00:00:00 GMT" },
      ],
      fetchedAt,
    );
    expect(chosen).toMatchObject({ published: "2024-03-01T00:00:00.000Z", updated: "2024-03-04T00:00:00.000Z", dateSource: "feed" });
    expect(chosen.publishedText).toBe("Fri, 01 Mar 2024 00:00:00 GMT");
  });

  it("skips an unreadable date for the next field and reports it", () => {
    const chosen = choosePublished([{ field: "pubDate", value: "soon" }, { field: "updated", value: "2024-03-04T00:00:00Z" }], fetchedAt);
    expect(chosen).toMatchObject({ published: "2024-03-04T00:00:00.000Z", updated: null, dateSource: "feed" });
    expect(chosen.unreadable).toEqual([{ field: "pubDate", value: "soon" }]);
  });

  it("uses the first-seen time when no date is readable", () => {
    expect(choosePublished([{ field: "pubDate", value: "garbage" }], fetchedAt)).toMatchObject({
      published: fetchedAt.toISOString(), dateSource: "first-seen", publishedText: null,
    });
    expect(choosePublished([], fetchedAt).dateSource).toBe("first-seen");
  });

  it("clamps a future date to the fetch time", () => {
    expect(choosePublished([{ field: "published", value: "2030-01-01T00:00:00Z" }], fetchedAt)).toMatchObject({
      published: fetchedAt.toISOString(), dateSource: "clamped-future",
    });
  });

  it("keeps a year-1 date", () => {
    expect(choosePublished([{ field: "published", value: "0001-01-01T00:00:00Z" }], fetchedAt).published).toBe("0001-01-01T00:00:00.000Z");
  });
});
