import { describe, expect, it } from "vitest";
import { childElements, readXml, textContent, type XmlElement } from "../../src/parse/xml-tree.ts";
import { MAX_NESTING_DEPTH } from "../../src/sanitise/bounded-html.ts";

function onlyRoot(text: string): XmlElement {
  const [root] = readXml(text).elements;
  if (root === undefined) throw new Error("no element");
  return root;
}

describe("readXml: well-formed documents", () => {
  it("notes no problem and resolves namespaces, whatever the prefix", () => {
    const { elements, problems } = readXml(
      `<?xml version="1.0"?>\n<!-- a comment -->\n<rss xmlns:c="http://purl.org/rss/1.0/modules/content/"><item a='1' b="2"><c:encoded><![CDATA[<p>x</p>]]></c:encoded><br/></item></rss>\n`,
    );
    expect(problems).toEqual([]);
    const item = childElements(elements[0] as XmlElement)[0] as XmlElement;
    expect(item.attrs).toEqual({ a: "1", b: "2" });
    const [encoded, br] = childElements(item);
    expect(encoded).toMatchObject({ local: "encoded", ns: "http://purl.org/rss/1.0/modules/content/", closed: true });
    expect(textContent(encoded as XmlElement)).toBe("<p>x</p>");
    expect(br).toMatchObject({ local: "br", closed: true, children: [] });
  });

  it("decodes character references and the XML entities in text and attributes", () => {
    const root = onlyRoot(`<t a="&quot;&#x41;&amp;">&lt;&#233;&gt;</t>`);
    expect(root.attrs.a).toBe('"A&');
    expect(textContent(root)).toBe("<é>");
  });

  it("keeps xml:base values as a chain, outermost first", () => {
    const root = onlyRoot(`<feed xml:base="https://a.example/"><entry xml:base="posts/"><content/></entry></feed>`);
    expect(childElements(childElements(root)[0] as XmlElement)[0]?.base).toEqual(["https://a.example/", "posts/"]);
  });
});

describe("readXml: what it recovers from, and says so with a line", () => {
  it("closes an element left open when its parent's end tag comes", () => {
    const { elements, problems } = readXml(`<rss>\n<item><title>one</item>\n</rss>`);
    expect(problems).toEqual(["<title> at line 2 is never closed"]);
    const item = childElements(elements[0] as XmlElement)[0] as XmlElement;
    expect(item.closed).toBe(true);
    expect(childElements(item)[0]?.closed).toBe(false);
  });

  it("ignores an end tag that closes nothing", () => {
    const { elements, problems } = readXml(`<rss>\n</p>\n<item/></rss>`);
    expect(problems).toEqual(["the end tag </p> at line 2 closes no open element and was ignored"]);
    expect(childElements(elements[0] as XmlElement).map((element) => element.name)).toEqual(["item"]);
  });

  it("says where a cut document ends", () => {
    const { elements, problems } = readXml(`<rss>\n<item>\n<title>thr`);
    expect(problems).toEqual(["the document ends inside <title> opened at line 3"]);
    expect(elements[0]?.closed).toBe(false);
  });

  it("notes an end tag without its >", () => {
    expect(readXml(`<rss>\n<item></item>\n</rss\n`).problems).toEqual(['the end tag </rss> at line 3 has no ">"']);
  });

  it("reads unquoted and empty attributes, and keeps the first of a repeated one", () => {
    const { elements, problems } = readXml(`<rss>\n<guid isPermaLink=false checked a="1" a="2">x</guid></rss>`);
    expect(childElements(elements[0] as XmlElement)[0]?.attrs).toEqual({ isPermaLink: "false", checked: "", a: "1" });
    expect(problems).toEqual([
      "an attribute value without quotes at line 2 was read as if quoted",
      "an attribute without a value at line 2 was read as empty",
      'the attribute "a" repeated at line 2 was ignored',
    ]);
  });

  it("keeps every top-level element and notes text outside the root", () => {
    const { elements, problems } = readXml(`<b>Warning</b>: oops\n<rss><channel/></rss>`);
    expect(elements.map((element) => element.name)).toEqual(["b", "rss"]);
    expect(problems).toEqual(["text outside the root element at line 1 was ignored", "more than one top-level element (a second, <rss>, at line 2)"]);
  });

  it("notes text between the prolog and the root", () => {
    const { elements, problems } = readXml(`<?xml version="1.0"?>\nstray words\n<rss/>`);
    expect(elements.map((element) => element.name)).toEqual(["rss"]);
    expect(problems).toEqual(["text outside the root element at line 2 was ignored"]);
  });

  it("notes each kind of problem once", () => {
    const { problems } = readXml(`<rss>\n<a><b></a>\n<c><d></c>\n</rss>`);
    expect(problems).toEqual(["<b> at line 2 is never closed"]);
  });

  it("finds no element in text without markup", () => {
    expect(readXml("just words").elements).toEqual([]);
  });
});

describe("readXml: nesting past MAX_NESTING_DEPTH", () => {
  it("flattens the elements past the bound into their text, says so with a line, and keeps what follows", () => {
    const depth = 300_000;
    const { elements, problems } = readXml(`<rss>\n${"<x>".repeat(depth)}deep${"</x>".repeat(depth)}<after>kept</after></rss>`);
    const rss = elements[0]!;
    let deepest = rss;
    let levels = 1;
    for (let next = childElements(deepest)[0]; next !== undefined && next.local === "x"; next = childElements(deepest)[0]) {
      deepest = next;
      levels += 1;
    }
    expect(levels).toBe(MAX_NESTING_DEPTH);
    expect(textContent(deepest)).toBe("deep");
    expect(childElements(rss).map((element) => element.local)).toEqual(["x", "after"]);
    expect(problems).toEqual([`elements nested more than ${MAX_NESTING_DEPTH} deep (from line 2) were flattened into their text`]);
  });

  it("keeps self-closing elements past the bound from closing a kept one", () => {
    const { elements } = readXml(`<r>${"<x>".repeat(MAX_NESTING_DEPTH)}<y/><y/>text</x><z/></r>`);
    expect(textContent(elements[0]!)).toBe("text");
    expect(childElements(elements[0]!).map((element) => element.local)).toEqual(["x"]);
  });
});
