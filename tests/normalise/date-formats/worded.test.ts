import { describe, expect, it } from "vitest";
import { parseWorded } from "../../../src/normalise/date-formats/worded.ts";

const iso = (value: string): string | null => parseWorded(value)?.toISOString() ?? null;

describe("parseWorded: RFC 822 and its relatives", () => {
  it.each([
    ["Tue, 05 Mar 2024 10:00:00 +0000", "2024-03-05T10:00:00.000Z"],
    ["05 Mar 2024 10:00:00 GMT", "2024-03-05T10:00:00.000Z"],
    ["Fri,24 Nov 2023 18:28:36 -0000", "2023-11-24T18:28:36.000Z"],
    ["Mon, 13 Feb, 2012 06:28:00 UTC", "2012-02-13T06:28:00.000Z"],
    ["Tue, 05 March 2024 10:00:00 +0000", "2024-03-05T10:00:00.000Z"],
    ["05 March 2024", "2024-03-05T00:00:00.000Z"],
    ["01-Jan-2004 19:48:21 GMT", "2004-01-01T19:48:21.000Z"],
    ["Thu, 01 Jan 0100 00:00:01 +0100", "0099-12-31T23:00:01.000Z"],
  ])("reads %s", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each([
    ["Tue, 5 Mar 24 10:00 EST", "2024-03-05T15:00:00.000Z"],
    ["Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21.000Z"],
    ["Fri, 01 Jan 99 12:00:00 -0130", "1999-01-01T13:30:00.000Z"],
    ["Sun, 01 Jan 50 00:00:00 GMT", "1950-01-01T00:00:00.000Z"],
  ])("reads the two-digit year of %s (00–49 are 2000s, 50–99 1900s)", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each([
    ["Tue, 05 Mar 2024 10:00:00 PDT", "2024-03-05T17:00:00.000Z"],
    ["Tue, 05 Mar 2024 10:00:00 ET", "2024-03-05T15:00:00.000Z"],
    ["Tue, 05 Mar 2024 10:00:00 MEST", "2024-03-05T08:00:00.000Z"],
    ["Tue, 05 Mar 2024 10:00:00 A", "2024-03-05T11:00:00.000Z"],
    ["Tue, 05 Mar 2024 10:00:00 Z", "2024-03-05T10:00:00.000Z"],
    ["Tue, 05 Mar 2024 10:00:00 GMT-05:00", "2024-03-05T15:00:00.000Z"],
    ["Tue, 05 Mar 2024 10:00:00 GMT+0100", "2024-03-05T09:00:00.000Z"],
    ["Tue, 05 Mar 2024 10:00:00 -01:30", "2024-03-05T11:30:00.000Z"],
    ["Tue, 05 Mar 2024 10:00:00 Etc/GMT", "2024-03-05T10:00:00.000Z"],
    ["Tue, 02 Jul 2024 10:00:00 America/New_York", "2024-07-02T14:00:00.000Z"],
    ["Tue, 05 Mar 2024 10:00:00 -0700 MST", "2024-03-05T17:00:00.000Z"],
    ["Tue, 05 Mar 2024 10:00:00 XYZ", "2024-03-05T10:00:00.000Z"],
  ])("reads the zone of %s", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each([
    ["Mar 5, 2024", "2024-03-05T00:00:00.000Z"],
    ["March 5th, 2024 3:04 PM", "2024-03-05T15:04:00.000Z"],
    ["Jan. 2, 2006, 3:04 a.m.", "2006-01-02T03:04:00.000Z"],
    ["Monday, January 2, 2006 at 12:30 PM EST", "2006-01-02T17:30:00.000Z"],
    ["Thu Aug 30 2012 17:26:16 +0200", "2012-08-30T15:26:16.000Z"],
    ["Tue Mar  5 10:00:00 2024", "2024-03-05T10:00:00.000Z"],
    ["Tue Mar 05 10:00:00 PST 2024", "2024-03-05T18:00:00.000Z"],
    ["Sun Jul 15 01:16:00 +0000 2012", "2012-07-15T01:16:00.000Z"],
    ["2nd of January 2006", "2006-01-02T00:00:00.000Z"],
  ])("reads the month-first or asctime form %s", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each([
    ["Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00.000Z"],
    ["Τρι, 05 Μαρ 2024 10:00:00 +0200", "2024-03-05T08:00:00.000Z"],
    ["11 Ιουλίου 2004", "2004-07-11T00:00:00.000Z"],
    ["ΤΡΙ, 14 ΜΑΪ 2024 10:00:00 GMT", "2024-05-14T10:00:00.000Z"],
  ])("reads the Greek date %s", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each([
    ["2004-július-13T9:15-05:00", "2004-07-13T14:15:00.000Z"],
    ["2024. március 5. 10:00", "2024-03-05T10:00:00.000Z"],
    ["2024-máj-14", "2024-05-14T00:00:00.000Z"],
  ])("reads the Hungarian date %s", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each([
    ["Di, 05 Mär 2024 10:00:00 +0100", "2024-03-05T09:00:00.000Z"],
    ["5. März 2024", "2024-03-05T00:00:00.000Z"],
    ["mardi 5 mars 2024 10:00", "2024-03-05T10:00:00.000Z"],
    ["5 févr. 2024", "2024-02-05T00:00:00.000Z"],
    ["5 de marzo de 2024", "2024-03-05T00:00:00.000Z"],
    ["5 maggio 2024 10:00", "2024-05-05T10:00:00.000Z"],
    ["5 mei 2024", "2024-05-05T00:00:00.000Z"],
    ["5 de maio de 2024", "2024-05-05T00:00:00.000Z"],
  ])("reads the month word of another European language in %s", (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it.each([
    "Tue, 32 Mar 2024 10:00:00 GMT",
    "05 Foo 2024",
    "Sun, 16 Dec 2012 1:2:3:4 GMT",
    "Mar 2024",
    "Tue, 05 Mar 2024 13:00 PM",
    "Tue, 05 Mar 2024 10:00:00 +25:00",
    "Tue, 05 Mar 2024 10:00:00 +0000 extra words",
    "5 Mar 6 Apr 2024",
    "yesterday",
  ])("returns null for %j", (value) => {
    expect(parseWorded(value)).toBeNull();
  });
});
