// What readers see of posts, through a real build of feeds written by us (tests/fixtures/feeds/readers/).
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Element } from "domhandler";
import { DomUtils } from "htmlparser2";
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
      // Fails at its first poll, which is this build's instant.
      ...feed("Gone Quiet", "no-such-feed.xml"),
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

/** `player src → caption` for each enclosure of a post. */
function enclosures(post: Element): string[] {
  return byClass(post, "enclosure").map((figure) => {
    const player = findAll(figure, (element) => element.name === "audio" || element.name === "video")[0];
    const playerText = player ? `${player.name} ${player.attribs.src} controls=${player.attribs.controls !== undefined} preload=${player.attribs.preload} → ` : "";
    return playerText + textOf(one(byTag(figure, "figcaption"), "caption"));
  });
}

describe("videos and podcasts", () => {
  it("read a YouTube-style Media RSS entry: its description is the body, its thumbnail the picture, its Flash player left out", async () => {
    const post = article(await page("sources/lathe-lessons/index.html"), "Cutting a thread by hand");
    const body = one(byClass(post, "e-content"), "body");
    expect(byTag(body, "img").map((image) => image.attribs.src)).toEqual(["https://i1.ytimg.com/vi/abcDEF12345/hqdefault.jpg"]);
    // Plain text, so its blank line parts paragraphs and its line break stays one.
    expect(byTag(body, "p").map(textOf).slice(1)).toEqual([
      "How to cut a thread with a hand chaser.Tools & tips in the second half.",
      "Chapters: 0:00 setup, 4:10 cutting.",
    ]);
    expect(byTag(body, "br")).toHaveLength(1);
    expect(enclosures(post)).toEqual([]);
    const summary = one(byClass(article(await page("index.html"), "Cutting a thread by hand"), "p-summary"), "summary");
    expect(textOf(summary)).toMatch(/^How to cut a thread with a hand chaser\./);
  });

  it("play enclosures in native players where the type says audio or video, and link the rest with type and size", async () => {
    const podcast = await page("sources/harbour-radio/index.html");
    expect(enclosures(article(podcast, "Episode 2: Tides"))).toEqual([
      "audio https://media.harbour.example/ep2.mp3 controls=true preload=none → ep2.mp3 (audio/mpeg, 12.3 MB)",
    ]);
    expect(byTag(article(podcast, "Episode 2: Tides"), "img").map((image) => image.attribs.src)).toEqual(["https://media.harbour.example/ep2.jpg"]);
    expect(enclosures(article(podcast, "Episode 1 on video"))).toEqual([
      "video https://media.harbour.example/ep1.mp4 controls=true preload=none → ep1.mp4 (video/mp4, 987.7 MB)",
    ]);
    expect(enclosures(article(podcast, "Show notes"))).toEqual(["notes march.pdf (application/pdf, 2 KB)"]);
    expect(enclosures(article(await page("sources/kitchen-talk/index.html"), "Bread, out loud"))).toEqual([
      "audio https://cdn.kitchen.example/bread.m4a controls=true preload=none → bread.m4a (audio/mp4, 31.5 MB)",
      "bread.txt (text/plain)",
    ]);
    const field = await page("sources/field-recordings/index.html");
    expect(enclosures(article(field, "Rain on a tin roof"))).toEqual([
      "audio https://field.example/rain.ogg controls=true preload=none → rain.ogg (audio/ogg, 4.1 MB)",
    ]);
    // The policy's media-src names https only: a plain-http file is linked, not offered in a player that could not load it.
    expect(enclosures(article(field, "Wind, from the old server"))).toEqual(["wind.mp3 (audio/mpeg)"]);
    // The front list shows the players too, beside the summary.
    expect(enclosures(article(await page("index.html"), "Episode 2: Tides"))).toHaveLength(1);
  });

  it("leave a link where the sanitiser drops an embed: a YouTube or Vimeo player's watch page, else what it framed", async () => {
    const body = one(byClass(article(await page("sources/ada-s-notebook/index.html"), "Notes on engines"), "e-content"), "body");
    expect(byTag(body, "iframe")).toEqual([]);
    expect(byTag(body, "a").map((link) => `${textOf(link)} → ${link.attribs.href}`)).toEqual([
      "The engine at work (on YouTube) → https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      "Video (on Vimeo) → https://vimeo.com/76979871",
      "Embedded content from maps.example → https://maps.example/embed?place=london",
    ]);
  });

  it("are allowed by the Content-Security-Policy, in each page's <meta> and in _headers, for https media only", async () => {
    const meta = findAll(await page("index.html"), (element) => element.attribs["http-equiv"] === "Content-Security-Policy")[0];
    const headers = await readFile(join(dir, "out", "_headers"), "utf8");
    for (const policy of [meta?.attribs.content ?? "", /Content-Security-Policy: (.*)/.exec(headers)?.[1] ?? ""]) {
      const directives = new Map(policy.split(";").map((part) => part.trim().split(/\s+/)).map(([name = "", ...values]) => [name, values]));
      expect(directives.get("media-src")).toEqual(["'self'", "https:"]);
      expect(directives.get("default-src")).toEqual(["'self'"]);
      expect(directives.has("frame-src") || directives.has("child-src")).toBe(false);
    }
  });

  it("reach the output feeds: RSS enclosure, Atom enclosure links, JSON Feed attachments", async () => {
    const rss = await readFile(join(dir, "out", "sources", "harbour-radio", "rss.xml"), "utf8");
    expect(rss).toContain('<enclosure url="https://media.harbour.example/ep2.mp3" length="12345678" type="audio/mpeg"/>');
    const atom = await readFile(join(dir, "out", "sources", "kitchen-talk", "atom.xml"), "utf8");
    expect(atom).toContain('<link rel="enclosure" type="audio/mp4" length="31457280" href="https://cdn.kitchen.example/bread.m4a"/>');
    const json = JSON.parse(await readFile(join(dir, "out", "sources", "field-recordings", "feed.json"), "utf8")) as { items: { attachments?: unknown }[] };
    expect(json.items[0]?.attachments).toEqual([{ url: "https://field.example/rain.ogg", mime_type: "audio/ogg", size_in_bytes: 4096000 }]);
  });
});

describe("smaller things readers noticed", () => {
  it("the front page's intro gives the archive count", async () => {
    const intro = byClass(await page("index.html"), "intro").map(textOf);
    expect(intro[0]).toMatch(/ There are currently 9 posts in the archive, from 6 blogs\.$/);
  });

  it("a feed that failed once, at this very build, is failing since just now, after 1 failed poll in a row", async () => {
    const status = await page("status/index.html");
    const section = one(
      byClass(status, "feed-status").filter((element) => textOf(byTag(element, "h2")[0] ?? element).startsWith("Gone Quiet")),
      "status of Gone Quiet",
    );
    const facts = new Map(byTag(section, "dt").map((term) => [textOf(term), textOf(one(DomUtils.nextElementSibling(term) ? [DomUtils.nextElementSibling(term)!] : [], "dd"))]));
    expect(facts.get("Failing since")).toBe("just now (1 failed poll in a row)");
  });

  it("summaries leave images' alt text out of the prose", async () => {
    const summary = textOf(one(byClass(article(await page("index.html"), "Notes on engines"), "p-summary"), "summary"));
    expect(summary).toContain("First an absolute image: And a relative one.");
    expect(summary).not.toContain("A wide orange block");
  });
});
