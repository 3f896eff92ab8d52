import { describe, expect, it } from "vitest";
import { htmlToText } from "../../src/sanitise/sanitise.ts";

describe("htmlToText", () => {
  it("decodes entities, named and numeric", () => {
    expect(htmlToText("Tom &amp; Jerry &#8212; &eacute;t&eacute; &#x263A; &lt;b&gt;")).toBe("Tom & Jerry — été ☺ <b>");
  });

  it("keeps a bare ampersand", () => {
    expect(htmlToText("AT&T and R&D")).toBe("AT&T and R&D");
  });

  it("removes tags and keeps inline text joined as a browser shows it", () => {
    expect(htmlToText("<b>bold</b>er <a href='x'>link</a>ed <em>it</em>")).toBe("bolder linked it");
  });

  it("separates block elements and <br> so words never run together", () => {
    expect(htmlToText("<p>one</p><p>two</p><div>three</div>four<br>five<ul><li>six</li><li>seven</li></ul><h2>eight</h2>")).toBe(
      "one two three four five six seven eight",
    );
  });

  it("separates table cells", () => {
    expect(htmlToText("<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>")).toBe("a b c");
  });

  it("leaves images out when asked to, as summaries do, so their alt text never runs into the prose", () => {
    expect(htmlToText('<p>An image: <img src="a.png" alt="A wide orange block"> And more.</p>', Infinity, { imageAlt: false })).toBe("An image: And more.");
  });

  it("gives each image alt text its own words (the Blackbird alts ran together on the Drupal pages)", () => {
    expect(htmlToText('<img alt="Winning the Blackbird Battle"><img alt="Winning the Blackbird Battle"><img src=x>end')).toBe(
      "Winning the Blackbird Battle Winning the Blackbird Battle end",
    );
  });

  it("drops script, style and noscript text (the Project Jengo leak)", () => {
    expect(
      htmlToText(
        "<p>Launch.</p><style>twitterwidget { width: 100% !important; }</style><script>var twitterInterval = 1;</script><noscript>Enable JS</noscript><p>Done.</p>",
      ),
    ).toBe("Launch. Done.");
  });

  it("keeps a tag that is never closed as written, since then it is prose naming a tag", () => {
    expect(htmlToText("Why <script> blocks rendering")).toBe("Why <script> blocks rendering");
    expect(htmlToText("Icons with <svg> &amp; CSS")).toBe("Icons with <svg> & CSS");
  });

  it("still drops a void element of the dropped kind", () => {
    expect(htmlToText("a<embed src=x>b")).toBe("a b");
  });

  it("collapses whitespace, non-breaking spaces included, and trims", () => {
    expect(htmlToText("  \n\t one&nbsp;&nbsp; two \r\n three  ")).toBe("one two three");
  });

  it("removes control characters", () => {
    expect(htmlToText("a\u0000b\u0007c\u007Fd")).toBe("abcd");
  });

  it("drops comments", () => {
    expect(htmlToText("a<!-- hidden -->b")).toBe("ab");
  });

  it("returns an empty string for markup without text", () => {
    expect(htmlToText("<p> </p><br><img src=x>")).toBe("");
  });

  describe("with enough", () => {
    // Long enough to be read in several chunks, with entities and tags across chunk boundaries.
    const paragraphs = Array.from({ length: 400 }, (_, index) => `<p>Paragraph ${index} &amp; <a href="/p/${index}">its link</a>.</p>`).join("\n");

    it("returns a prefix of the full text, at least as long as asked", () => {
      const full = htmlToText(paragraphs);
      const start = htmlToText(paragraphs, 301);
      expect(start.length).toBeGreaterThanOrEqual(301);
      expect(start.length).toBeLessThan(full.length);
      expect(full.startsWith(start)).toBe(true);
    });

    it("returns the whole text when the post is shorter than asked", () => {
      expect(htmlToText("<p>Short &amp; sweet.</p>", 301)).toBe("Short & sweet.");
    });

    it("reads a dropped element to its end before stopping, so its text never leaks", () => {
      const script = `<script>${"leak(); ".repeat(2000)}</script>`;
      const text = htmlToText(`<p>Before.</p>${script}${paragraphs}`, 301);
      expect(text).not.toContain("leak");
      expect(text.startsWith("Before. Paragraph 0 & its link.")).toBe(true);
    });
  });

  it("keeps the text of a tag never closed even far into a long post", () => {
    expect(htmlToText(`${"<p>Some words here.</p>".repeat(400)}Why <script> blocks rendering`).endsWith("here. Why <script> blocks rendering")).toBe(true);
  });
});
