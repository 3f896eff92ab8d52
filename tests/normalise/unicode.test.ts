import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { wellFormed } from "../../src/normalise/unicode.ts";
import { truncateAtWord } from "../../src/normalise/text.ts";
import { runCli } from "../helpers/cli.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { respond } from "../helpers/hostile-routes.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { readPage } from "../site/rendered-page.ts";

/** Every string in a JSON value, however deep. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([key, element]) => [key, ...stringsIn(element)]);
  return [];
}

describe("wellFormed", () => {
  it("turns every lone surrogate, however deep, into U+FFFD and keeps surrogate pairs", () => {
    const value = { title: "bad \ud800", tags: ["ok", "end \udc00"], nested: { author: "\ud83d\ude00 \ud83d" }, count: 3, none: null };
    expect(wellFormed(value)).toEqual({ title: "bad \ufffd", tags: ["ok", "end \ufffd"], nested: { author: "\ud83d\ude00 \ufffd" }, count: 3, none: null });
    expect(value.title).toBe("bad \ud800");
  });

  it("gives back the very same objects when nothing needs repair", () => {
    const value = { items: [{ title: "fine \ud83d\ude00", tags: ["a"] }] };
    expect(wellFormed(value)).toBe(value);
  });
});

describe("truncateAtWord", () => {
  it("never cuts between the two halves of an emoji", () => {
    const cut = truncateAtWord("\ud83d\ude00".repeat(10), 6);
    expect(cut.isWellFormed()).toBe(true);
    expect(cut).toBe("\ud83d\ude00\ud83d\ude00…");
  });
});

describe("a JSON Feed whose strings hold lone surrogates", () => {
  let server: Loopback | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it("builds (search index included), shows the post with U+FFFD, and archives only well-formed text", async () => {
    // Written by hand: JSON.stringify would escape the lone surrogates the same way, but this is the feed as served.
    const body = `{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Broken \\udfff feed",
  "description": "About \\ud800",
  "home_page_url": "https://broken.example/",
  "authors": [{ "name": "Feed author \\udbff" }],
  "items": [{
    "id": "post-\\ud800",
    "url": "https://broken.example/1",
    "title": "bad \\ud800",
    "summary": "summary \\udc00 here",
    "content_html": "<p>body \\ud800 text</p>",
    "date_published": "2024-03-10T10:00:00Z",
    "tags": ["tag \\ud800"],
    "authors": [{ "name": "Jo \\udc00" }]
  }]
}`;
    expect(JSON.parse(body).items[0].title).toBe("bad \ud800");
    server = await startLoopback({ "/feed.json": respond(200, { "content-type": "application/feed+json" }, body) });
    const { dir, remove } = await tempDir();
    try {
      const config = join(dir, "feeds.yaml");
      await writeFile(config, `feeds:\n  - name: Broken\n    url: ${server?.url("/feed.json")}\n`);
      const run = await runCli(["build", "--config", config, "--data", join(dir, "data"), "--out", join(dir, "out"), "--now", "2024-03-10T12:00:00Z"]);
      expect(run.code, run.err).toBe(0);

      const page = readPage(await readFile(join(dir, "out", "sources", "broken", "index.html"), "utf8"));
      expect(page.posts.map((post) => post.title)).toEqual(["bad \ufffd"]);
      for (const file of ["items/broken.json", "state/broken.json"]) {
        const strings = stringsIn(JSON.parse(await readFile(join(dir, "data", file), "utf8")));
        expect(strings.filter((text) => !text.isWellFormed()), file).toEqual([]);
      }
      const [item] = (JSON.parse(await readFile(join(dir, "data", "items", "broken.json"), "utf8")) as { items: Record<string, unknown>[] }).items;
      expect(item).toMatchObject({ id: "post-\ufffd", title: "bad \ufffd", summary: "summary \ufffd here", author: "Jo \ufffd", tags: ["tag \ufffd"] });
      expect(item?.contentHtml).toBe("<p>body \ufffd text</p>");
    } finally {
      await remove();
    }
  }, 60_000);
});
