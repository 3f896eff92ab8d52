import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { MAX_MADE_SLUG_LENGTH, slugify } from "../../src/config/slug.ts";
import { runCli } from "../helpers/cli.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { rssDocument } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const words = (count: number, seed: string): string => Array.from({ length: count }, (_, index) => `${seed}${index}`).join(" ");

describe("slugify", () => {
  it("leaves a slug that fits exactly as it was", () => {
    expect(slugify("Drupal Contrib Security")).toBe("drupal-contrib-security");
    const fits = "a".repeat(MAX_MADE_SLUG_LENGTH);
    expect(slugify(fits)).toBe(fits);
  });

  it("shortens a long one the same way every time, within the limit, cut at a word", () => {
    const name = words(60, "word");
    const slug = slugify(name);
    expect(slug.length).toBeLessThanOrEqual(MAX_MADE_SLUG_LENGTH);
    expect(slug).toMatch(/^word0-word1-.*word\d+-[0-9a-f]{8}$/);
    expect(slugify(name)).toBe(slug);
  });

  it("gives two long names that share their beginning different slugs", () => {
    const shared = "x".repeat(300);
    expect(slugify(`${shared} one`)).not.toBe(slugify(`${shared} two`));
    expect(slugify(`${shared} one`).length).toBeLessThanOrEqual(MAX_MADE_SLUG_LENGTH);
  });

  it("bounds a name that Unicode normalisation lengthens", () => {
    // Each U+FDFA expands to 18 letters under NFKD.
    expect(slugify("\ufdfa".repeat(50)).length).toBeLessThanOrEqual(MAX_MADE_SLUG_LENGTH);
  });
});

// ---------------------------------------------------------------- through the CLI

describe("long names through the CLI", () => {
  async function space(feedTitle = "Notes"): Promise<{ dir: string; config: string; url: string; server: Loopback }> {
    const server = await startLoopback({
      "/feed.xml": (req, res) =>
        void res
          .writeHead(200, { "content-type": "application/rss+xml" })
          .end(rssDocument({ title: feedTitle, link: "https://notes.example/", posts: [{ guid: "one", title: "One", published: new Date("2024-03-01T10:00:00Z") }] })),
    });
    onTestFinished(() => server.close());
    const { dir, remove } = await tempDir();
    onTestFinished(remove);
    return { dir, config: join(dir, "feeds.yaml"), url: server.url("/feed.xml"), server };
  }

  it("builds a feed whose name and category make slugs past any file name's limit, and exits 0", async () => {
    const { dir, config, url } = await space();
    // 199 characters each, but NFKD turns every ligature into two letters: slugs of over 250 without the limit.
    const name = `${"ﬁ".repeat(120)} ${"x".repeat(78)}`;
    const category = `${"ﬂ".repeat(120)} ${"y".repeat(78)}`;
    expect(name.length).toBe(199);
    await writeFile(config, `feeds:\n  - name: "${name}"\n    url: ${url}\n    categories: ["${category}"]\n`);
    const run = await runCli(["build", "--config", config, "--data", join(dir, "data"), "--out", join(dir, "out"), "--now", "2024-03-02T00:00:00Z"]);
    expect(run.code, run.err).toBe(0);
    const slug = slugify(name);
    expect(slug.length).toBeLessThanOrEqual(MAX_MADE_SLUG_LENGTH);
    expect((await stat(join(dir, "out", "sources", slug, "index.html"))).isFile()).toBe(true);
    expect((await stat(join(dir, "out", "categories", slugify(category), "index.html"))).isFile()).toBe(true);
    expect(await readdir(join(dir, "data", "items"))).toEqual([`${slug}.json`]);
  }, 60_000);

  it("refuses a 300-character name in feeds.yaml at its line, before anything is fetched", async () => {
    const { dir, config, url, server } = await space();
    await writeFile(config, `feeds:\n  - name: Short\n    url: ${url}\n  - name: ${"n".repeat(300)}\n    url: ${url}?2\n`);
    const run = await runCli(["build", "--config", config, "--data", join(dir, "data"), "--out", join(dir, "out")]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/feeds\.yaml:4:\d+: feeds\[1\]\.name: "n{40}…" is 300 characters long; a name may have at most 200\. Fix: shorten it/);
    expect(server.requests).toEqual([]);
  });

  it("refuses a written slug no file system could hold", async () => {
    const { config, url } = await space();
    await writeFile(config, `feeds:\n  - name: Short\n    slug: ${"s".repeat(250)}\n    url: ${url}\n`);
    const run = await runCli(["status", "--config", config]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/feeds\.yaml:3:\d+: feeds\[0\]\.slug: the slug is 250 characters long; .* at most 200\./);
  });

  it("add: refuses a 300-character --name, and cuts a 300-character feed title to a name that fits", async () => {
    const title = words(60, "title");
    expect(title.length).toBeGreaterThan(300);
    const { dir, config, url } = await space(title);
    await writeFile(config, "feeds: []\n");
    const refused = await runCli(["add", url, "--config", config, "--name", "n".repeat(300)]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/is 300 characters long; a name may have at most 200/);
    expect(await readFile(config, "utf8")).toBe("feeds: []\n");

    const added = await runCli(["add", url, "--config", config]);
    expect(added.code, added.err).toBe(0);
    const name = /name: (.*)/.exec(await readFile(config, "utf8"))?.[1] ?? "";
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name).toMatch(/^title0 title1 .*…$/);
    const build = await runCli(["build", "--config", config, "--data", join(dir, "data"), "--out", join(dir, "out"), "--now", "2024-03-02T00:00:00Z"]);
    expect(build.code, build.err).toBe(0);
  }, 60_000);

  it("opml import: skips an outline with a 300-character name, saying why, and imports the others", async () => {
    const { dir, config } = await space();
    await writeFile(config, "feeds: []\n");
    await writeFile(
      join(dir, "list.opml"),
      `<opml version="2.0"><body><outline text="${"o".repeat(300)}" xmlUrl="https://long.example/feed"/><outline text="Fine" xmlUrl="https://fine.example/feed"/></body></opml>`,
    );
    // The outlines' addresses are not served: --no-check adds them unchecked.
    const run = await runCli(["opml", "import", join(dir, "list.opml"), "--config", config, "--no-check"]);
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/skipped "o{300}": name: "o{40}…" is 300 characters long; a name may have at most 200/);
    const text = await readFile(config, "utf8");
    expect(text).toContain("https://fine.example/feed");
    expect(text).not.toContain("https://long.example/feed");
  });
});
