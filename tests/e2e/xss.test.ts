// The XSS corpus through the whole pipeline: hostile RSS, Atom and JSON feeds are fetched from
// loopback and built with the CLI, then every page is opened in Chromium and every output file
// is checked statically. Zero executions, zero findings.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { Parser } from "htmlparser2";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { hostileAtom, hostileJsonFeed, hostileRss } from "../fixtures/xss/hostile-feeds.ts";
import { XSS_PAYLOADS } from "../fixtures/xss/payloads.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { findUnsafeMarkup, unsafeScheme } from "../helpers/static-safety.ts";
import { startStaticServer, type StaticServer } from "../helpers/static-server.ts";

const chromiumPath = "/usr/bin/chromium";
const haveChromium = existsSync(chromiumPath);
if (!haveChromium) console.warn(`Skipping XSS browser tests: no Chromium at ${chromiumPath}.`);

const buildNow = new Date("2025-06-18T12:00:00Z");
const FEEDS = [
  { slug: "hostile-rss", path: "/hostile.rss", type: "application/rss+xml", body: hostileRss(buildNow) },
  { slug: "hostile-atom", path: "/hostile.atom", type: "application/atom+xml", body: hostileAtom(buildNow) },
  { slug: "hostile-json", path: "/hostile.json", type: "application/feed+json", body: hostileJsonFeed(buildNow) },
];

/** A word of many payloads' text, so that search results show many hostile titles and summaries. */
const SEARCHED = "alert";

let workDir: string;
let siteDir: string;
let outputFiles: string[];
let feedServer: Loopback;

function quietIo(log: string[]): CliIo {
  return { out: (line) => void log.push(line), err: (line) => void log.push(line), isInteractive: false, progress: () => {} };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Site-root path of an output file, as the site links it (`/sources/x/index.html`). */
function sitePath(file: string): string {
  return `/${relative(siteDir, file).split(sep).join("/")}`;
}

/**
 * XML output (RSS, Atom, OPML): the fields the formats define as HTML (RSS description and
 * content:encoded, Atom text constructs of type="html") must hold safe HTML; URL-valued attributes
 * and elements must be safe URLs; and the document itself must hold no live markup (Atom xhtml).
 * Plain-text fields (Atom type="text", author names) may say "<script>": readers show it as text.
 */
function findUnsafeInXml(xml: string): string[] {
  const findings = findUnsafeMarkup(xml).map((finding) => `document: ${finding}`);
  const open: { text: string; isHtml: boolean }[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        open.push({ text: "", isHtml: /^(description|content:encoded)$/i.test(name) || attribs.type === "html" });
        for (const [attribute, value] of Object.entries(attribs)) {
          const scheme = /(^|:)(href|src)$|url$/i.test(attribute) ? unsafeScheme(value) : null;
          if (scheme !== null) findings.push(`<${name} ${attribute}> with scheme ${scheme}:`);
        }
      },
      ontext(text) {
        const element = open[open.length - 1];
        if (element) element.text += text;
      },
      onclosetag(name) {
        const element = open.pop();
        if (!element) return;
        if (element.isHtml) findings.push(...findUnsafeMarkup(element.text).map((finding) => `<${name}>: ${finding}`));
        const scheme = /^(link|url|icon|logo|comments|docs|uri)$/i.test(name) ? unsafeScheme(element.text.trim()) : null;
        if (scheme !== null) findings.push(`<${name}> URL with scheme ${scheme}:`);
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return findings;
}

/** JSON Feed output: content_html must be safe HTML and URL-valued members safe URLs (title and summary are plain text by spec). */
function findUnsafeInJson(value: unknown, key = ""): string[] {
  if (typeof value === "string") {
    const markup = key === "content_html" ? findUnsafeMarkup(value) : [];
    const scheme = /url$|^(icon|favicon|image|banner_image|avatar)$/i.test(key) ? unsafeScheme(value) : null;
    return [...markup, ...(scheme === null ? [] : [`with scheme ${scheme}:`])].map((finding) => `"${key}": ${finding}`);
  }
  if (Array.isArray(value)) return value.flatMap((each) => findUnsafeInJson(each, key));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([member, each]) => findUnsafeInJson(each, member));
  }
  return [];
}

describe("hostile feeds through the whole pipeline", () => {
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "blogroll-xss-"));
    siteDir = join(workDir, "site");
    feedServer = await startLoopback(
      Object.fromEntries(FEEDS.map((feed) => [feed.path, (_req, res) => void res.writeHead(200, { "content-type": feed.type }).end(feed.body)])),
    );
    const config = [
      "site:",
      "  title: XSS check",
      "  baseUrl: http://localhost:8080/",
      "  timezone: UTC",
      "  itemsPerPage: 100",
      "feeds:",
      ...FEEDS.flatMap((feed) => [
        `  - name: ${feed.slug}`,
        `    slug: ${feed.slug}`,
        `    url: ${feedServer.url(feed.path)}`,
        "    categories: [Hostile]",
      ]),
    ].join("\n");
    await writeFile(join(workDir, "feeds.yaml"), config);
    const log: string[] = [];
    const args = ["--config", join(workDir, "feeds.yaml"), "--data", join(workDir, "data"), "--out", siteDir];
    const exitCode = await main(["build", ...args, "--now", buildNow.toISOString()], quietIo(log));
    expect(exitCode, log.join("\n")).toBe(0);
    outputFiles = await filesUnder(siteDir);
  }, 180_000);

  afterAll(async () => {
    await feedServer?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("archives every payload of every feed, so the checks below see them all", async () => {
    for (const feed of FEEDS) {
      const archive = JSON.parse(await readFile(join(workDir, "data", "items", `${feed.slug}.json`), "utf8")) as { items: unknown[] };
      expect(archive.items, feed.slug).toHaveLength(XSS_PAYLOADS.length);
    }
  });

  it("writes no unsafe markup into any HTML page", async () => {
    const pages = outputFiles.filter((file) => file.endsWith(".html"));
    const ownScriptSrcs = outputFiles.filter((file) => /\.m?js$/.test(file)).map(sitePath);
    expect(pages.length).toBeGreaterThan(5);
    // Ours besides the scripts: the search form of every page, and the search page's result templates.
    const own = { ownScriptSrcs, ownFormActions: ["/search/"], ownDataBlockTypes: ["text/pagefind-template"] };
    for (const page of pages) {
      expect(findUnsafeMarkup(await readFile(page, "utf8"), own), sitePath(page)).toEqual([]);
    }
  });

  it("writes no unsafe markup or URL into the RSS, Atom, OPML and JSON feeds it publishes", async () => {
    const xmlFiles = outputFiles.filter((file) => file.endsWith(".xml"));
    const jsonFiles = outputFiles.filter((file) => file.endsWith(".json") && !file.includes(`${sep}pagefind${sep}`));
    expect(xmlFiles.length).toBeGreaterThan(0);
    expect(jsonFiles.length).toBeGreaterThan(0);
    for (const file of xmlFiles) expect(findUnsafeInXml(await readFile(file, "utf8")), sitePath(file)).toEqual([]);
    for (const file of jsonFiles) {
      expect(findUnsafeInJson(JSON.parse(await readFile(file, "utf8"))), sitePath(file)).toEqual([]);
    }
  });

  describe.skipIf(!haveChromium)("in Chromium", () => {
    let browser: Browser;
    let context: BrowserContext;
    let siteServer: StaticServer;

    beforeAll(async () => {
      siteServer = await startStaticServer(siteDir);
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      });
      context = await browser.newContext();
      await context.route("**/*", async (route) => {
        const url = route.request().url();
        // Feed images point at hosts that do not exist here; nothing may leave the machine.
        if (!url.startsWith(siteServer.url) && !url.startsWith(feedServer.origin)) return route.abort();
        if (route.request().resourceType() !== "document") return route.continue();
        // The pages' Content-Security-Policy would block inline script and so hide a sanitiser
        // failure: take it out, so that only our markup stands between a payload and the page.
        const response = await route.fetch();
        const body = (await response.text()).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, "");
        return route.fulfill({ response, body });
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await siteServer?.close();
    });

    /**
     * Opens a URL and reports every sign of a payload running: dialogs, and anything at window.__xss. `ready` waits for
     * what the page fills in after it loads.
     */
    async function executionsOn(url: string, ready?: (page: Page) => Promise<void>): Promise<string[]> {
      const page = await context.newPage();
      const executions: string[] = [];
      const dismissals: Promise<void>[] = [];
      page.on("dialog", (dialog) => {
        executions.push(`${dialog.type()} "${dialog.message()}" on ${url}`);
        // With dialogs in quick succession one can be gone before its dismissal lands; it was counted already.
        dismissals.push(
          dialog.dismiss().catch((error: unknown) => {
            if (!String(error).includes("No dialog is showing")) throw error;
          }),
        );
      });
      await page.goto(url, { waitUntil: "load" });
      await ready?.(page);
      // Scroll through so lazy content loads, then let autofocus, toggle and animation events fire.
      await page.evaluate(async () => {
        window.scrollTo(0, document.body.scrollHeight);
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      });
      const flag = await page.evaluate(() => typeof (window as Window & { __xss?: unknown }).__xss);
      if (flag !== "undefined") executions.push(`window.__xss is a ${flag} on ${url}`);
      // The check means something only if the page's policy really was taken out.
      const policies = await page.locator('meta[http-equiv="Content-Security-Policy" i]').count();
      if (policies > 0) executions.push(`a Content-Security-Policy is still in force on ${url}`);
      await Promise.all(dismissals);
      await page.close();
      return executions;
    }

    it("detects the payloads when they are not sanitised (control: proves the detector works)", async () => {
      feedServer.route("/control.html", (_req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><body>${XSS_PAYLOADS.join("\n<hr>\n")}`);
      });
      const executions = await executionsOn(feedServer.url("/control.html"));
      expect(executions.length).toBeGreaterThan(10);
    });

    it("runs no payload on any page of the built site", async () => {
      const executions: string[] = [];
      for (const page of outputFiles.filter((file) => file.endsWith(".html"))) {
        executions.push(...(await executionsOn(new URL(sitePath(page).slice(1), siteServer.url).href)));
      }
      expect(executions).toEqual([]);
    }, 300_000);

    it("runs no payload in search results, which show each post's title, source, date and summary", async () => {
      let shown = 0;
      const executions = await executionsOn(new URL(`search/?q=${SEARCHED}`, siteServer.url).href, async (page) => {
        // A tall window, so that Pagefind fills in many results at once (it fills each as it comes into view).
        await page.setViewportSize({ width: 1280, height: 20_000 });
        const results = page.getByRole("list", { name: "Search results" }).getByRole("listitem");
        await results.first().waitFor({ timeout: 30_000 });
        await expect.poll(() => results.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(FEEDS.length * 10);
        shown = await results.count();
      });
      expect(shown).toBeGreaterThanOrEqual(FEEDS.length * 10);
      expect(executions).toEqual([]);
    }, 120_000);
  });
});