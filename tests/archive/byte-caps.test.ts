// The byte caps through the real CLI: a feed that lists fresh megabyte posts on every poll, and one post whose link is
// megabytes long, against the archive's and the site's size.
import { readFile, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseDocument } from "htmlparser2";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { rssDocument, type TestPost } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { readStatusPage } from "../site/status-page.ts";

let server: Loopback | null = null;
const removals: (() => Promise<void>)[] = [];
afterEach(async () => {
  await server?.close();
  server = null;
  for (const remove of removals.splice(0)) await remove();
});

/** About `bytes` of nested, well-formed HTML: sections of paragraphs and lists. */
function longBody(bytes: number, seed: string): string {
  const section = `<div><h2>${seed}</h2><p>Some <em>words</em> &amp; more words about ${seed}.</p><ul><li>one</li><li>two &lt;three&gt;</li></ul></div>`;
  return section.repeat(Math.ceil(bytes / section.length));
}

async function folderSize(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function filesHolding(folder: string, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && (await readFile(join(entry.parentPath, entry.name), "latin1")).includes(text)) found.push(entry.name);
  }
  return found;
}

describe("byte caps, through the CLI", () => {
  it("a feed of fresh long posts every poll: bodies cut at a tag boundary, the feed's archive held to its cap, a megabyte link dropped, each said", async () => {
    let poll = 0;
    server = await startLoopback({
      "/feed.xml": (req, res) => {
        const posts: TestPost[] = Array.from({ length: 4 }, (_, index) => ({
          guid: `poll-${poll}-post-${index}`,
          title: `Poll ${poll} post ${index}`,
          link: index === 0 ? `https://firehose.example/${"x".repeat(3_000_000)}` : `https://firehose.example/${poll}/${index}`,
          published: new Date(Date.UTC(2024, 0, 1, poll, index)),
          html: longBody(200_000, `poll ${poll} post ${index}`),
        }));
        res.writeHead(200, { "content-type": "application/rss+xml" }).end(rssDocument({ title: "Firehose", link: "https://firehose.example/", posts }));
      },
    });
    const { dir, remove } = await tempDir("blogroll-caps-");
    removals.push(remove);
    const config = join(dir, "feeds.yaml");
    await writeFile(config, `site:\n  maxPostSize: 64KiB\n  maxFeedSize: 1MiB\nfetch:\n  maxBodySize: 50MiB\nfeeds:\n  - name: Firehose\n    url: ${server.url("/feed.xml")}\n`);
    const args = (hour: number): string[] => ["build", "--config", config, "--data", join(dir, "data"), "--out", join(dir, "out"), "--now", new Date(Date.UTC(2024, 0, 2, hour)).toISOString()];

    let last = await runCli(args(0));
    for (poll = 1; poll < 6; poll++) {
      last = await runCli(args(poll));
      expect(last.code, last.err).toBe(0);
    }
    expect(last.out).toMatch(/Capped: .*4 posts were cut to 64 KiB \(site\.maxPostSize\), each ending with a link to the whole post; 1 link longer than 8 KiB \(site\.maxLinkSize\) was dropped; \d+ older posts it no longer lists were dropped to keep the feed within 1 MiB \(site\.maxFeedSize\)/);

    const itemsFile = join(dir, "data", "items", "firehose.json");
    expect((await stat(itemsFile)).size).toBeLessThan(1024 * 1024 + 64 * 1024);
    const archived = JSON.parse(await readFile(itemsFile, "utf8")) as { items: { title: string; link: string | null; contentHtml: string }[] };
    // The four posts of the last poll are listed, so kept; older ones went, oldest first.
    expect(archived.items.slice(0, 4).map((item) => item.title)).toEqual(["Poll 5 post 3", "Poll 5 post 2", "Poll 5 post 1", "Poll 5 post 0"]);
    for (const item of archived.items) {
      expect(Buffer.byteLength(item.contentHtml)).toBeLessThanOrEqual(64 * 1024);
      expect(item.contentHtml).toMatch(/<p><em>This post is longer than the 64 KiB Blogroll keeps of one post, and was cut here\.<\/em>( <a href="[^"]+"[^>]*>Read it whole<\/a>\.)?<\/p>(<\/[a-z0-9]+>)*$/);
      // Cut between tags and re-serialised: every element that opens closes, and the text holds no half entity.
      const opened = item.contentHtml.match(/<(div|p|ul|li|h2|em)>/g)?.length ?? 0;
      const closed = item.contentHtml.match(/<\/(div|p|ul|li|h2|em)>/g)?.length ?? 0;
      expect(opened).toBe(closed);
      expect(parseDocument(item.contentHtml).children.length).toBeGreaterThan(0);
    }
    expect(archived.items.find((item) => item.title === "Poll 5 post 0")?.link).toBeNull();
    // A 3 MB link on every page it is on would have made a site of tens of megabytes.
    expect(await folderSize(join(dir, "out"))).toBeLessThan(16 * 1024 * 1024);
    expect(await filesHolding(join(dir, "out"), "x".repeat(10_000))).toEqual([]);

    const status = await runCli(["status", "--json", "--config", config, "--data", join(dir, "data")]);
    const json = JSON.parse(status.out) as { feeds: { capped: { bodiesCut: number; linksDropped: number; droppedForSize: number; caps: { feedBytes: number } } | null }[] };
    expect(json.feeds[0]?.capped).toMatchObject({ bodiesCut: 4, linksDropped: 1, caps: { feedBytes: 1024 * 1024 } });
    expect(json.feeds[0]?.capped?.droppedForSize).toBeGreaterThan(0);
    const page = readStatusPage(await readFile(join(dir, "out", "status", "index.html"), "utf8")).get("Firehose");
    expect([...(page?.facts.values() ?? [])].join("\n")).toMatch(/cut to 64 KiB \(site\.maxPostSize\)/);
  }, 120_000);
});
