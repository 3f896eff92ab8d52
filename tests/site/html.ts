// Reading rendered pages as DOM trees (htmlparser2), so tests check structure rather than match text.
import { parseDocument } from "htmlparser2";
import { DomUtils } from "htmlparser2";
import type { Document, Element } from "domhandler";

export function parseHtml(html: string): Document {
  return parseDocument(html);
}

export function findAll(root: Document | Element, test: (element: Element) => boolean): Element[] {
  return DomUtils.findAll(test, root.children);
}

export function byTag(root: Document | Element, tag: string): Element[] {
  return findAll(root, (element) => element.name === tag);
}

export function hasClass(element: Element, className: string): boolean {
  return (element.attribs.class ?? "").split(/\s+/).includes(className);
}

export function byClass(root: Document | Element, className: string): Element[] {
  return findAll(root, (element) => hasClass(element, className));
}

export function one(elements: Element[], what: string): Element {
  if (elements.length !== 1 || elements[0] === undefined) throw new Error(`expected one ${what}, found ${elements.length}`);
  return elements[0];
}

/** Text content with runs of white space folded, as a reader sees it. */
export function textOf(node: Document | Element): string {
  return DomUtils.textContent(node).replace(/\s+/g, " ").trim();
}
