import { describe, expect, it } from "vitest";
import { absoluteSrcset, absoluteUrl } from "../../src/sanitise/urls.ts";

const BASE = "https://blog.example/a/b.html";

describe("absoluteUrl", () => {
  it("resolves relative URLs against the base", () => {
    expect(absoluteUrl("c.png", BASE, "resource")).toBe("https://blog.example/a/c.png");
  });

  it("reads protocol-relative URLs, with slashes or backslashes, as https", () => {
    expect(absoluteUrl("//cdn.example/x", "http://blog.example/", "resource")).toBe("https://cdn.example/x");
    expect(absoluteUrl("\\\\cdn.example/x", null, "resource")).toBe("https://cdn.example/x");
  });

  it("ignores tabs and newlines inside and controls around, as a browser does", () => {
    expect(absoluteUrl("\u0001 ht\ttp\ns://x.example/ \u0000", null, "link")).toBe("https://x.example/");
    expect(absoluteUrl("java\tscript:alert(1)", BASE, "link")).toBeNull();
  });

  it("allows mailto for links only", () => {
    expect(absoluteUrl("mailto:a@x.example", null, "link")).toBe("mailto:a@x.example");
    expect(absoluteUrl("mailto:a@x.example", null, "resource")).toBeNull();
  });

  it("returns null for a relative URL without a base, and for an empty one", () => {
    expect(absoluteUrl("c.png", null, "resource")).toBeNull();
    expect(absoluteUrl(" \t", BASE, "link")).toBeNull();
  });

  it("returns null when the base itself cannot anchor the URL", () => {
    expect(absoluteUrl("c.png", "not a url", "link")).toBeNull();
  });
});

describe("absoluteSrcset", () => {
  it("keeps descriptors and commas inside URLs", () => {
    expect(absoluteSrcset("a.png 1x,b,c.png 2.5x , d.png  300w", BASE)).toBe(
      "https://blog.example/a/a.png 1x, https://blog.example/a/b,c.png 2.5x, https://blog.example/a/d.png 300w",
    );
  });

  it("reads a trailing comma as the end of a candidate without descriptors", () => {
    expect(absoluteSrcset("a.png, b.png 2x", BASE)).toBe("https://blog.example/a/a.png, https://blog.example/a/b.png 2x");
  });

  it("drops candidates with a bad scheme or an invalid descriptor", () => {
    expect(absoluteSrcset("javascript:alert(1) 1x, a.png foo, b.png 2x", BASE)).toBe("https://blog.example/a/b.png 2x");
  });

  it("returns null when no candidate is left", () => {
    expect(absoluteSrcset("data:image/png;base64,AAA 1x", BASE)).toBeNull();
    expect(absoluteSrcset("  ", BASE)).toBeNull();
  });
});
