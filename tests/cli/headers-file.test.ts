import { describe, expect, it } from "vitest";
import { headersFor, parseHeadersFile } from "../../src/cli/headers-file.ts";
import { HEADER_CONTENT_SECURITY_POLICY, headersFile } from "../../src/site/security.ts";

describe("the _headers file", () => {
  it("is read as Netlify and Cloudflare Pages read it: a path, then its headers indented below", () => {
    const file = parseHeadersFile("# ours\n/*\n  X-One: 1\n  X-Two: a: b\n\n/feeds/*\r\n  X-One: 2\n  Cache-Control: no-store\n");
    expect(file.problems).toEqual([]);
    expect(Object.fromEntries(headersFor(file, "/index.html"))).toEqual({ "x-one": "1", "x-two": "a: b" });
    expect(Object.fromEntries(headersFor(file, "/feeds/rss.xml"))).toEqual({ "x-one": "2", "x-two": "a: b", "cache-control": "no-store" });
  });

  it("names the lines it cannot read", () => {
    const file = parseHeadersFile("  X-Early: 1\nnot-a-path\n/*\n  no colon\n  Bad Name: x\n  X-Good: y\n");
    expect(file.problems).toEqual([
      'line 1: "X-Early: 1" is not a "Name: value" header under a path',
      'line 2: "not-a-path" is not a path (a path starts with /)',
      'line 4: "no colon" is not a "Name: value" header under a path',
      'line 5: "Bad Name: x" is not a "Name: value" header under a path',
    ]);
    expect(Object.fromEntries(headersFor(file, "/"))).toEqual({ "x-good": "y" });
  });

  it("takes the site's own file whole", () => {
    const file = parseHeadersFile(headersFile());
    expect(file.problems).toEqual([]);
    expect(headersFor(file, "/status/").get("content-security-policy")).toBe(HEADER_CONTENT_SECURITY_POLICY);
  });
});
