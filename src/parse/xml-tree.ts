// One ordered element tree for every XML feed, strict or recovered. Built with htmlparser2 in
// XML mode because it never gives up: unclosed and stray tags still yield a tree. Namespaces are
// resolved so that `<content:encoded>` is found whatever prefix a feed binds the namespace to.
import { Parser } from "htmlparser2";
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

/** Parses XML text into a tree; the result is null when the text holds no element at all. */
export function buildXmlTree(text: string): XmlElement | null {
  const document: XmlElement = {
    kind: "element", name: "#document", local: "#document", ns: null, attrs: {}, children: [], closed: true, base: [],
  };
  const stack: XmlElement[] = [document];
  const scopes: Record<string, string>[] = [{}];

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const parent = stack[stack.length - 1] ?? document;
        const scope = { ...(scopes[scopes.length - 1] ?? {}) };
        for (const [attr, value] of Object.entries(attrs)) {
          if (attr === "xmlns") scope[""] = value;
          else if (attr.startsWith("xmlns:")) scope[attr.slice(6)] = value;
        }
        const { prefix, local } = splitName(name);
        const ns = scope[prefix] ?? CONVENTIONAL_PREFIXES[prefix] ?? null;
        const ownBase = attrs["xml:base"];
        const element: XmlElement = {
          kind: "element", name, local: local.toLowerCase(), ns: ns === "" ? null : ns, attrs, children: [], closed: false,
          base: ownBase === undefined ? parent.base : [...parent.base, ownBase],
        };
        parent.children.push(element);
        stack.push(element);
        scopes.push(scope);
      },
      onclosetag(_name, isImplied) {
        const element = stack.pop();
        scopes.pop();
        if (element) element.closed = !isImplied;
      },
      ontext(data) {
        const parent = stack[stack.length - 1] ?? document;
        const last = parent.children[parent.children.length - 1];
        if (last?.kind === "text") last.text += data;
        else parent.children.push({ kind: "text", text: data });
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(text);
  return document.children.find((node): node is XmlElement => node.kind === "element") ?? null;
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
