// A small link checker: every internal link, script, stylesheet, image and form of every page must resolve to a file.
import { access } from "node:fs/promises";
import path from "node:path";
import { findAll, parseHtml } from "./html.ts";
import { listFiles, readSiteFile } from "./fixtures.ts";

const LINK_ATTRIBUTES = ["href", "src", "action"];

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Every internal link of the site that does not resolve, as `page → link`. `origin` is the site's baseUrl. */
export async function findBrokenLinks(outDir: string, baseUrl: string): Promise<string[]> {
  const base = new URL(baseUrl);
  const broken: string[] = [];
  for (const page of (await listFiles(outDir)).filter((file) => file.endsWith(".html"))) {
    const pageUrl = new URL(page.replace(/(^|\/)index\.html$/, "$1"), base);
    const document = parseHtml(await readSiteFile(outDir, page));
    const links = findAll(document, (element) => LINK_ATTRIBUTES.some((name) => name in element.attribs)).flatMap(
      (element) => LINK_ATTRIBUTES.map((name) => element.attribs[name]).filter((value) => value !== undefined),
    );
    for (const link of links) {
      const target = new URL(link, pageUrl);
      if (target.origin !== base.origin) continue;
      if (!target.pathname.startsWith(base.pathname)) {
        broken.push(`${page} → ${link} (outside ${base.pathname})`);
        continue;
      }
      const relative = decodeURIComponent(target.pathname.slice(base.pathname.length));
      const file = relative === "" || relative.endsWith("/") ? `${relative}index.html` : relative;
      if (!(await exists(path.join(outDir, file)))) broken.push(`${page} → ${link}`);
    }
  }
  return broken;
}
