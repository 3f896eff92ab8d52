// One busy feed cannot flood the front list: through real builds of two feeds of ours served on loopback, a run of
// more than `site.foldRunsOver` posts in a row from one feed folds, page by page, on the front list alone.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Element } from "domhandler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { rssDocument, type TestPost } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { byClass, byTag, findAll, one, parseHtml, textOf } from "./html.ts";

const HOUR = 3_600_000;
const NOW = new Date("2024-05-06T12:00:00Z");
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR);
const post = (guid: string, title: string, hoursAgo: number): TestPost => ({ guid, title, published: at(hoursAgo) });

// Newest first on the front list: Calm 1, Busy 1–5, Calm 2, Busy 6–12 (14 posts; 10 a page).
const busy = Array.from({ length: 12 }, (_, index) => post(`busy-${index + 1}`, `Busy ${index + 1}`, index < 5 ? index + 2 : index + 3));
const calm = [post("calm-1", "Calm 1", 1), post("calm-2", "Calm 2", 7)];

let dir = "";
let removeDir = async (): Promise<void> => undefined;
let server: Loopback;

async function writeConfig(fold: string[]): Promise<void> {
  const feed = (name: string, path: string) => [`  - name: ${name}`, `    url: ${server.url(path)}`, "    categories: [News]"];
  await writeFile(
    join(dir, "feeds.yaml"),
    ["site:", "  baseUrl: https://planet.example/", "  itemsPerPage: 10", ...fold, "feeds:", ...feed("Busy", "/busy.xml"), ...feed("Calm", "/calm.xml"), ""].join("\n"),
  );
}

const page = async (path: string) => parseHtml(await readFile(join(dir, "out", path), "utf8"));
const titles = (root: Awaited<ReturnType<typeof page>>) => byClass(root, "p-name").map(textOf);
const folds = (root: Awaited<ReturnType<typeof page>>) => byClass(root, "more-from");

/** The page and the element a site link (`/sources/busy/page/2/#post-…`) leads to. */
async function target(href: string): Promise<Element> {
  const [path, anchor] = href.split("#");
  const document = await page(`${path!.replace(/^\//, "")}index.html`);
  return one(findAll(document, (element) => element.attribs.id === anchor), `#${anchor} on ${path}`);
}

beforeAll(async () => {
  const temp = await tempDir();
  dir = temp.dir;
  removeDir = temp.remove;
  const serve = (title: string, posts: TestPost[]) => (_req: unknown, res: import("node:http").ServerResponse) =>
    void res.writeHead(200, { "content-type": "application/rss+xml" }).end(rssDocument({ title, link: `https://${title.toLowerCase()}.example/`, posts }));
  server = await startLoopback({ "/busy.xml": serve("Busy", busy), "/calm.xml": serve("Calm", calm) });
  await writeConfig([]);
  const run = await runCli(["build", "--config", join(dir, "feeds.yaml"), "--data", join(dir, "data"), "--out", join(dir, "out"), "--now", NOW.toISOString()]);
  if (run.code !== 0) throw new Error(`the build failed (${run.code}): ${run.err}`);
}, 120_000);

afterAll(async () => {
  await server.close();
  await removeDir();
});

describe("a busy feed on the front list (site.foldRunsOver, 3 by default)", () => {
  it("folds a run of more than 3 posts into its newest, with the count of the others; a run of 3 stays", async () => {
    const front = await page("index.html");
    expect(titles(front)).toEqual(["Calm 1", "Busy 1", "Calm 2", "Busy 6", "Busy 7", "Busy 8"]);
    const fold = one(folds(front), "fold line");
    expect(textOf(fold)).toBe("and 4 more from Busy");
    // The line belongs to the post it follows: the run's newest.
    const article = one(byTag(front, "article").filter((element) => byClass(element, "more-from").length > 0), "folding post");
    expect(textOf(one(byClass(article, "p-name"), "title"))).toBe("Busy 1");
  });

  it("links to where the folded posts stand on the source's pages, at the first of them", async () => {
    const href = one(byTag(one(folds(await page("index.html")), "fold line"), "a"), "link").attribs.href!;
    expect(href).toMatch(/^\/sources\/busy\/page\/2\/#post-[0-9a-f]{12}$/);
    expect(textOf(await target(href))).toBe("Busy 2");
  });

  it("folds within each numbered page alone, so a page's posts never depend on its neighbours", async () => {
    // page/1 holds the oldest 10: Busy 4, Busy 5, Calm 2, Busy 6–12.
    const oldest = await page("page/1/index.html");
    expect(titles(oldest)).toEqual(["Busy 4", "Busy 5", "Calm 2", "Busy 6"]);
    const href = one(byTag(one(folds(oldest), "fold line"), "a"), "link").attribs.href!;
    expect(textOf(one(folds(oldest), "fold line"))).toBe("and 6 more from Busy");
    expect(href).toMatch(/^\/sources\/busy\/page\/1\/#post-/);
    expect(textOf(await target(href))).toBe("Busy 7");
    // page/2: Calm 1, Busy 1–3: a run of 3 does not fold, though Busy 4 and 5 follow it on the page below.
    expect(titles(await page("page/2/index.html"))).toEqual(["Calm 1", "Busy 1", "Busy 2", "Busy 3"]);
  });

  it("does not fold on the source's or the category's pages, which list every post as the seed's did", async () => {
    const source = await page("sources/busy/index.html");
    expect(titles(source)).toEqual(busy.slice(0, 10).map((item) => item.title));
    expect(folds(source)).toEqual([]);
    const category = await page("categories/news/index.html");
    expect(titles(category)).toHaveLength(10);
    expect(folds(category)).toEqual([]);
  });

  it("folds nothing with site.foldRunsOver: 0", async () => {
    await writeConfig(["  foldRunsOver: 0"]);
    const run = await runCli(["render", "--config", join(dir, "feeds.yaml"), "--data", join(dir, "data"), "--out", join(dir, "out"), "--now", NOW.toISOString()]);
    expect(run.code, run.err).toBe(0);
    const front = await page("index.html");
    expect(titles(front)).toEqual(["Calm 1", "Busy 1", "Busy 2", "Busy 3", "Busy 4", "Busy 5", "Calm 2", "Busy 6", "Busy 7", "Busy 8"]);
    expect(folds(front)).toEqual([]);
  });
});
