// The demo site in a real headless Chromium: navigation, search, date stamps, and no script errors.
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeDemoFeeds, type DemoPost } from "../../demo/make-feeds.ts";
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

describe.skipIf(!haveChromium)("the demo site in a browser", () => {
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "blogroll-e2e-"));
    const config = join(workDir, "feeds.yaml");
    await copyFile(new URL("../../demo/feeds.yaml", import.meta.url), config);
    ({ posts } = await makeDemoFeeds({ now: buildNow, outDir: join(workDir, "feeds") }));
    const log: string[] = [];
    const args = ["--config", config, "--data", join(workDir, "data"), "--out", join(workDir, "site"), "--now", buildNow.toISOString()];
    const exitCode = await main(["build", ...args, "--strict"], quietIo(log));
    expect(exitCode, log.join("\n")).toBe(0);
    server = await startStaticServer(join(workDir, "site"));
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

  it("follows the pager: next, a page number, last and previous", async () => {
    const page = await openPage();
    await page.goto("/");
    const pager = page.getByRole("navigation", { name: /pages/i });
    await expect.poll(() => page.locator("article").count()).toBe(20);

    await pager.getByRole("link", { name: "next ›" }).click();
    await page.waitForURL("**/page/2/");
    expect(await pager.locator('[aria-current="page"]').textContent()).toBe("2");

    await pager.getByRole("link", { name: "« first" }).click();
    await page.waitForURL(server.url);
    await pager.getByRole("link", { name: "2", exact: true }).click();
    await page.waitForURL("**/page/2/");

    await pager.getByRole("link", { name: "last »" }).click();
    const lastPage = Math.ceil(new Set(posts.map((post) => post.link)).size / 20);
    await page.waitForURL(`**/page/${lastPage}/`);
    expect(await page.locator("article").count()).toBeGreaterThan(0);
    expect(await pager.getByRole("link", { name: "next ›" }).count()).toBe(0);

    await pager.getByRole("link", { name: "‹ previous" }).click();
    await page.waitForURL(`**/page/${lastPage - 1}/`);
    expect(await page.locator("article").count()).toBe(20);
  });

  it("follows a post's source link to the source page, with its heading and count", async () => {
    const page = await openPage();
    await page.goto("/");
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
    await page.goto("/sources/locksmith/");
    await page.locator("article").first().getByRole("link", { name: "Security", exact: true }).click();
    await page.waitForURL("**/categories/security/");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Blogroll Category: Security");
    const count = posts.filter((each) => each.source === "packets" || each.source === "locksmith").length;
    expect(await page.locator("main").textContent()).toContain(`There are currently ${count} posts from the category 'Security.'`);
  });

  it("finds a post by a word of its title through the search box and opens it", async () => {
    const wanted = posts.find((post) => post.title.includes("autovacuum"));
    expect(wanted).toBeDefined();
    const page = await openPage();
    await page.goto("/");
    await page.getByRole("search").getByRole("textbox").fill("autovacuum");
    // Results are source pages; the post itself is a sub-result pointing at its heading's anchor.
    const result = page.locator(".pagefind-ui__result-link", { hasText: wanted?.title ?? "" }).first();
    await result.waitFor({ timeout: 30_000 });
    await result.click();
    await page.waitForURL("**/sources/lighthouse/**");
    const anchor = new URL(page.url()).hash.slice(1);
    expect(anchor).not.toBe("");
    expect(await page.locator(`[id="${anchor}"]`).textContent()).toContain(wanted?.title);
  });

  it("recomputes an `X ago` stamp from the reader's clock", async () => {
    const newest = posts.reduce((a, b) => (a.published > b.published ? a : b));
    const age = buildNow.getTime() - Date.parse(newest.published);
    const builtHtml = await (await fetch(server.url)).text();
    expect(builtHtml).toContain(`${formatInterval(age)} ago`);

    const page = await openPage(new Date(buildNow.getTime() + twoHours));
    await page.goto("/");
    const stamp = page.locator("article", { hasText: newest.title }).first().locator("time[data-relative]").first();
    await expect.poll(() => stamp.textContent()).toBe(`${formatInterval(age + twoHours)} ago`);
  });
});
