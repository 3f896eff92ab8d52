// Posts as readers see them, in a real headless Chromium: a post's own headings below its title, on screen and in the
// accessibility tree, at a phone's width and a desktop's; an audio enclosure that plays under the site's policy; axe.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AxeResults, RunOptions } from "axe-core";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { startStaticServer, type StaticServer } from "../helpers/static-server.ts";

const chromiumPath = "/usr/bin/chromium";
const haveChromium = existsSync(chromiumPath);
if (!haveChromium) console.warn(`Skipping browser tests: no Chromium at ${chromiumPath} (CI installs it with apt).`);

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "feeds", "readers");
const axeScript = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Half a second of a 440 Hz tone as 8 kHz, 8-bit mono PCM WAV: a file every Chromium plays. */
function toneWav(): Buffer {
  const rate = 8000;
  const samples = Buffer.alloc(rate / 2, 0).map((_, index) => 128 + Math.round(100 * Math.sin((2 * Math.PI * 440 * index) / rate)));
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + samples.length, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write("data", 36);
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
}

describe.skipIf(!haveChromium)("posts in a browser", () => {
  let workDir = "";
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "blogroll-e2e-readers-"));
    const site = join(workDir, "site");
    await mkdir(site);
    // Served before it is built, so the feed can name its enclosure at the site's own origin (the only http address
    // the policy's media-src allows; a real podcast's https host is allowed as https:).
    server = await startStaticServer(site);
    const podcast = (await readFile(join(FIXTURES, "podcast.xml"), "utf8")).replace("https://media.harbour.example/ep2.mp3", `${server.url}media/tone.wav`).replace('type="audio/mpeg"', 'type="audio/wav"');
    await writeFile(join(workDir, "podcast.xml"), podcast);
    const config = [
      "site:",
      `  baseUrl: ${server.url}`,
      "feeds:",
      `  - name: "Ada's Notebook"`,
      `    url: ${join(FIXTURES, "headings-and-embeds.xml")}`,
      "  - name: Harbour Radio",
      `    url: ${join(workDir, "podcast.xml")}`,
      "",
    ].join("\n");
    await writeFile(join(workDir, "feeds.yaml"), config);
    const log: string[] = [];
    const io: CliIo = { out: (line) => void log.push(line), err: (line) => void log.push(line), isInteractive: false, progress: () => {} };
    const code = await main(["build", "--config", join(workDir, "feeds.yaml"), "--data", join(workDir, "data"), "--out", site, "--now", "2024-03-02T12:00:00Z"], io);
    expect(code, log.join("\n")).toBe(0);
    await mkdir(join(site, "media"));
    await writeFile(join(site, "media", "tone.wav"), toneWav());
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /** A page that records every Content-Security-Policy violation and console error it sees. */
  async function openPage(width: number): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    await page.exposeFunction("reportViolation", (text: string) => void problems.push(text));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        (window as unknown as { reportViolation(text: string): void }).reportViolation(`CSP: ${event.violatedDirective} blocked ${event.blockedURI}`);
      });
    });
    // The fixtures' pictures are on made-up hosts (`.example`), which never resolve; every other failure counts.
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().includes("net::ERR_NAME_NOT_RESOLVED")) problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    return { page, problems };
  }

  it.each([320, 1280])("shows a post's own headings smaller than its title and below it in the outline, at %i px", async (width) => {
    const { page, problems } = await openPage(width);
    await page.goto("sources/ada-s-notebook/");
    const post = page.locator("article", { has: page.getByRole("heading", { name: "Notes on engines" }) });
    // The outline a screen reader announces: the accessibility tree's headings and their levels, in order.
    const outline = [...(await post.ariaSnapshot()).matchAll(/heading "([^"]+)" \[level=(\d)\]/g)].map((match) => `${match[2]} ${match[1]}`);
    expect(outline).toEqual(["3 Notes on engines", "4 The analytical engine", "5 Its mill", "6 Its store"]);
    const sizes = await post.getByRole("heading").evaluateAll((headings) => headings.map((heading) => parseFloat(getComputedStyle(heading).fontSize)));
    const [title, ...inner] = sizes;
    for (const size of inner) expect(size).toBeLessThan(title ?? 0);
    expect(inner).toEqual([...inner].sort((a, b) => b - a));
    // The post is one region named by its title, ruled off from the next.
    expect(await post.getAttribute("aria-labelledby")).toBe(await page.getByRole("heading", { name: "Notes on engines" }).getAttribute("id"));
    expect(await post.evaluate((article) => parseFloat(getComputedStyle(article).borderBottomWidth))).toBeGreaterThanOrEqual(2);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("plays an audio enclosure under the site's Content-Security-Policy", async () => {
    const { page, problems } = await openPage(1280);
    const response = await page.goto("sources/harbour-radio/");
    expect(response?.headers()["content-security-policy"]).toContain("media-src 'self' https:");
    const audio = page.locator("article", { has: page.getByRole("heading", { name: "Episode 2: Tides" }) }).locator("audio");
    expect(await audio.getAttribute("preload")).toBe("none");
    const played = await audio.evaluate(async (element: HTMLAudioElement) => {
      await element.play();
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { readyState: element.readyState, currentTime: element.currentTime, error: element.error?.message ?? null };
    });
    expect(played.error).toBeNull();
    expect(played.readyState).toBeGreaterThanOrEqual(2);
    expect(played.currentTime).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it.each([
    { width: 320, colorScheme: "light" as const },
    { width: 1280, colorScheme: "dark" as const },
  ])("has no serious or critical axe finding on posts with headings, players and links at $width px, $colorScheme", async ({ width, colorScheme }) => {
    const audit = await browser.newContext({ baseURL: server.url, bypassCSP: true, viewport: { width, height: 900 }, colorScheme });
    try {
      const findings: string[] = [];
      for (const path of ["./", "sources/ada-s-notebook/", "sources/harbour-radio/"]) {
        const page = await audit.newPage();
        await page.goto(path);
        await page.addScriptTag({ path: axeScript });
        const { violations } = await page.evaluate(
          (options) => (window as unknown as { axe: { run(options: RunOptions): Promise<AxeResults> } }).axe.run(options),
          { resultTypes: ["violations"] } satisfies RunOptions,
        );
        for (const violation of violations.filter((each) => each.impact === "serious" || each.impact === "critical")) {
          findings.push(`${path}: ${violation.id} (${violation.impact}) at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
        }
        await page.close();
      }
      expect(findings).toEqual([]);
    } finally {
      await audit.close();
    }
  });
});
