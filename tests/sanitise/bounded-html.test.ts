import { describe, expect, it } from "vitest";
import { boundHtml, cutPostsWarning, MAX_ELEMENTS_PER_POST, MAX_NESTING_DEPTH } from "../../src/sanitise/bounded-html.ts";
import { htmlToText } from "../../src/sanitise/html-to-text.ts";
import { sanitiseHtml } from "../../src/sanitise/sanitise.ts";
import { nestedDivs } from "../helpers/costly-documents.ts";

/** How deep the elements of the HTML nest, as the sanitiser's parser builds them. */
function depthOf(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const tag of html.matchAll(/<(\/?)div>/g)) {
    depth += tag[1] === "/" ? -1 : 1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

describe("boundHtml", () => {
  it("returns HTML within both bounds as the very same string", () => {
    // The deepest of these (a <path/> in the <svg>) sits at exactly the bound.
    const html = nestedDivs(MAX_NESTING_DEPTH - 3, `<p>a<p>b<ul><li>one<li>two</ul><br><img src=x><svg>${"<path/>".repeat(600)}</svg>`);
    expect(boundHtml(html)).toEqual({ html, cut: null });
  });

  it("reads paragraphs and list items left open as siblings, not as a post nested thousands deep", () => {
    const html = `<div>${"<p>a paragraph".repeat(5_000)}<ul>${"<li>an item".repeat(5_000)}</ul><dl>${"<dt>t<dd>d".repeat(2_000)}</dl></div>`;
    expect(boundHtml(html).cut).toBeNull();
  });

  it("flattens the elements nested past the depth bound and keeps their text", () => {
    const { html, cut } = boundHtml(nestedDivs(2_000, "the words <b>at</b> the bottom") + "<p>after</p>");
    // The divs past the bound, and the <b> inside the last of them.
    expect(cut).toEqual({ droppedElements: 2_000 - MAX_NESTING_DEPTH + 1, reason: "depth" });
    expect(depthOf(html)).toBe(MAX_NESTING_DEPTH);
    expect(html).toContain("the words at the bottom");
    expect(html.endsWith("</div><p>after</p>")).toBe(true);
    expect(htmlToText(html)).toBe("the words at the bottom after");
  });

  it("keeps the text after an element left open past the bound", () => {
    const { html } = boundHtml(`${"<div>".repeat(1_000)}one<div>two`);
    expect(depthOf(html)).toBe(MAX_NESTING_DEPTH);
    expect(htmlToText(html)).toBe("one two");
  });

  it("removes past the bound, content and all, what the sanitiser drops with its content", () => {
    const { html } = boundHtml(nestedDivs(MAX_NESTING_DEPTH + 5, "before<script>alert('<div>')</script><style>p{}</style><template><div>t</div></template>after"));
    expect(html).not.toMatch(/alert|p\{\}|<template|>t</);
    expect(htmlToText(html)).toBe("before after");
  });

  it("never joins a text '<' and the text after a dropped tag into a new tag", () => {
    const { html } = boundHtml(`${"<div>".repeat(MAX_NESTING_DEPTH)}${"a<<span>div>".repeat(1_000)}`);
    expect(depthOf(html)).toBe(MAX_NESTING_DEPTH);
    expect(sanitiseHtml(html, null)).not.toContain("<div><div>x");
  });

  it("keeps the first MAX_ELEMENTS_PER_POST elements and flattens the rest to their text", () => {
    const { html, cut } = boundHtml(`<p>${"<b>x</b>".repeat(MAX_ELEMENTS_PER_POST + 10)}</p><p>end</p>`);
    // The <p> is the first element: 11 <b> and the last <p> are past the cap.
    expect(cut).toEqual({ droppedElements: 12, reason: "elements" });
    expect(html.match(/<b>/g)).toHaveLength(MAX_ELEMENTS_PER_POST - 1);
    expect(htmlToText(html).endsWith("xxxxxxxxxxx end")).toBe(true);
  });

  it("gives sanitise and htmlToText the same text for a deep post as for the same post cut at the bound by hand", () => {
    const deep = nestedDivs(100_000, "<p>Deep <em>text</em></p>");
    const tight = (html: string): string => html.replace(/\s*(<[^>]+>)\s*/g, "$1");
    expect(tight(sanitiseHtml(boundHtml(deep).html, null))).toBe(sanitiseHtml(nestedDivs(MAX_NESTING_DEPTH, "Deep text"), null));
    expect(htmlToText(deep)).toBe("Deep text");
  });
});

describe("cutPostsWarning", () => {
  it("says nothing when no post was cut", () => {
    expect(cutPostsWarning([])).toBeNull();
  });

  it("names the bound, the first post and how much was flattened", () => {
    expect(cutPostsWarning([{ title: "Wide", cut: { droppedElements: 2_500, reason: "elements" } }, { title: "Other", cut: { droppedElements: 1, reason: "depth" } }])).toBe(
      '2 posts were cut short because their markup held more than 100,000 elements (first: "Wide"): the 2,500 elements past that bound were flattened to their text. No real post is built like this; if the feed\'s owner meant it, the post reads in full on their site.',
    );
  });
});
