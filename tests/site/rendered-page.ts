// A rendered list page as a reader sees it: heading, paragraphs outside the posts, posts and links, as plain text.
import { isTag, type Element } from "domhandler";
import { byTag, findAll, hasClass, parseHtml, textOf } from "./html.ts";

export interface PostOnPage {
  title: string;
  /** The line holding the date stamp, e.g. `CloudFlare - 5 hours 15 min ago`. */
  meta: string;
  categories: string[];
}

export interface LinkOnPage {
  text: string;
  href: string;
}

export interface RenderedPage {
  heading: string;
  /** Every paragraph of the main content outside the posts, in order. */
  paragraphs: string[];
  posts: PostOnPage[];
  links: LinkOnPage[];
}

/** The post's own parts are direct children of its article; the body may hold headings of its own. */
function child(article: Element, test: (element: Element) => boolean): Element | undefined {
  return article.children.filter(isTag).find(test);
}

function readPost(article: Element): PostOnPage {
  const heading = child(article, (element) => /^h[1-6]$/.test(element.name));
  const meta = child(article, (element) => hasClass(element, "meta"));
  const categories = child(article, (element) => hasClass(element, "categories"));
  return {
    title: heading ? textOf(heading) : "",
    meta: meta ? textOf(meta) : "",
    categories: categories ? byTag(categories, "a").map(textOf) : [],
  };
}

function insideAny(element: Element, ancestors: Element[]): boolean {
  for (let parent = element.parent; parent; parent = parent.parent) {
    if (ancestors.includes(parent as Element)) return true;
  }
  return false;
}

export function readPage(html: string): RenderedPage {
  const document = parseHtml(html);
  const main = byTag(document, "main")[0];
  if (!main) throw new Error("the page has no <main>");
  const articles = byTag(main, "article");
  const heading = byTag(main, "h1")[0];
  return {
    heading: heading ? textOf(heading) : "",
    paragraphs: findAll(main, (element) => element.name === "p" && !insideAny(element, articles)).map(textOf),
    posts: articles.map(readPost),
    links: byTag(document, "a").map((link) => ({ text: textOf(link), href: link.attribs.href ?? "" })),
  };
}
