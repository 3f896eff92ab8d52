import { describe, expect, it } from "vitest";
import { choosePublished, parseFeedDate } from "../../src/normalise/dates.ts";

const iso = (value: string): string | null => parseFeedDate(value)?.toISOString() ?? null;

describe("parseFeedDate", () => {
  it.each([
    ["Tue, 05 Mar 2024 10:00:00 +0000", "2024-03-05T10:00:00.000Z"],
    ["2024-03-05T10:00:00.123+02:00", "2024-03-05T08:00:00.123Z"],
    ["20240305", "2024-03-05T00:00:00.000Z"],
    ["2020/1/10 14:33:00", "2020-01-10T14:33:00.000Z"],
    ["13.07.2004 15:04", "2004-07-13T15:04:00.000Z"],
    ["Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00.000Z"],
    ["2004-július-13T9:15-05:00", "2004-07-13T14:15:00.000Z"],
    ["2004-05-25 오후 11:23:17", "2004-05-25T14:23:17.000Z"],
    ["2020年1月10日 14:33", "2020-01-10T14:33:00.000Z"],
  ])("reads %s, whatever its family", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it("ignores a comment after the date and runs of white space", () => {
    expect(iso("  Tue,  05 Mar 2024\n10:00:00 +0000 (Coordinated Universal Time) ")).toBe("2024-03-05T10:00:00.000Z");
  });

  it.each(["", "   ", "yesterday", "2024-13-01", "07/08/2004", "05 Foo 2024", "1709632800"])("returns null for %j", (value) => {
    expect(parseFeedDate(value)).toBeNull();
  });
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

  it("takes the last readable date when a field is repeated, as feedparser and gofeed do", () => {
    const chosen = choosePublished(
      [
        { field: "updated", value: "2024-03-04T00:00:00Z" },
        { field: "updated", value: "2024-03-06T00:00:00Z" },
        { field: "updated", value: "garbage" },
      ],
      fetchedAt,
    );
    expect(chosen).toMatchObject({ published: "2024-03-06T00:00:00.000Z", publishedText: "2024-03-06T00:00:00Z" });
    expect(chosen.unreadable).toEqual([{ field: "updated", value: "garbage" }]);
  });

  it("reads Atom 0.3's issued and Atom 1.0's published as one field, the last written winning", () => {
    const chosen = choosePublished(
      [
        { field: "issued", value: "2024-03-01T00:00:00Z" },
        { field: "created", value: "2024-02-01T00:00:00Z" },
        { field: "published", value: "2024-03-02T00:00:00Z" },
      ],
      fetchedAt,
    );
    expect(chosen.published).toBe("2024-03-02T00:00:00.000Z");
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
