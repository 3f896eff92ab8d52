// The demo site in a real headless Chromium, served under a sub-path as on a project-pages host: navigation, search,
// the status page, date stamps, accessibility (axe-core) and no script errors.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AxeResults, RunOptions } from "axe-core";
import { decodeHTML } from "entities";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { makeDemoFeeds, type DemoPost } from "../../demo/make-feeds.ts";
import { demoSources } from "../../demo/sources.ts";
import { formatInterval } from "../../public/stamps.js";
import { main } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { startStaticServer, type StaticServer } from "../helpers/static-server.ts";

const chromiumPath = "/usr/bin/chromium";
const haveChromium = existsSync(chromiumPath);
if (!haveChromium) console.warn(`Skipping browser tests: no Chromium at ${chromiumPath} (CI installs it with apt).`);

/** Noon, so that a clock moved two hours on stays on the build's calendar day. */
const buildNow = new Date("2025-06-18T12:00:00Z");
const twoHours = 2 * 3_600_000;
/** Where the site is served: every page, link and the search index must work under it. */
const basePath = "/blogroll/";
const axeScript = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let workDir: string;
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let posts: DemoPost[];
const problems: string[] = [];

function quietIo(log: string[]): CliIo {
  return { out: (line) => void log.push(line), err: (line) => void log.push(line), isInteractive: false, progress: () => {} };
}

/** A new tab whose console errors (failed loads included) and uncaught errors are recorded, with the clock at `time`. */
async function openPage(time: Date = buildNow): Promise<Page> {
  const page = await context.newPage();
  await page.clock.install({ time });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  return page;
}

/** The demo's posts as the site has them: a post two feeds carry (the same link) is one post. */
function distinctPosts(): DemoPost[] {
  return [...new Map(posts.map((post) => [post.link, post])).values()];
}

/** The words a reader reads in some HTML, lower-cased: tags out, entities decoded. */
function wordsOf(html: string): Set<string> {
  return new Set(decodeHTML(html.replace(/<[^>]*>/g, " ")).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Every word of the demo's titles and bodies, with the posts that hold it. */
function wordHolders(): Map<string, DemoPost[]> {
  const holders = new Map<string, DemoPost[]>();
  for (const post of distinctPosts()) {
    for (const word of new Set([...wordsOf(post.html), ...wordsOf(post.title)])) holders.set(word, [...(holders.get(word) ?? []), post]);
  }
  return holders;
}

/**
 * A word that only one post's body holds, deep in it (not in its title or summary), and that no other word of the demo
 * could be taken for: none starts with the same five letters, so neither Pagefind's stemming nor its matching of the
 * last word typed as a prefix can find another post by it.
 */
function wordOnlyOneBodyHolds(): { word: string; post: DemoPost } {
  const holders = wordHolders();
  const words = [...holders.keys()];
  const candidates = [...holders].flatMap(([word, holding]) => {
    const post = holding.length === 1 ? holding[0] : undefined;
    if (post === undefined || !/^\p{L}{8,}$/u.test(word)) return [];
    if (wordsOf(post.title).has(word) || wordsOf(post.summary).has(word)) return [];
    if (words.some((other) => other !== word && other.slice(0, 5) === word.slice(0, 5))) return [];
    return [{ word, post }];
  });
  const chosen = candidates.sort((a, b) => a.word.localeCompare(b.word))[0];
  if (chosen === undefined) throw new Error("The demo has no word that only one post's body holds: make-feeds.ts changed?");
  return chosen;
}

/** A word of five letters or more that posts of every source hold (the one most posts hold), for lists of results. */
function wordEverySourceHolds(): string {
  const [word] = [...wordHolders()]
    .filter(([word, holding]) => /^\p{L}{5,}$/u.test(word) && new Set(holding.map((post) => post.source)).size === demoSources.length)
    .sort(([a, holdingA], [b, holdingB]) => holdingB.length - holdingA.length || a.localeCompare(b))
    .map(([word]) => word);
  if (word === undefined) throw new Error("No word of the demo is held by every source: make-feeds.ts changed?");
  return word;
}

function sourceName(slug: string): string {
  const source = demoSources.find((each) => each.slug === slug);
  if (source === undefined) throw new Error(`No demo source ${slug}`);
  return source.name;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `Wed, 18/06/2025 - 08:45` (the demo's date format, in UTC) as an instant. */
function shownDate(text: string): number {
  const match = /(\d{2})\/(\d{2})\/(\d{4}) - (\d{2}):(\d{2})$/.exec(text);
  if (match === null) throw new Error(`Not a date as the site shows it: ${text}`);
  const [, day, month, year, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  return Date.UTC(year, month - 1, day, hour, minute);
}

/** The search page's results that have loaded (Pagefind fills each in as it scrolls into view). */
function loadedResults(page: Page) {
  return page.getByRole("list", { name: "Search results" }).getByRole("listitem");
}

describe.skipIf(!haveChromium)("the demo site in a browser", () => {
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "blogroll-e2e-"));
    const config = join(workDir, "feeds.yaml");
    const demoConfig = parseDocument(await readFile(new URL("../../demo/feeds.yaml", import.meta.url), "utf8"));
    demoConfig.setIn(["site", "baseUrl"], `http://localhost:8080${basePath}`);
    await writeFile(config, demoConfig.toString());
    ({ posts } = await makeDemoFeeds({ now: buildNow, outDir: join(workDir, "feeds") }));
    const log: string[] = [];
    const args = ["--config", config, "--data", join(workDir, "data"), "--out", join(workDir, "site"), "--now", buildNow.toISOString()];
    const exitCode = await main(["build", ...args, "--strict"], quietIo(log));
    expect(exitCode, log.join("\n")).toBe(0);
    server = await startStaticServer(join(workDir, "site"), basePath);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    context = await browser.newContext({ baseURL: server.url });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    for (const page of context.pages()) await page.close();
    const seen = problems.splice(0);
    expect(seen).toEqual([]);
  });

  it("follows the pager: older, the oldest, newer and the latest, each page naming its posts", async () => {
    const page = await openPage();
    await page.goto("./");
    const pager = page.getByRole("navigation", { name: /pages/i });
    await expect.poll(() => page.locator("article").count()).toBe(20);
    expect(await pager.locator('[aria-current="page"]').textContent()).toBe("Latest posts");
    const count = new Set(posts.map((post) => post.link)).size;
    const newest = Math.ceil(count / 20);
    // The post just below the first page's 20 stands on this page, numbered from the oldest.
    const older = Math.floor((count - 21) / 20) + 1;

    await pager.getByRole("link", { name: "Older posts ›" }).click();
    await page.waitForURL(`**/page/${older}/`);
    expect(await pager.locator('[aria-current="page"]').textContent()).toBe(`Posts ${(older - 1) * 20 + 1}–${Math.min(older * 20, count)}`);

    await pager.getByRole("link", { name: "Oldest posts »" }).click();
    await page.waitForURL("**/page/1/");
    expect(await page.locator("article").count()).toBe(20);
    expect(await pager.getByRole("link", { name: "Older posts ›" }).count()).toBe(0);

    expect(newest).toBeGreaterThan(2);
    await pager.getByRole("link", { name: "‹ Newer posts" }).click();
    await page.waitForURL("**/page/2/");
    await pager.getByRole("link", { name: "« Latest posts" }).click();
    await page.waitForURL(server.url);
  });

  it("follows a post's source link to the source page, with its heading and count", async () => {
    const page = await openPage();
    await page.goto("./");
    const post = page.locator("article", { hasText: "Our on-call checklist, annotated" });
    await post.getByRole("link", { name: "Lighthouse Ops" }).click();
    await page.waitForURL("**/sources/lighthouse/");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Blogroll: Lighthouse Ops");
    const count = posts.filter((each) => each.source === "lighthouse").length;
    expect(await page.locator("main").textContent()).toContain(`There are currently ${count} posts from the blog 'Lighthouse Ops.'`);
    expect(await page.locator("article").count()).toBe(Math.min(count, 20));
  });

  it("follows a post's category link to the category page, with its heading and count", async () => {
    const page = await openPage();
    await page.goto("sources/locksmith/");
    await page.locator("article").first().getByRole("link", { name: "Security", exact: true }).click();
    await page.waitForURL("**/categories/security/");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Blogroll Category: Security");
    const count = posts.filter((each) => each.source === "packets" || each.source === "locksmith").length;
    expect(await page.locator("main").textContent()).toContain(`There are currently ${count} posts from the category 'Security.'`);
  });

  it("recomputes an `X ago` stamp from the reader's clock", async () => {
    const newest = posts.reduce((a, b) => (a.published > b.published ? a : b));
    const age = buildNow.getTime() - Date.parse(newest.published);
    const builtHtml = await (await fetch(server.url)).text();
    expect(builtHtml).toContain(`${formatInterval(age)} ago`);

    const page = await openPage(new Date(buildNow.getTime() + twoHours));
    await page.goto("./");
    const stamp = page.locator("article", { hasText: newest.title }).first().locator("time[data-relative]").first();
    await expect.poll(() => stamp.textContent()).toBe(`${formatInterval(age + twoHours)} ago`);
  });

  it("finds a post by a word only its body holds, from any page's search form, and links to the post itself", async () => {
    const { word, post } = wordOnlyOneBodyHolds();
    const page = await openPage();
    await page.goto("categories/");
    await page.getByRole("search").getByRole("searchbox", { name: "Search posts" }).fill(word);
    await page.getByRole("search").getByRole("button", { name: "Search" }).click();
    await page.waitForURL(`**${basePath}search/?q=${word}`);
    const result = loadedResults(page);
    await result.first().waitFor({ timeout: 30_000 });
    expect(await page.locator("pagefind-summary").textContent()).toBe(`1 result for ${word}`);
    expect(await result.count()).toBe(1);
    const link = result.getByRole("link");
    expect(await link.textContent()).toBe(post.title);
    // The post's own address, which this machine cannot reach: the link is checked, not followed.
    expect(await link.getAttribute("href")).toBe(post.link);
    const day = post.published.slice(0, 10).split("-").reverse().join("/");
    expect(await result.locator(".meta").textContent()).toMatch(new RegExp(`^${escapeRegExp(sourceName(post.source))} - \\w{3}, ${day} - \\d{2}:\\d{2}$`));
    // The passage that matched, not the feed's summary, with the word found marked.
    expect(await result.locator(".search-result-excerpt mark").allTextContents()).toEqual([expect.stringMatching(new RegExp(`^${word}$`, "i"))]);
  });

  it("narrows results to one source by keyboard, lists them newest first, and keeps the search in the address", async () => {
    const word = wordEverySourceHolds();
    const source = sourceName("lighthouse");
    const page = await openPage();
    await page.goto("search/");
    const field = page.getByRole("searchbox", { name: "Search posts" });
    await field.focus();
    await page.keyboard.type(word);
    await loadedResults(page).first().waitFor({ timeout: 30_000 });
    const unfiltered = await page.locator("pagefind-summary").textContent();

    // Open the Source group and tick the source, with the keyboard alone.
    await page.locator("pagefind-filter-pane summary", { hasText: "Source" }).focus();
    await page.keyboard.press("Enter");
    const checkbox = page.getByRole("checkbox", { name: new RegExp(`^${escapeRegExp(source)}`) });
    for (let tabs = 0; tabs < 10 && !(await checkbox.evaluate((element) => element === document.activeElement)); tabs++) await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    expect(await checkbox.isChecked()).toBe(true);
    await expect.poll(() => page.locator("pagefind-summary").textContent(), { timeout: 10_000 }).not.toBe(unfiltered);
    await expect.poll(() => new URL(page.url()).searchParams.getAll("source")).toEqual([source]);
    expect(new URL(page.url()).searchParams.get("q")).toBe(word);

    const checkResults = async (): Promise<void> => {
      // Results appear one by one as their fragments arrive: wait for more than one before reading them.
      await expect.poll(() => loadedResults(page).count(), { timeout: 30_000 }).toBeGreaterThan(1);
      const lines = await loadedResults(page).locator(".meta").allTextContents();
      expect(lines.filter((line) => !line.startsWith(`${source} - `))).toEqual([]);
      const dates = lines.map(shownDate);
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
    };
    await checkResults();

    // Down from the field goes to the first result: the reader's next step is to open it.
    await field.focus();
    await page.keyboard.press("ArrowDown");
    const firstLink = loadedResults(page).first().getByRole("link");
    expect(await firstLink.evaluate((element) => element === document.activeElement)).toBe(true);

    // The address holds the search: opened again, it shows the same results.
    await page.reload();
    await checkResults();
    // Its group is closed again, so the box is found by its value, not as a control on screen.
    expect(await page.locator("pagefind-filter-pane input[type=checkbox]").evaluateAll((boxes) =>
      boxes.filter((box) => box instanceof HTMLInputElement && box.checked).map((box) => (box as HTMLInputElement).value),
    )).toEqual([source]);
    expect(await field.inputValue()).toBe(word);
  });

  it.each([320, 1280])("shows every feed's health at %i px: its pictures, each with its words, and no sideways scrolling", async (width) => {
    const page = await openPage();
    await page.setViewportSize({ width, height: 800 });
    await page.goto("status/");
    for (const source of demoSources) {
      const section = page.getByRole("region", { name: new RegExp(`^${escapeRegExp(source.name)} `) });
      const pictures = section.getByRole("figure");
      expect(await pictures.count(), source.name).toBe(2);
      // A figure's name is its caption: the picture's facts in words.
      expect(await section.getByRole("figure", { name: /^(Last (\d+ polls|poll): |Not polled yet\.)/ }).count(), source.name).toBe(1);
      const count = posts.filter((post) => post.source === source.slug).length;
      expect(await section.getByRole("figure", { name: new RegExp(`^${count} posts in the \\d+ weeks since `) }).count(), source.name).toBe(1);
      for (const picture of await pictures.all()) {
        const box = await picture.locator("svg").boundingBox();
        expect(box !== null && box.width > 0 && box.height > 0 && box.x >= 0 && box.x + box.width <= width, source.name).toBe(true);
      }
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  });

  // Light at one width and dark at the other: both themes' colours are checked, and both layouts.
  it.each([
    { width: 320, colorScheme: "light" as const },
    { width: 1280, colorScheme: "dark" as const },
  ])("has no serious or critical axe finding on any kind of page at $width px, $colorScheme", async ({ width, colorScheme }) => {
    const pages: [kind: string, path: string, status: number][] = [
      ["home", "./", 200],
      ["a later page", "page/2/", 200],
      ["a source", "sources/lighthouse/", 200],
      ["a category", "categories/security/", 200],
      ["the sources", "sources/", 200],
      ["the categories", "categories/", 200],
      ["status", "status/", 200],
      ["not found", "no-such-page/", 404],
      ["search results", `search/?q=${wordEverySourceHolds()}`, 200],
    ];
    // axe runs as a script the pages' policy forbids: this context alone sets the policy aside, the site keeps it.
    const audit = await browser.newContext({ baseURL: server.url, bypassCSP: true, viewport: { width, height: 900 }, colorScheme });
    try {
      const findings: string[] = [];
      for (const [kind, path, status] of pages) {
        const page = await audit.newPage();
        expect((await page.goto(path))?.status(), kind).toBe(status);
        if (kind === "search results") {
          await loadedResults(page).first().waitFor({ timeout: 30_000 });
          for (const group of await page.locator("pagefind-filter-pane summary").all()) await group.click();
        }
        await page.addScriptTag({ path: axeScript });
        const { violations } = await page.evaluate(
          (options) => (window as unknown as { axe: { run(options: RunOptions): Promise<AxeResults> } }).axe.run(options),
          { resultTypes: ["violations"] } satisfies RunOptions,
        );
        for (const violation of violations.filter((each) => each.impact === "serious" || each.impact === "critical")) {
          findings.push(`${kind}: ${violation.id} (${violation.impact}) at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
        }
        await page.close();
      }
      expect(findings).toEqual([]);
    } finally {
      await audit.close();
    }
  });
});
