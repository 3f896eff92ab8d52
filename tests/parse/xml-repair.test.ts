import { describe, expect, it } from "vitest";
import { repairXml } from "../../src/parse/xml-repair.ts";

describe("repairXml", () => {
  it("leaves well-formed XML as it is", () => {
    const text = `<?xml version="1.0"?>\n<rss><t a="&amp;">&lt;&#233;&#x41;&quot;&apos;&gt;</t><![CDATA[a & b < c &nbsp;]]><!-- & < --></rss>`;
    expect(repairXml(text)).toEqual({ text, problems: [] });
  });

  it("expands the entities a doctype's internal subset declares, and drops the doctype", () => {
    const { text, problems } = repairXml(`<!DOCTYPE rss [\n  <!ENTITY id "tag:example.com,">\n  <!ENTITY id "ignored">\n]>\n<rss><guid>&id;2006:/blog/</guid></rss>`);
    expect(text).toBe(`\n\n\n\n<rss><guid>tag:example.com,2006:/blog/</guid></rss>`);
    expect(problems).toEqual([]);
  });

  it("never reads external or parameter entities", () => {
    const { text } = repairXml(`<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY % p "no">]><rss>&x;</rss>`);
    expect(text).toBe("<rss>&amp;x;</rss>");
  });

  it("stops expanding a declared entity before the text grows past a mebibyte", () => {
    const big = "x".repeat(1000);
    const { text, problems } = repairXml(`<!DOCTYPE r [<!ENTITY b "${big}">]><r>${"&b;".repeat(1100)}</r>`);
    expect(text.length).toBeLessThan(1.1 * 2 ** 20);
    expect(text).toContain("&amp;b;");
    expect(problems).toEqual(["the entity &b; at line 1 was expanded too often and was kept as text"]);
  });

  it("escapes a < that starts no markup", () => {
    expect(repairXml("<r>\n1 < 2 and <3</r>")).toEqual({ text: "<r>\n1 &lt; 2 and &lt;3</r>", problems: ['a bare "<" at line 2 was read as text'] });
  });

  it("turns HTML entities into character references and upper-case hex references into lower-case ones", () => {
    expect(repairXml("<r>caf&eacute;&#X41;</r>")).toEqual({ text: "<r>caf&#233;&#x41;</r>", problems: ["undefined entity &eacute; at line 1"] });
  });

  it("keeps the lines of what it drops, so later lines still match the document", () => {
    const { text, problems } = repairXml("Warning: x\nmore\n<r>\n&bogus;</r>");
    expect(text).toBe("\n\n<r>\n&amp;bogus;</r>");
    expect(problems).toEqual(["text before the first tag was dropped", "unknown entity &bogus; at line 4 was kept as text"]);
  });

  it("removes characters XML forbids, lone surrogates among them", () => {
    expect(repairXml("<r>a\u0000b\uD800c\uD83D\uDE00</r>").text).toBe("<r>abc\uD83D\uDE00</r>");
  });
});
