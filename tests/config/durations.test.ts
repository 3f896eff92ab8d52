import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/config/durations.ts";
import { parseByteSize } from "../../src/config/byte-size.ts";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["20s", 20_000],
    ["30m", 1_800_000],
    ["12h", 43_200_000],
    ["112d", 112 * 86_400_000],
    ["2w", 14 * 86_400_000],
    ["1y", 365 * 86_400_000],
    ["1.5h", 5_400_000],
    [" 3 d ", 3 * 86_400_000],
  ])("reads %s", (text, milliseconds) => {
    expect(parseDuration(text)).toBe(milliseconds);
  });

  it.each(["", "20", "s", "0s", "-5m", "3 days", "1h30m", "never"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe("parseByteSize", () => {
  it.each([
    ["15MiB", 15 * 1024 * 1024],
    ["512KiB", 512 * 1024],
    ["1GiB", 1024 ** 3],
    ["500kB", 500_000],
    ["2MB", 2_000_000],
    ["1gb", 1_000_000_000],
    ["2048", 2048],
    ["100B", 100],
    [4096, 4096],
  ] as const)("reads %j", (value, bytes) => {
    expect(parseByteSize(value)).toBe(bytes);
  });

  it.each(["", "15 potatoes", "0", "MiB", "-1KiB", 0, -5, 1.5])("refuses %j", (value) => {
    expect(parseByteSize(value)).toBeNull();
  });
});
