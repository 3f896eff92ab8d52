// Bounds what one post's HTML may cost before the tree-building parsers see it. htmlparser2's Parser (inside
// sanitize-html and htmlToText) keeps its open elements at the front of an array, so each tag costs time in
// proportion to the nesting depth: a post 160,000 elements deep took 46 s. One linear pass over the tokens here
// drops the tags nested deeper than MAX_NESTING_DEPTH, or past MAX_ELEMENTS_PER_POST, and keeps their text, so
// every later pass is linear. A post within both bounds comes back as the very same string.
import { Tokenizer, type TokenizerCallbacks } from "htmlparser2";
import { DROPPED_WITH_CONTENTS } from "./dropped-elements.ts";
import { INLINE_ELEMENTS } from "./inline-elements.ts";

/**
 * Chromium's HTML parser stops nesting at this depth too (deeper elements become siblings), so a browser would
 * show such a post laid out as we keep it. Hand-written and generated posts stay far below it (tens of levels).
 */
export const MAX_NESTING_DEPTH = 512;
/**
 * A long article holds a few thousand elements and a post of one big table tens of thousands; past this, elements
 * cost time (some 5 µs each in the sanitiser) without a reader being able to use them.
 */
export const MAX_ELEMENTS_PER_POST = 100_000;

export interface HtmlCut {
  /** Elements whose tags were dropped (their text kept). */
  droppedElements: number;
  /** Which bound was met first. */
  reason: "depth" | "elements";
}

export interface BoundedHtml {
  html: string;
  /** Null when the HTML was within both bounds and is returned unchanged. */
  cut: HtmlCut | null;
}

// Elements that never hold content: `<br>` opens nothing, whatever follows it.
const VOID_ELEMENTS = new Set([
  "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "image", "input", "isindex",
  "keygen", "link", "meta", "param", "source", "track", "wbr",
]);

// The HTML spec's optional end tags, as the parser applies them: the element on the left is closed by the start
// tag of any on the right, so `<p>one<p>two` is two paragraphs side by side, not one inside the other. Only rules
// the parser also applies are listed: one missing here can only make a post look deeper than it is, never less deep.
const PARAGRAPH_CLOSERS = [
  "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure", "footer",
  "form", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul", "h1", "h2", "h3", "h4", "h5", "h6",
];
const HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"];
const CLOSED_BY: Record<string, readonly string[]> = {
  p: PARAGRAPH_CLOSERS,
  li: ["li"],
  dd: ["dd", "dt"],
  dt: ["dd", "dt"],
  tr: ["tr"],
  td: ["tr", "td"],
  th: ["tr", "td", "th"],
  thead: ["tbody", "tfoot", "td"],
  tbody: ["tbody", "tfoot"],
  option: ["option", "optgroup", "select", "input", "button", "datalist", "textarea", "output"],
  a: ["a"],
  rt: ["rt", "rp"],
  rp: ["rt", "rp"],
  ...Object.fromEntries(HEADINGS.map((heading) => [heading, HEADINGS])),
};
/** Start tag → the open elements it closes first (the table above, turned round). */
const CLOSES_ON_OPEN = new Map<string, Set<string>>();
for (const [closed, closers] of Object.entries(CLOSED_BY)) {
  for (const closer of closers) {
    const set = CLOSES_ON_OPEN.get(closer) ?? new Set<string>();
    set.add(closed);
    CLOSES_ON_OPEN.set(closer, set);
  }
}

// Inside `<svg>` and `<math>` a `/>` closes its element; inside these HTML islands within them it does not.
const FOREIGN_ROOTS = new Set(["svg", "math"]);
const HTML_ISLANDS = new Set(["mi", "mo", "mn", "ms", "mtext", "annotation-xml", "foreignobject", "desc", "title"]);
const DROPPED = new Set(DROPPED_WITH_CONTENTS);
const JOINS_INTO_TAG = new Set(["<", "/", "!", "?"]);

interface OpenElement {
  name: string;
  /** Whether `/>` closes an element opened directly inside this one. */
  foreign: boolean;
}

/**
 * Follows the parser's stack of open elements tag by tag, and marks the stretches of the source to leave out: the
 * tags of elements past a bound, and whole the elements past a bound whose content the sanitiser would drop anyway
 * (a `<script>` whose code would otherwise be left as text).
 */
class BoundingPass implements TokenizerCallbacks {
  readonly pieces: string[] = [];
  droppedElements = 0;
  reason: HtmlCut["reason"] | null = null;
  private readonly source: string;
  private readonly open: OpenElement[] = [];
  private elements = 0;
  /** Dropped start tags by name, still waiting for their end tags (which are dropped with them). */
  private readonly droppedOpen = new Map<string, number>();
  /** Whether what was copied so far ends in white space. */
  private spaceLast = false;
  /** Where the source was last copied up to. */
  private copied = 0;
  /** A dropped element removed with its content: its name, how many of its kind are open inside it, where it began. */
  private skipping: { name: string; nesting: number; from: number } | null = null;
  private tagName = "";
  private tagStart = 0;
  private tagKept = true;

  constructor(source: string) {
    this.source = source;
  }

  /**
   * Leaves source[from, to) out. A tag that separated words leaves a space in its place, and so does any tag after
   * a "<" or "</" that was text only because this tag followed: joined to the text after it, it would make a tag.
   */
  private leaveOut(from: number, to: number, separatesWords: boolean): void {
    const kept = this.source.slice(this.copied, from);
    this.pieces.push(kept);
    if (kept !== "") this.spaceLast = /\s$/.test(kept);
    // Thousands of dropped tags in a row leave one space, not thousands.
    if ((separatesWords || JOINS_INTO_TAG.has(this.source[from - 1] ?? "")) && !this.spaceLast) {
      this.pieces.push(" ");
      this.spaceLast = true;
    }
    this.copied = to;
  }

  finish(): string {
    if (this.skipping !== null) this.leaveOut(this.skipping.from, this.source.length, true);
    else this.pieces.push(this.source.slice(this.copied));
    return this.pieces.join("");
  }

  isInForeignContext(): boolean {
    if (this.skipping !== null) return FOREIGN_ROOTS.has(this.skipping.name);
    return this.open[this.open.length - 1]?.foreign ?? false;
  }

  private drop(name: string): void {
    this.droppedElements += 1;
    if (VOID_ELEMENTS.has(name)) return;
    this.droppedOpen.set(name, (this.droppedOpen.get(name) ?? 0) + 1);
  }

  onopentagname(start: number, endIndex: number): void {
    const raw = this.source.slice(start, endIndex).toLowerCase();
    const name = raw === "image" && !this.isInForeignContext() ? "img" : raw;
    this.tagName = name;
    this.tagStart = start - 1;
    if (this.skipping !== null) {
      if (name === this.skipping.name) this.skipping.nesting += 1;
      this.tagKept = false;
      return;
    }
    // The start tags this one implies first, counted before any is applied: a dropped tag must close nothing,
    // as the parser will never see it.
    const closes = CLOSES_ON_OPEN.get(name);
    let closing = 0;
    while (closes !== undefined && closes.has(this.open[this.open.length - 1 - closing]?.name ?? "")) closing += 1;
    const tooDeep = this.open.length - closing >= MAX_NESTING_DEPTH && !VOID_ELEMENTS.has(name);
    const tooMany = this.elements >= MAX_ELEMENTS_PER_POST;
    this.tagKept = !tooDeep && !tooMany;
    if (!this.tagKept) {
      this.reason ??= tooMany ? "elements" : "depth";
      this.drop(name);
      if (DROPPED.has(name) && !VOID_ELEMENTS.has(name)) this.skipping = { name, nesting: 1, from: this.tagStart };
      return;
    }
    this.open.length -= closing;
    this.elements += 1;
    if (VOID_ELEMENTS.has(name)) return;
    const parentForeign = this.isInForeignContext();
    this.open.push({ name, foreign: FOREIGN_ROOTS.has(name) ? true : HTML_ISLANDS.has(name) ? false : parentForeign });
  }

  onopentagend(endIndex: number): void {
    this.endTag(endIndex);
  }

  onselfclosingtag(endIndex: number): void {
    // The parser honours `/>` only in svg or math content, where it closes the element just opened.
    const top = this.open[this.open.length - 1];
    if (this.tagKept && top?.name === this.tagName && top.foreign) this.open.pop();
    this.endTag(endIndex);
  }

  private endTag(endIndex: number): void {
    if (!this.tagKept && this.skipping === null) this.leaveOut(this.tagStart, endIndex + 1, !INLINE_ELEMENTS.has(this.tagName));
  }

  onclosetag(start: number, endIndex: number): void {
    const name = this.source.slice(start, endIndex).toLowerCase();
    // The tokenizer reads an end tag up to the next ">", whatever stands before it.
    const close = this.source.indexOf(">", endIndex);
    const end = close === -1 ? this.source.length : close + 1;
    const from = this.source.lastIndexOf("<", start);
    if (this.skipping !== null) {
      if (name === this.skipping.name) this.skipping.nesting -= 1;
      if (this.skipping.nesting > 0) return;
      const droppedFrom = this.skipping.from;
      this.skipping = null;
      this.release(name);
      this.leaveOut(droppedFrom, end, true);
      return;
    }
    // Dropped elements sit inside every kept one, so in nested markup their end tags come first.
    if (this.release(name)) {
      this.leaveOut(from, end, !INLINE_ELEMENTS.has(name));
      return;
    }
    const at = this.open.findLastIndex((element) => element.name === name);
    if (at !== -1) {
      this.open.length = at;
      return;
    }
    // A `</p>` that closes nothing makes an empty paragraph: an element like any other.
    if (name !== "p") return;
    if (this.elements < MAX_ELEMENTS_PER_POST) this.elements += 1;
    else {
      this.reason ??= "elements";
      this.droppedElements += 1;
      this.leaveOut(from, end, true);
    }
  }

  /** Takes one dropped element of this name off the waiting list; false when none waits. */
  private release(name: string): boolean {
    const waiting = this.droppedOpen.get(name) ?? 0;
    if (waiting === 0) return false;
    this.droppedOpen.set(name, waiting - 1);
    return true;
  }

  // Text, attributes, comments and the rest are copied as they stand, or left out with the element around them.
  ontext(): void {}
  ontextentity(): void {}
  onattribname(): void {}
  onattribdata(): void {}
  onattribentity(): void {}
  onattribend(): void {}
  oncdata(): void {}
  oncomment(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}
  onend(): void {}
}

/** The post's HTML within MAX_NESTING_DEPTH and MAX_ELEMENTS_PER_POST, and what was cut to keep it there. */
export function boundHtml(html: string): BoundedHtml {
  const pass = new BoundingPass(html);
  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, pass);
  tokenizer.write(html);
  tokenizer.end();
  if (pass.reason === null) return { html, cut: null };
  return { html: pass.finish(), cut: { droppedElements: pass.droppedElements, reason: pass.reason } };
}

/** The feed's warning for the posts whose markup was cut to the bounds, or null when none was. */
export function cutPostsWarning(posts: readonly { title: string; cut: HtmlCut }[]): string | null {
  const [first] = posts;
  if (first === undefined) return null;
  const bound = first.cut.reason === "depth" ? `nested more than ${MAX_NESTING_DEPTH} elements deep` : `held more than ${MAX_ELEMENTS_PER_POST.toLocaleString("en")} elements`;
  const count = posts.length === 1 ? "1 post was" : `${posts.length} posts were`;
  const its = posts.length === 1 ? "its" : "their";
  return (
    `${count} cut short because ${its} markup ${bound} (first: "${first.title.slice(0, 80)}"): ` +
    `the ${first.cut.droppedElements.toLocaleString("en")} elements past that bound were flattened to their text. ` +
    "No real post is built like this; if the feed's owner meant it, the post reads in full on their site."
  );
}
