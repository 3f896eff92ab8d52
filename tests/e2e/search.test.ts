// The search page over an index of several segments, in a real headless Chromium: results newest first across
// segments, filter counts summed exactly, every post once as results load, and the passage that matched, marked.
import { existsSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FeedArchive, Item } from "../../src/model.ts";
import { renderSite } from "../../src/site/render.ts";
import { readSegmentList } from "../../src/site/search/segment-list.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { startStaticServer, type StaticServer } from "../helpers/static-server.ts";
import { archive, config, feed, item, snapshotOf } from "../site/fixtures.ts";

const chromiumPath = "/usr/bin/chromium";
const haveChromium = existsSync(chromiumPath);
const NOW = new Date("2024-03-10T12:00:00Z");
const harbour = feed("Harbour Notes", "harbour");
const lantern = feed("Lantern Weekly", "lantern");
const POSTS_EACH = 45;

/** Posts two hours apart, the two sources interleaved; every body holds "beacon" deep in its text. */
function posts(source: typeof harbour, offset: number): Item[] {
  return Array.from({ length: POSTS_EACH }, (_, n) =>
    item(source.slug, {
      id: `${source.slug}-${n}`,
      title: `${source.name} number ${n}`,
      published: new Date(NOW.getTime() - (2 * n + offset + 1) * 3_600_000).toISOString(),
      html: `<p>${"Calm words about the sea and the weather. ".repeat(12)}Then the beacon was lit at the pier, post ${n}.</p>`,
    }),
  );
}

let workspace: { dir: string; remove(): Promise<void> };
let server: StaticServer;
let browser: Browser;
let segmentCount = 0;
const problems: string[] = [];

async function openSearch(query: string): Promise<Page> {
  const page = await browser.newPage({ baseURL: server.url });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  await page.goto(`search/${query}`);
  return page;
}

const results = (page: Page) => page.getByRole("list", { name: "Search results" }).getByRole("listitem");

/** Every result, each scrolled into view so that Pagefind loads it, with "load more" pressed until all are there. */
async function allResults(page: Page, expected: number): Promise<{ meta: string; href: string; excerpt: string }[]> {
  await results(page).first().waitFor({ timeout: 30_000 });
  const more = page.getByRole("button", { name: /load more/i });
  for (let rounds = 0; rounds < 50 && (await more.count()) > 0 && (await more.isVisible()); rounds++) await more.click();
  await expect.poll(() => results(page).count(), { timeout: 30_000 }).toBe(expected);
  const shown: { meta: string; href: string; excerpt: string }[] = [];
  for (const result of await results(page).all()) {
    await result.scrollIntoViewIfNeeded();
    const link = result.getByRole("link");
    await link.waitFor({ timeout: 10_000 });
    shown.push({
      meta: (await result.locator(".meta").textContent()) ?? "",
      href: (await link.getAttribute("href")) ?? "",
      excerpt: await result.locator(".search-result-excerpt").innerHTML(),
    });
  }
  return shown;
}

describe.skipIf(!haveChromium)("search across segments in a browser", () => {
  beforeAll(async () => {
    workspace = await tempDir();
    const siteDir = path.join(workspace.dir, "site");
    const archives = new Map<string, FeedArchive>([
      ["harbour", archive(harbour, posts(harbour, 0))],
      ["lantern", archive(lantern, posts(lantern, 1))],
    ]);
    // Segments of about four posts: this small site gets several.
    await renderSite({ config: config([harbour, lantern]), archive: snapshotOf(archives), now: NOW, outDir: siteDir, searchSegments: { leafPosts: 4, fanOut: 3, levels: 2, maxBytes: 1024 ** 2 } });
    segmentCount = (await readSegmentList(path.join(siteDir, "pagefind")))?.segments.length ?? 0;
    server = await startStaticServer(siteDir, "/");
    browser = await chromium.launch({ executablePath: chromiumPath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await workspace?.remove();
  });

  it("lists every post once, newest first across segments, each with the passage that matched marked", async () => {
    expect(segmentCount).toBeGreaterThan(4);
    const page = await openSearch("?q=beacon");
    await expect.poll(() => page.locator("pagefind-summary").textContent(), { timeout: 30_000 }).toBe(`${2 * POSTS_EACH} results for beacon`);
    const shown = await allResults(page, 2 * POSTS_EACH);
    const numbers = shown.map(({ href }) => href);
    expect(new Set(numbers).size).toBe(2 * POSTS_EACH);
    // The posts alternate between the sources, two hours apart: newest first means this exact order.
    const expected = Array.from({ length: 2 * POSTS_EACH }, (_, at) => {
      const source = at % 2 === 0 ? harbour : lantern;
      return `https://${source.slug}.example/${source.slug}-${Math.floor(at / 2)}`;
    });
    expect(numbers).toEqual(expected);
    for (const { excerpt } of shown) expect(excerpt).toMatch(/<mark>beacon<\/mark> was lit/);
    expect(problems).toEqual([]);
  }, 120_000);

  it("counts each filter's posts across every segment, and narrows to one source", async () => {
    const page = await openSearch("?q=beacon");
    await results(page).first().waitFor({ timeout: 30_000 });
    await page.locator("pagefind-filter-pane summary", { hasText: "Source" }).click();
    for (const source of [harbour, lantern]) {
      const box = page.getByRole("checkbox", { name: new RegExp(`^${source.name}`) });
      await expect.poll(async () => (await box.locator("xpath=ancestor::label[1]").textContent())?.replace(/\s+/g, " ").trim() ?? (await box.getAttribute("aria-label"))).toContain(String(POSTS_EACH));
    }
    await page.getByRole("checkbox", { name: new RegExp(`^${lantern.name}`) }).check();
    await expect.poll(() => page.locator("pagefind-summary").textContent(), { timeout: 30_000 }).toBe(`${POSTS_EACH} results for beacon`);
    const shown = await allResults(page, POSTS_EACH);
    expect(shown.map(({ href }) => href)).toEqual(Array.from({ length: POSTS_EACH }, (_, n) => `https://lantern.example/lantern-${n}`));
    expect(problems).toEqual([]);
  }, 120_000);

  it("takes a search address whose parameters are named __proto__, constructor and toString without a script error", async () => {
    const page = await openSearch("?q=beacon&__proto__=x&constructor=y&toString=z");
    await page.locator("pagefind-summary").waitFor();
    await page.waitForTimeout(1_000);
    expect(await page.getByRole("searchbox", { name: "Search posts" }).inputValue()).toBe("beacon");
    expect(problems).toEqual([]);
  }, 60_000);
});
