// One ordered element tree for every XML feed, strict or recovered, read in one pass. The tree is
// built on htmlparser2's tokenizer in XML mode because it never gives up: unclosed and stray tags
// still yield a tree. The same pass notes every departure from well-formed XML it recovers from
// (unclosed, stray and mismatched tags, unquoted or repeated attributes, content after the root),
// so no second, strict parse is needed to tell a clean document from a repaired one. Namespaces
// are resolved so that `<content:encoded>` is found whatever prefix a feed binds the namespace to.
import { QuoteType, Tokenizer, type TokenizerCallbacks } from "htmlparser2";
import { MAX_NESTING_DEPTH } from "../sanitise/bounded-html.ts";
import { lineAt, ProblemNotes } from "./problems.ts";
import type { BaseChain } from "./types.ts";

export interface XmlText {
  kind: "text";
  text: string;
}

export interface XmlElement {
  kind: "element";
  /** The qualified name as written. */
  name: string;
  /** The local name, lower-cased: feeds in the wild disagree on `pubDate` vs `pubdate`. */
  local: string;
  /** The namespace URI, or null when none is in scope. */
  ns: string | null;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** False when the document ended (or a parent closed) before this element's end tag. */
  closed: boolean;
  base: BaseChain;
}

export type XmlNode = XmlText | XmlElement;

export interface XmlDocument {
  /** The document's top-level elements: one (the root) in well-formed XML, none when the text holds no element. */
  elements: XmlElement[];
  /** Each kind of malformation found, with its first line; empty for well-formed XML. */
  problems: string[];
}

export const NS = {
  atom: "http://www.w3.org/2005/Atom",
  atom03: "http://purl.org/atom/ns#",
  rss10: "http://purl.org/rss/1.0/",
  rss09: "http://my.netscape.com/rdf/simple/0.9/",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  dcterms: "http://purl.org/dc/terms/",
  xhtml: "http://www.w3.org/1999/xhtml",
  itunes: "http://www.itunes.com/dtds/podcast-1.0.dtd",
  media: "http://search.yahoo.com/mrss/",
} as const;

// Feeds often use a well-known prefix without declaring it; read it as the usual namespace.
const CONVENTIONAL_PREFIXES: Record<string, string> = {
  atom: NS.atom, content: NS.content, dc: NS.dc, dcterms: NS.dcterms, rdf: NS.rdf,
  xhtml: NS.xhtml, itunes: NS.itunes, media: NS.media,
};

function splitName(name: string): { prefix: string; local: string } {
  const colon = name.indexOf(":");
  return colon === -1 ? { prefix: "", local: name } : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

/** Prefix → namespace URI; "" is the default namespace. Shared by elements that declare nothing new. */
type NamespaceScope = Record<string, string>;

interface OpenElement {
  element: XmlElement;
  scope: NamespaceScope;
  /** Offset of the start tag's name, for messages. */
  start: number;
}

const GREATER_THAN = 0x3e;
const END_OF_END_TAG = /\s*>/y;

/** Builds the tree from tokenizer events; offsets index `text`, which is passed whole. */
class TreeBuilder implements TokenizerCallbacks {
  readonly document: XmlElement = {
    kind: "element", name: "#document", local: "#document", ns: null, attrs: {}, children: [], closed: true, base: [],
  };
  readonly notes = new ProblemNotes();
  private readonly open: OpenElement[] = [];
  /**
   * Start tags nested past MAX_NESTING_DEPTH, by name, still waiting for their end tags: no element is made for
   * them and their text joins the deepest element kept. Deep elements cost memory (a 15 MB document of them took
   * 2.3 GB) and every reader of the tree recurses through them, while no feed nests half as deep.
   */
  private readonly flattened = new Map<string, number>();
  private rootEnded = false;
  private tagName = "";
  private tagStart = 0;
  private attrs: Record<string, string> = {};
  private attribName = "";
  private attribValue = "";

  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  private line(offset: number): number {
    return lineAt(this.text, offset);
  }

  private parent(): XmlElement {
    return this.open[this.open.length - 1]?.element ?? this.document;
  }

  private appendText(data: string): void {
    const parent = this.parent();
    const last = parent.children[parent.children.length - 1];
    if (last?.kind === "text") last.text += data;
    else parent.children.push({ kind: "text", text: data });
  }

  ontext(start: number, endIndex: number): void {
    const data = this.text.slice(start, endIndex);
    if (this.open.length === 0) {
      // Outside the root only white space is XML; what else stands there is not part of the feed.
      const words = data.search(/\S/);
      if (words !== -1) this.notes.note("text-outside-root", () => `text outside the root element at line ${this.line(start + words)} was ignored`);
      return;
    }
    this.appendText(data);
  }

  ontextentity(codepoint: number): void {
    if (this.open.length > 0) this.appendText(String.fromCodePoint(codepoint));
  }

  oncdata(start: number, endIndex: number, endOffset: number): void {
    if (this.open.length > 0) this.appendText(this.text.slice(start, endIndex - endOffset));
  }

  onopentagname(start: number, endIndex: number): void {
    this.tagName = this.text.slice(start, endIndex);
    this.tagStart = start;
    this.attrs = {};
  }

  onattribname(start: number, endIndex: number): void {
    this.attribName = this.text.slice(start, endIndex);
  }

  onattribdata(start: number, endIndex: number): void {
    this.attribValue += this.text.slice(start, endIndex);
  }

  onattribentity(codepoint: number): void {
    this.attribValue += String.fromCodePoint(codepoint);
  }

  onattribend(quote: QuoteType, endIndex: number): void {
    if (quote === QuoteType.Unquoted) {
      this.notes.note("unquoted", () => `an attribute value without quotes at line ${this.line(endIndex)} was read as if quoted`);
    } else if (quote === QuoteType.NoValue) {
      this.notes.note("no-value", () => `an attribute without a value at line ${this.line(endIndex)} was read as empty`);
    }
    if (Object.hasOwn(this.attrs, this.attribName)) {
      const name = this.attribName;
      this.notes.note("repeated-attribute", () => `the attribute "${name}" repeated at line ${this.line(endIndex)} was ignored`);
    } else {
      this.attrs[this.attribName] = this.attribValue;
    }
    this.attribValue = "";
  }

  onopentagend(): void {
    this.openElement();
  }

  onselfclosingtag(): void {
    const opened = this.openElement();
    if (opened === null) {
      this.release(this.tagName);
      return;
    }
    opened.element.closed = true;
    this.open.pop();
    if (this.open.length === 0) this.rootEnded = true;
  }

  private openElement(): OpenElement | null {
    const name = this.tagName;
    const attrs = this.attrs;
    if (this.open.length >= MAX_NESTING_DEPTH) {
      const start = this.tagStart;
      this.notes.note("too-deep", () => `elements nested more than ${MAX_NESTING_DEPTH} deep (from line ${this.line(start)}) were flattened into their text`);
      this.flattened.set(name, (this.flattened.get(name) ?? 0) + 1);
      return null;
    }
    if (this.open.length === 0 && this.rootEnded) {
      const start = this.tagStart;
      this.notes.note("second-root", () => `more than one top-level element (a second, <${name}>, at line ${this.line(start)})`);
    }
    const outer = this.open[this.open.length - 1];
    const parent = outer?.element ?? this.document;
    const inherited = outer?.scope ?? {};
    let scope = inherited;
    for (const attr in attrs) {
      if (attr !== "xmlns" && !attr.startsWith("xmlns:")) continue;
      if (scope === inherited) scope = { ...inherited };
      scope[attr === "xmlns" ? "" : attr.slice(6)] = attrs[attr] ?? "";
    }
    const { prefix, local } = splitName(name);
    const ns = scope[prefix] ?? CONVENTIONAL_PREFIXES[prefix] ?? null;
    const ownBase = attrs["xml:base"];
    const element: XmlElement = {
      kind: "element", name, local: local.toLowerCase(), ns: ns === "" ? null : ns, attrs, children: [], closed: false,
      base: ownBase === undefined ? parent.base : [...parent.base, ownBase],
    };
    parent.children.push(element);
    const opened = { element, scope, start: this.tagStart };
    this.open.push(opened);
    return opened;
  }

  onclosetag(start: number, endIndex: number): void {
    const name = this.text.slice(start, endIndex);
    // The tokenizer skips to the next `>` whatever stands before it: `</rss` at the end, or `</title <link>`.
    if (this.text.charCodeAt(endIndex) !== GREATER_THAN) {
      END_OF_END_TAG.lastIndex = endIndex;
      if (!END_OF_END_TAG.test(this.text)) this.notes.note("end-tag-unended", () => `the end tag </${name}> at line ${this.line(start)} has no ">"`);
    }
    // Flattened elements sit inside every kept one, so in nested markup their end tags come first.
    if (this.release(name)) return;
    let depth = this.open.length - 1;
    while (depth >= 0 && this.open[depth]?.element.name !== name) depth -= 1;
    if (depth < 0) {
      this.notes.note("stray-end-tag", () => `the end tag </${name}> at line ${this.line(start)} closes no open element and was ignored`);
      return;
    }
    // An end tag of an outer element closes the inner ones left open.
    const unclosed = this.open[this.open.length - 1];
    if (depth < this.open.length - 1 && unclosed !== undefined) {
      this.notes.note("unclosed", () => `<${unclosed.element.name}> at line ${this.line(unclosed.start)} is never closed`);
    }
    const closed = this.open[depth];
    if (closed !== undefined) closed.element.closed = true;
    this.open.length = depth;
    if (depth === 0) this.rootEnded = true;
  }

  /** Takes one flattened element of this name off the waiting list; false when none waits. */
  private release(name: string): boolean {
    const waiting = this.flattened.get(name) ?? 0;
    if (waiting === 0) return false;
    this.flattened.set(name, waiting - 1);
    return true;
  }

  onend(): void {
    const innermost = this.open[this.open.length - 1];
    if (innermost !== undefined) {
      this.notes.note("truncated", () => `the document ends inside <${innermost.element.name}> opened at line ${this.line(innermost.start)}`);
    }
    this.open.length = 0;
  }

  // The prolog, doctype, comments and processing instructions carry nothing a feed reader uses.
  oncomment(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}
}

/** Reads XML text into a tree, noting what was malformed. */
export function readXml(text: string): XmlDocument {
  const builder = new TreeBuilder(text);
  const tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: true, recognizeSelfClosing: true }, builder);
  tokenizer.write(text);
  tokenizer.end();
  return { elements: childElements(builder.document), problems: builder.notes.messages };
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((node): node is XmlElement => node.kind === "element");
}

/** All character data inside the element, as the XML parser decoded it. */
export function textContent(node: XmlNode): string {
  if (node.kind === "text") return node.text;
  return node.children.map(textContent).join("");
}

// HTML void elements must serialise as `<br />`: a `</br>` would read as a second line break.
const VOID_ELEMENTS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);

const escapeText = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttribute = (value: string): string => escapeText(value).replace(/"/g, "&quot;");

function serialiseNode(node: XmlNode): string {
  if (node.kind === "text") return escapeText(node.text);
  // Prefixes belong to the feed's XML, not to the HTML the content becomes.
  const name = splitName(node.name).local;
  const attrs = Object.entries(node.attrs)
    .filter(([attr]) => attr !== "xmlns" && !attr.startsWith("xmlns:"))
    .map(([attr, value]) => ` ${attr}="${escapeAttribute(value)}"`)
    .join("");
  if (node.children.length === 0 && VOID_ELEMENTS.has(name.toLowerCase())) return `<${name}${attrs} />`;
  return `<${name}${attrs}>${serialiseInner(node)}</${name}>`;
}

/** The element's content as markup, text re-escaped. */
export function serialiseInner(element: XmlElement): string {
  return element.children.map(serialiseNode).join("");
}
