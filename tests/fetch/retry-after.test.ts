import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../src/fetch/retry-after.ts";

const now = new Date("2024-03-01T12:00:00Z");

describe("parseRetryAfter", () => {
  it("adds a number of seconds to now", () => {
    expect(parseRetryAfter("3600", now)?.toISOString()).toBe("2024-03-01T13:00:00.000Z");
  });

  it("reads an HTTP-date", () => {
    expect(parseRetryAfter("Sat, 02 Mar 2024 00:00:00 GMT", now)?.toISOString()).toBe("2024-03-02T00:00:00.000Z");
  });

  it("ignores a missing, unreadable, zero or past value", () => {
    for (const value of [null, "", "soon", "-5", "1.5", "0", "Thu, 29 Feb 2024 00:00:00 GMT"]) {
      expect(parseRetryAfter(value, now), String(value)).toBeNull();
    }
  });

  it("waits a week at most, whatever the server asks", () => {
    expect(parseRetryAfter(String(365 * 24 * 3600), now)?.toISOString()).toBe("2024-03-08T12:00:00.000Z");
  });
});
