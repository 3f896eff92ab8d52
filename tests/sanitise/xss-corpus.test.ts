import { describe, expect, it } from "vitest";
import { htmlToText, sanitiseHtml } from "../../src/sanitise/sanitise.ts";
import { XSS_PAYLOADS } from "../fixtures/xss/payloads.ts";
import { findUnsafeMarkup } from "../helpers/static-safety.ts";
import { escapeMarkup } from "../../demo/articles.ts";

const BASE_URL = "https://blog.example/posts/one";

describe("the XSS corpus", () => {
  it("holds at least 150 distinct payloads, each of which signals by alert(1) or window.__xss", () => {
    expect(new Set(XSS_PAYLOADS).size).toBe(XSS_PAYLOADS.length);
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(150);
  });

  it("is unsafe before sanitising: the checker flags most payloads as they are", () => {
    const flagged = XSS_PAYLOADS.filter((payload) => findUnsafeMarkup(payload).length > 0);
    expect(flagged.length).toBeGreaterThan(XSS_PAYLOADS.length * 0.8);
  });
});

describe.each(XSS_PAYLOADS.map((payload, index) => [index, payload] as const))("payload %i", (_index, payload) => {
  it("leaves no unsafe markup after sanitiseHtml, with or without a base URL", () => {
    expect(findUnsafeMarkup(sanitiseHtml(payload, BASE_URL))).toEqual([]);
    expect(findUnsafeMarkup(sanitiseHtml(payload, null))).toEqual([]);
  });

  it("is a fixed point: sanitising the output again changes nothing, so a browser's reparse cannot mutate it", () => {
    const once = sanitiseHtml(payload, BASE_URL);
    expect(sanitiseHtml(once, BASE_URL)).toBe(once);
  });

  it("leaves no unsafe markup as escaped htmlToText", () => {
    expect(findUnsafeMarkup(escapeMarkup(htmlToText(payload)))).toEqual([]);
  });
});
