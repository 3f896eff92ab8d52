import { describe, expect, it } from "vitest";
import { closestMatch, editDistance } from "../../src/config/suggest.ts";

const SITE_KEYS = ["title", "baseUrl", "timezone", "itemsPerPage", "dateFormat", "intro", "disclaimer", "retention"];

describe("closestMatch", () => {
  it("suggests the key a typo was meant to be", () => {
    expect(closestMatch("itemPerPage", SITE_KEYS)).toBe("itemsPerPage");
    expect(closestMatch("timeZone", SITE_KEYS)).toBe("timezone");
    expect(closestMatch("base_url", SITE_KEYS)).toBe("baseUrl");
  });

  it("suggests nothing for a word unlike every candidate", () => {
    expect(closestMatch("colour", SITE_KEYS)).toBeNull();
  });
});

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });
});
