import { readdir, writeFile, mkdir, readFile, rm, truncate } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readFeedArchive, readFeedItems, readFeedState, writeFeedItems, writeFeedState } from "../../src/archive/store.ts";
import { newFeedState } from "../../src/archive/feed-state.ts";
import { runCli } from "../helpers/cli.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { rssDocument, type TestPost } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { readPage } from "../site/rendered-page.ts";
import { readStatusPage } from "../site/status-page.ts";
import { makeItem } from "./items.ts";
import { SANITISE_POLICY_VERSION } from "../../src/sanitise/policy-version.ts";
import { salvageItems } from "../../src/archive/salvage.ts";

const URL_OF_FEED = "https://example.org/feed";
const repair = { repair: true };
const readOnly = { repair: false };

const folders: (() => Promise<void>)[] = [];
async function folder(): Promise<string> {
  const { dir, remove } = await tempDir("blogroll-store-");
  folders.push(remove);
  return dir;
}
afterEach(async () => {
  for (const remove of folders.splice(0)) await remove();
});

describe("archive store", () => {
  it("reads back what it wrote, and null for a feed never archived", async () => {
    const dir = await folder();
    expect(await readFeedArchive(dir, "example", URL_OF_FEED, readOnly)).toEqual({ archive: null, recoveries: [], failures: [] });
    const state = { ...newFeedState(URL_OF_FEED), etag: '"v1"' };
    await writeFeedItems(dir, "example", [makeItem({ id: "a" })]);
    await writeFeedState(dir, "example", state);
    const read = await readFeedArchive(dir, "example", URL_OF_FEED, readOnly);
    expect(read).toEqual({ archive: { state, items: [makeItem({ id: "a" })] }, recoveries: [], failures: [] });
  });

  it("keeps the generation a write replaces beside the file, and no temporary files", async () => {
    const dir = await folder();
    await writeFeedItems(dir, "example", [makeItem({ id: "a" })]);
    expect(await readdir(join(dir, "items"))).toEqual(["example.json"]);
    await writeFeedItems(dir, "example", [makeItem({ id: "b" }), makeItem({ id: "a" })]);
    expect((await readdir(join(dir, "items"))).sort()).toEqual(["example.json", "example.prev.json"]);
    const previous = JSON.parse(await readFile(join(dir, "items", "example.prev.json"), "utf8")) as { items: { id: string }[] };
    expect(previous.items.map((item) => item.id)).toEqual(["a"]);
  });

  it("fills in the defaults for state fields an older Blogroll did not write", async () => {
    const dir = await folder();
    await mkdir(join(dir, "state"), { recursive: true });
    await writeFile(join(dir, "state", "example.json"), JSON.stringify({ version: 1, state: { url: URL_OF_FEED, etag: '"old"' } }));
    const read = await readFeedState(dir, "example", URL_OF_FEED, readOnly);
    expect(read).toEqual({ ok: true, value: { ...newFeedState(URL_OF_FEED), etag: '"old"' }, recovery: null });
  });

  it("cleans posts archived under an older sanitiser policy by today's, and writes them back only under the lock", async () => {
    const dir = await folder();
    await mkdir(join(dir, "items"), { recursive: true });
    // Written before the policy was recorded: code blocks without the tab stop the policy now gives them.
    const old = makeItem({ id: "a", contentHtml: "<pre>let x = 1;</pre>" as ReturnType<typeof makeItem>["contentHtml"] });
    const file = join(dir, "items", "example.json");
    await writeFile(file, JSON.stringify({ version: 1, items: [old] }));
    const cleaned = '<pre tabindex="0">let x = 1;</pre>';
    const read = await readFeedItems(dir, "example", readOnly);
    expect(read.ok && read.value?.[0]?.contentHtml).toBe(cleaned);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ version: 1, items: [old] });
    await readFeedItems(dir, "example", repair);
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ version: 1, policy: SANITISE_POLICY_VERSION, items: [{ contentHtml: cleaned }] });
  });

  it("reads posts archived before enclosures were kept apart from the body as posts with none, and their headings below the title", async () => {
    const dir = await folder();
    await mkdir(join(dir, "items"), { recursive: true });
    const { enclosures: _none, ...old } = makeItem({ id: "a", contentHtml: "<h2>Part</h2><p>x</p>" as ReturnType<typeof makeItem>["contentHtml"] });
    await writeFile(join(dir, "items", "example.json"), JSON.stringify({ version: 1, policy: 2, items: [old] }));
    const read = await readFeedItems(dir, "example", readOnly);
    expect(read.ok && read.value?.[0]).toMatchObject({ enclosures: [], contentHtml: "<h4>Part</h4><p>x</p>" });
  });

  it("repairs lone surrogates that an archive written before the fix still holds", async () => {
    const dir = await folder();
    await mkdir(join(dir, "items"), { recursive: true });
    const text = JSON.stringify({ version: 1, items: [makeItem({ id: "a", title: "bad \ud800", tags: ["x \udc00"] })] });
    expect(text).toContain("\\ud800");
    await writeFile(join(dir, "items", "example.json"), text);
    const read = await readFeedItems(dir, "example", readOnly);
    expect(read.ok && read.value?.[0]).toMatchObject({ title: "bad \ufffd", tags: ["x \ufffd"] });
  });

  describe("a file that cannot be read", () => {
    async function twoGenerations(): Promise<string> {
      const dir = await folder();
      await writeFeedItems(dir, "example", [makeItem({ id: "a" })]);
      await writeFeedItems(dir, "example", [makeItem({ id: "b" }), makeItem({ id: "a" })]);
      return dir;
    }

    it.each([
      ["truncated", '{ "version": 1, "items": [ {"id"', /not JSON/],
      ["not JSON at all", "\u0000\u0000\u0000", /not JSON/],
      ["of the wrong shape", JSON.stringify({ version: 1, items: [{ ...makeItem({ id: "b" }), published: 5 }] }), /items\[0\]\.published/],
      ["without a version", JSON.stringify({ items: [] }), /version/],
    ])("is replaced by its previous generation when %s, and says where and why", async (_, damage, why) => {
      const dir = await twoGenerations();
      const file = join(dir, "items", "example.json");
      await writeFile(file, damage);
      const read = await readFeedItems(dir, "example", readOnly);
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      expect(read.value?.map((item) => item.id)).toEqual(["a"]);
      expect(read.recovery?.file).toBe("items/example.json");
      expect(read.recovery?.message).toMatch(why);
      expect(read.recovery?.message).toContain("previous generation");
      // Without the lock nothing is changed.
      expect(await readFile(file, "utf8")).toBe(damage);
    });

    it("is put right under the lock: the previous generation back in place, the damaged file kept aside and reported until deleted", async () => {
      const dir = await twoGenerations();
      const file = join(dir, "items", "example.json");
      await truncate(file, 20);
      const damaged = await readFile(file, "utf8");
      const repaired = await readFeedItems(dir, "example", repair);
      expect(repaired.ok && repaired.recovery?.message).toContain("was put back in its place");
      expect(await readFile(join(dir, "items", "example.damaged.json"), "utf8")).toBe(damaged);
      expect(await readFile(file, "utf8")).toBe(await readFile(join(dir, "items", "example.prev.json"), "utf8"));

      const later = await readFeedItems(dir, "example", repair);
      expect(later.ok && later.value?.map((item) => item.id)).toEqual(["a"]);
      expect(later.ok && later.recovery?.message).toMatch(/was damaged and was restored.*delete items\/example\.damaged\.json/);
      await rm(join(dir, "items", "example.damaged.json"));
      expect(await readFeedItems(dir, "example", repair)).toMatchObject({ ok: true, recovery: null });
    });

    it("is a failure, left untouched, when its previous generation cannot stand in either", async () => {
      const dir = await folder();
      await mkdir(join(dir, "items"), { recursive: true });
      await writeFile(join(dir, "items", "example.json"), "{ not json");
      const read = await readFeedArchive(dir, "example", URL_OF_FEED, repair);
      expect(read.archive).toBeNull();
      expect(read.failures).toHaveLength(1);
      expect(read.failures[0]?.error.kind).toBe("archive_failed");
      expect(read.failures[0]?.error.message).toMatch(/items\/example\.json could not be read .*there is none.*Fix: restore items\/example\.json/);
      expect(await readFile(join(dir, "items", "example.json"), "utf8")).toBe("{ not json");
      expect(await readdir(join(dir, "items"))).toEqual(["example.json"]);
    });

    it("with no previous generation, stands in by every whole post it holds, cut anywhere (inside a string too)", async () => {
      const dir = await folder();
      const tricky = makeItem({ id: "b", title: 'braces } ] and a quote \\" inside' });
      await writeFeedItems(dir, "example", [makeItem({ id: "a" }), tricky, makeItem({ id: "c" })]);
      const file = join(dir, "items", "example.json");
      const whole = await readFile(file, "utf8");
      // Cut in the middle of the third post's title, then in the middle of the second's.
      const third = whole.indexOf('"Post c"');
      await writeFile(file, whole.slice(0, third + 4));
      const read = await readFeedItems(dir, "example", readOnly);
      expect(read.ok && read.value?.map((item) => item.id)).toEqual(["a", "b"]);
      expect(read.ok && read.value?.[1]?.title).toBe(tricky.title);
      expect(read.ok && read.recovery).toMatchObject({ replaced: true, message: expect.stringMatching(/no previous generation; the 2 whole posts it still holds are used instead/) as string });

      const second = whole.indexOf("braces");
      await writeFile(file, whole.slice(0, second + 3));
      const repaired = await readFeedItems(dir, "example", repair);
      expect(repaired.ok && repaired.value?.map((item) => item.id)).toEqual(["a"]);
      expect(await readFile(join(dir, "items", "example.damaged.json"), "utf8")).toBe(whole.slice(0, second + 3));
      const back = await readFeedItems(dir, "example", repair);
      expect(back.ok && back.value?.map((item) => item.id)).toEqual(["a"]);
      expect(back.ok && back.recovery?.message).toMatch(/was damaged and was restored.*delete items\/example\.damaged\.json/);
    });

    it("salvage leaves out a whole post the schema refuses, and reads nothing from a file that is not an items file", () => {
      const file = JSON.stringify({ version: 1, policy: 2, items: [makeItem({ id: "a" }), { ...makeItem({ id: "b" }), published: 5 }, makeItem({ id: "c" })] }, null, 2);
      const salvaged = salvageItems(file.slice(0, file.length - 20));
      expect(salvaged).toMatchObject({ policy: 2, refused: 1 });
      expect(salvaged?.items.map((item) => item.id)).toEqual(["a"]);
      expect(salvageItems('{ "version": 2, "items": [')).toBeNull();
      expect(salvageItems("\u0000\u0000")).toBeNull();
      expect(salvageItems('{ "version": 1, "items": [')).toEqual({ policy: 1, items: [], refused: 0 });
    });

    it("written by a newer Blogroll is a failure, not damage to recover from", async () => {
      const dir = await twoGenerations();
      await writeFile(join(dir, "items", "example.json"), JSON.stringify({ version: 2, items: [] }));
      const read = await readFeedItems(dir, "example", repair);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.failure.error.message).toMatch(/newer Blogroll.*upgrade/);
    });

    it("keeps the posts of a feed whose state alone is lost, and reports the state", async () => {
      const dir = await folder();
      await writeFeedItems(dir, "example", [makeItem({ id: "a" })]);
      await mkdir(join(dir, "state"), { recursive: true });
      await writeFile(join(dir, "state", "example.json"), "[]");
      const read = await readFeedArchive(dir, "example", URL_OF_FEED, repair);
      expect(read.archive?.items.map((item) => item.id)).toEqual(["a"]);
      expect(read.archive?.state).toEqual(newFeedState(URL_OF_FEED));
      expect(read.failures.map((failure) => failure.file)).toEqual(["state/example.json"]);
    });
  });
});

// ---------------------------------------------------------------- through the CLI

function posts(count: number): TestPost[] {
  return Array.from({ length: count }, (_, index) => ({
    guid: `post-${index + 1}`,
    title: `Post ${index + 1}`,
    published: new Date(Date.UTC(2024, 2, 1 + index)),
  }));
}

interface StatusJson {
  feeds: { name: string; itemsArchived: number; archiveProblems: { file: string; message: string; recovered: boolean }[] }[];
}

describe("a damaged archive, through the CLI", () => {
  let server: Loopback | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  async function archivedTwice(): Promise<{ dir: string; args: (command: string, hour: number) => string[] }> {
    let count = 3;
    server = await startLoopback({
      "/feed.xml": (req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(rssDocument({ title: "Feed", link: "https://feed.example/", posts: posts(count) })),
    });
    const dir = await folder();
    await writeFile(join(dir, "feeds.yaml"), `feeds:\n  - name: Notes\n    url: ${server.url("/feed.xml")}\n`);
    // `status` reads the archive only: it takes no site folder and no clock.
    const args = (command: string, hour: number): string[] => [
      command, "--config", join(dir, "feeds.yaml"), "--data", join(dir, "data"),
      ...(command === "status" ? [] : ["--out", join(dir, "out"), "--now", new Date(Date.UTC(2024, 3, 1, hour)).toISOString()]),
    ];
    expect((await runCli(args("build", 0))).code).toBe(0);
    count = 5;
    expect((await runCli(args("build", 1))).code).toBe(0);
    return { dir, args };
  }

  async function titlesOnSourcePage(dir: string): Promise<string[]> {
    return readPage(await readFile(join(dir, "out", "sources", "notes", "index.html"), "utf8")).posts.map((post) => post.title);
  }

  it("a truncated items file: the build exits 0 with the previous generation's posts, and the log and status say so", async () => {
    const { dir, args } = await archivedTwice();
    const items = join(dir, "data", "items", "notes.json");
    await truncate(items, 100);

    const status = await runCli(args("status", 2));
    expect(status.out).toMatch(/archive recovered: The archive file items\/notes\.json could not be read \(not JSON: .*\); its previous generation, saved .*, is used instead/);
    expect(status.out).toContain("items archived: 3");

    const build = await runCli(args("build", 2));
    expect(build.code, build.err).toBe(0);
    expect(build.err).toMatch(/items\/notes\.json could not be read .* was put back in its place\. The damaged file is kept as items\/notes\.damaged\.json/);
    expect(await titlesOnSourcePage(dir)).toEqual(["Post 3", "Post 2", "Post 1"]);
    const onStatusPage = readStatusPage(await readFile(join(dir, "out", "status", "index.html"), "utf8")).get("Notes");
    expect(onStatusPage?.facts.get("Archive")).toMatch(/items\/notes\.json could not be read .* was put back in its place/);
    // The feed has not changed, but the restored generation lacks two posts it lists: the next run reads it again.
    const next = await runCli(args("build", 3));
    expect(next.code, next.err).toBe(0);
    expect(await titlesOnSourcePage(dir)).toEqual(["Post 5", "Post 4", "Post 3", "Post 2", "Post 1"]);

    const json = JSON.parse((await runCli([...args("status", 3), "--json"])).out) as StatusJson;
    expect(json.feeds[0]?.itemsArchived).toBe(5);
    expect(json.feeds[0]?.archiveProblems).toEqual([
      { file: "items/notes.json", recovered: true, message: expect.stringContaining("then delete items/notes.damaged.json") as string },
    ]);
    await rm(join(dir, "data", "items", "notes.damaged.json"));
    const cleared = JSON.parse((await runCli([...args("status", 3), "--json"])).out) as StatusJson;
    expect(cleared.feeds[0]?.archiveProblems).toEqual([]);
  }, 60_000);

  it("a truncated items file with no previous generation: the build exits 0 with its whole posts, reads the feed in full, and says so until the damaged copy goes", async () => {
    const etag = '"v5"';
    server = await startLoopback({
      "/feed.xml": (req, res) => {
        if (req.headers["if-none-match"] === etag) return void res.writeHead(304).end();
        res.writeHead(200, { "content-type": "application/rss+xml", etag }).end(rssDocument({ title: "Feed", link: "https://feed.example/", posts: posts(5) }));
      },
    });
    const dir = await folder();
    await writeFile(join(dir, "feeds.yaml"), `feeds:\n  - name: Notes\n    url: ${server.url("/feed.xml")}\n`);
    const args = (command: string, hour: number): string[] => [
      command, "--config", join(dir, "feeds.yaml"), "--data", join(dir, "data"),
      ...(command === "status" ? [] : ["--out", join(dir, "out"), "--now", new Date(Date.UTC(2024, 3, 1, hour)).toISOString()]),
    ];
    expect((await runCli(args("build", 0))).code).toBe(0);
    const items = join(dir, "data", "items", "notes.json");
    const previous = join(dir, "data", "items", "notes.prev.json");
    await rm(previous, { force: true });
    const whole = await readFile(items, "utf8");
    // Cut inside the fourth post: three whole ones remain (newest first: 5, 4, 3).
    const cut = whole.slice(0, whole.indexOf('"title": "Post 2"') + 8);
    await writeFile(items, cut);

    const build = await runCli(args("build", 1));
    expect(build.code, build.err).toBe(0);
    expect(build.err).toMatch(/notes: The archive file items\/notes\.json could not be read \(not JSON: .*\), and it has no previous generation: it was replaced by the 3 whole posts it still holds, and the feed is read in full at the next fetch.* The damaged file is kept as items\/notes\.damaged\.json/);
    expect(await readFile(join(dir, "data", "items", "notes.damaged.json"), "utf8")).toBe(cut);
    expect(await titlesOnSourcePage(dir)).toEqual(["Post 5", "Post 4", "Post 3"]);
    expect(readStatusPage(await readFile(join(dir, "out", "status", "index.html"), "utf8")).get("Notes")?.facts.get("Archive")).toMatch(/no previous generation: it was replaced by the 3 whole posts/);

    // The feed's ETag is not sent again: the document is read in full and the posts it lists come back.
    const requestsBefore = server.requests.length;
    const next = await runCli(args("build", 2));
    expect(next.code, next.err).toBe(0);
    expect(server.requests.slice(requestsBefore).map((request) => request.headers["if-none-match"])).toEqual([undefined]);
    expect(await titlesOnSourcePage(dir)).toEqual(["Post 5", "Post 4", "Post 3", "Post 2", "Post 1"]);
    expect(next.err).toMatch(/was damaged and was restored\. The damaged file is kept as items\/notes\.damaged\.json: compare the two, then delete items\/notes\.damaged\.json/);
    const status = await runCli(args("status", 2));
    expect(status.out).toMatch(/archive recovered: items\/notes\.json was damaged and was restored/);
    await rm(join(dir, "data", "items", "notes.damaged.json"));
    const cleared = JSON.parse((await runCli([...args("status", 3), "--json"])).out) as StatusJson;
    expect(cleared.feeds[0]?.archiveProblems).toEqual([]);
  }, 60_000);

  it("both generations damaged: the build exits 4 without --strict, names the file and the fix, and writes over neither", async () => {
    const { dir, args } = await archivedTwice();
    const items = join(dir, "data", "items", "notes.json");
    const previous = join(dir, "data", "items", "notes.prev.json");
    await writeFile(items, "{ damaged");
    await writeFile(previous, "");

    const build = await runCli(args("build", 2));
    expect(build.code).toBe(4);
    expect(build.err).toMatch(/notes: The archive file items\/notes\.json could not be read .* Fix: restore items\/notes\.json from a backup/);
    expect(await readFile(items, "utf8")).toBe("{ damaged");
    expect(await readFile(previous, "utf8")).toBe("");

    const status = JSON.parse((await runCli([...args("status", 3), "--json"])).out) as StatusJson;
    expect(status.feeds[0]?.archiveProblems).toEqual([{ file: "items/notes.json", recovered: false, message: expect.stringContaining("could not be read") as string }]);
  }, 60_000);

  it("an archive written before lone surrogates were repaired renders, the post showing U+FFFD", async () => {
    const { dir, args } = await archivedTwice();
    const items = join(dir, "data", "items", "notes.json");
    const file = JSON.parse(await readFile(items, "utf8")) as { version: number; items: { title: string }[] };
    file.items[0]!.title = "bad \ud800";
    // As an archive of the days holds it: JSON.stringify escapes the lone surrogate as \ud800.
    await writeFile(items, JSON.stringify(file));
    const render = await runCli(args("render", 2));
    expect(render.code, render.err).toBe(0);
    expect((await titlesOnSourcePage(dir))[0]).toBe("bad \ufffd");
  }, 60_000);
});
