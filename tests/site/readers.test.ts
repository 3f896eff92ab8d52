// What readers see of posts, through a real build of feeds written by us (tests/fixtures/feeds/readers/).
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Element } from "domhandler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { byClass, byTag, findAll, one, parseHtml, textOf } from "./html.ts";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "feeds", "readers");
const NOW = "2024-03-02T12:00:00Z";

const feed = (name: string, file: string): string[] => [`  - name: "${name}"`, `    url: ${join(FIXTURES, file)}`, "    categories: [Listening]"];

let dir = "";
let removeDir = async (): Promise<void> => undefined;

beforeAll(async () => {
  const temp = await tempDir();
  dir = temp.dir;
  removeDir = temp.remove;
  await writeFile(
    join(dir, "feeds.yaml"),
    [
      "site:",
      "  baseUrl: https://planet.example/",
      "feeds:",
      ...feed("Ada's Notebook", "headings-and-embeds.xml"),
      ...feed("Lathe Lessons", "youtube-channel.xml"),
      ...feed("Harbour Radio", "podcast.xml"),
      ...feed("Kitchen Talk", "json-feed-attachments.json"),
      ...feed("Field Recordings", "atom-enclosure.xml"),
      "",
    ].join("\n"),
  );
  const run = await runCli(["build", "--config", join(dir, "feeds.yaml"), "--data", join(dir, "data"), "--out", join(dir, "out"), "--now", NOW]);
  if (run.code !== 0) throw new Error(`the build failed (${run.code}): ${run.err}`);
}, 120_000);

afterAll(() => removeDir());

const page = async (path: string) => parseHtml(await readFile(join(dir, "out", path), "utf8"));

/** The post's article, found by its title. */
function article(root: Awaited<ReturnType<typeof page>>, title: string): Element {
  return one(
    byTag(root, "article").filter((element) => textOf(byTag(element, "h3")[0] ?? element).includes(title)),
    `article titled ${title}`,
  );
}

describe("a post's own headings", () => {
  it("rank below the post's h3 title on its source page, in their order, and each post is one labelled article", async () => {
    const document = await page("sources/ada-s-notebook/index.html");
    const post = article(document, "Notes on engines");
    const title = one(byTag(post, "h3"), "post title");
    expect(post.attribs["aria-labelledby"]).toBe(title.attribs.id);
    const headings = findAll(post, (element) => /^h[1-6]$/.test(element.name)).map((element) => `${element.name} ${textOf(element)}`);
    expect(headings).toEqual(["h3 Notes on engines", "h4 The analytical engine", "h5 Its mill", "h6 Its store"]);
  });

  it("are sized below the title by the stylesheet", async () => {
    const css = await readFile(join(dir, "out", "style.css"), "utf8");
    const size = (selector: string): number => Number(new RegExp(`${selector.replace(".", "\\.")} \\{\\s*font-size: ([\\d.]+)rem`).exec(css)?.[1]);
    const title = size(".h-entry h3");
    expect(title).toBeGreaterThan(size(".e-content h4"));
    expect(size(".e-content h4")).toBeGreaterThan(size(".e-content h5"));
    expect(size(".e-content h5")).toBeGreaterThan(size(".e-content h6"));
  });
});

describe("a post's author", () => {
  it("stands beside the source on lists, as the entry's p-author h-card, the source linking to its page", async () => {
    const post = article(await page("index.html"), "Notes on engines");
    const meta = one(byClass(post, "meta"), "meta line");
    expect(textOf(meta)).toMatch(/^Ada's Notebook, by Charles Babbage - /);
    expect(byClass(meta, "p-author").map((author) => `${author.attribs.class} ${textOf(author)}`)).toEqual(["p-author h-card Charles Babbage"]);
    expect(one(byTag(meta, "a"), "source link").attribs.href).toBe("/sources/ada-s-notebook/");
  });

  it("is the feed's own author for an entry that names none, and stands alone on the source's own page", async () => {
    const document = await page("sources/ada-s-notebook/index.html");
    expect(textOf(one(byClass(article(document, "Notes on engines"), "meta"), "meta line"))).toMatch(/^By Charles Babbage - /);
    expect(textOf(one(byClass(article(document, "A note by the feed's author"), "meta"), "meta line"))).toMatch(/^By Ada Lovelace - /);
  });

  it("comes from dc:creator and JSON Feed authors, and is left out where it only repeats the source's name", async () => {
    const front = await page("index.html");
    expect(textOf(one(byClass(article(front, "Episode 2: Tides"), "meta"), "meta"))).toMatch(/^Harbour Radio, by Grace Hopper - /);
    expect(textOf(one(byClass(article(front, "Bread, out loud"), "meta"), "meta"))).toMatch(/^Kitchen Talk, by Julia Child - /);
    const video = one(byClass(article(front, "Cutting a thread by hand"), "meta"), "meta");
    expect(textOf(video)).toMatch(/^Lathe Lessons - /);
    expect(byClass(video, "p-author").map(textOf)).toEqual(["Lathe Lessons"]);
  });

  it("is in every output feed: RSS dc:creator, Atom author, JSON Feed authors", async () => {
    const rss = await readFile(join(dir, "out", "rss.xml"), "utf8");
    expect(rss).toContain("<dc:creator>Charles Babbage</dc:creator>");
    expect(rss).toContain("<dc:creator>Grace Hopper</dc:creator>");
    const atom = await readFile(join(dir, "out", "atom.xml"), "utf8");
    expect(atom).toContain("<author><name>Charles Babbage</name></author>");
    const json = JSON.parse(await readFile(join(dir, "out", "feed.json"), "utf8")) as { items: { title: string; authors: { name: string }[] }[] };
    expect(json.items.find((entry) => entry.title === "Bread, out loud")?.authors).toEqual([{ name: "Julia Child" }]);
  });
});
