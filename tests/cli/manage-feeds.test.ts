import { mkdtemp, readFile, writeFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { rssDocument } from "../helpers/rss.ts";
import { startLoopback } from "../helpers/loopback.ts";
import { parseOpml } from "../../src/config/opml.ts";
import { loadConfig } from "../../src/config/load.ts";

const committedConfig = fileURLToPath(new URL("../../feeds.yaml", import.meta.url));

async function copyOfFeedsYaml(): Promise<{ dir: string; config: string }> {
  const dir = await mkdtemp(join(tmpdir(), "blogroll-manage-"));
  const config = join(dir, "feeds.yaml");
  await copyFile(committedConfig, config);
  return { dir, config };
}

const feed = rssDocument({
  title: "Local Notes",
  link: "https://notes.example/",
  posts: [{ guid: "one", title: "One", published: new Date("2019-02-20T10:00:00Z") }],
});

describe("blogroll add", () => {
  it("finds the feed a local HTML page advertises, checks it, and appends it keeping every comment", async () => {
    const { dir, config } = await copyOfFeedsYaml();
    await writeFile(join(dir, "notes.xml"), feed);
    await writeFile(join(dir, "index.html"), `<!doctype html><html><head><title>Notes</title>
      <link rel="alternate" type="application/rss+xml" title="Notes feed" href="notes.xml"></head><body>Hi</body></html>`);
    const before = await readFile(config, "utf8");

    const run = await runCli(["add", join(dir, "index.html"), "--config", config, "--category", "Friends"]);
    expect(run.err).toBe("");
    expect(run.code).toBe(0);

    const after = await readFile(config, "utf8");
    expect(after.startsWith(before.trimEnd())).toBe(true);
    for (const comment of before.split("\n").filter((line) => line.trimStart().startsWith("#"))) expect(after).toContain(comment);
    const loaded = await loadConfig(config);
    expect(loaded.ok).toBe(true);
    if (loaded.ok) {
      expect(loaded.config.feeds.at(-1)).toMatchObject({ name: "Local Notes", url: join(dir, "notes.xml"), categories: ["Friends"] });
    }
  });

  it("adds a feed from its web address, named by --name", async () => {
    const server = await startLoopback({
      "/": (req, res) => void res.writeHead(200, { "content-type": "text/html" }).end('<link rel="alternate" type="application/atom+xml" href="/feed">'),
      "/feed": (req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(feed),
    });
    try {
      const { config } = await copyOfFeedsYaml();
      const run = await runCli(["add", server.url("/"), "--config", config, "--name", "My Friend"]);
      expect(run.code).toBe(0);
      expect(await readFile(config, "utf8")).toContain(server.url("/feed"));
    } finally {
      await server.close();
    }
  });

  it("refuses a page that advertises no feed, and leaves feeds.yaml as it was", async () => {
    const { dir, config } = await copyOfFeedsYaml();
    await writeFile(join(dir, "plain.html"), "<!doctype html><html><head><title>x</title></head><body>No feed</body></html>");
    const before = await readFile(config, "utf8");
    const run = await runCli(["add", join(dir, "plain.html"), "--config", config]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/not a feed|web page/i);
    expect(await readFile(config, "utf8")).toBe(before);
  });
});

describe("blogroll remove", () => {
  it("removes a feed by name and keeps the rest of the file", async () => {
    const { config } = await copyOfFeedsYaml();
    const run = await runCli(["remove", "Drupal Contrib Security", "--config", config]);
    expect(run.code).toBe(0);
    const text = await readFile(config, "utf8");
    expect(text).not.toContain("Drupal Contrib Security");
    expect(text).toContain("Drupal Public Service Announcements");
  });
});

describe("blogroll opml", () => {
  it("import then export round-trips every feed with its categories", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-opml-"));
    const config = join(dir, "feeds.yaml");
    await writeFile(config, "# my blogroll\nfeeds: []\n");
    await writeFile(
      join(dir, "subscriptions.opml"),
      `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
        <outline text="Tech">
          <outline text="CloudFlare" type="rss" xmlUrl="https://blog.cloudflare.com/rss/"/>
          <outline title="Drupal Security" type="rss" xmlUrl="https://www.drupal.org/security/rss.xml"/>
        </outline>
        <outline text="Friends">
          <outline text="CloudFlare" type="rss" xmlUrl="https://blog.cloudflare.com/rss/"/>
          <outline text="Ada" type="rss" xmlUrl="https://ada.example/feed.xml" htmlUrl="https://ada.example/"/>
        </outline>
        <outline text="Loose" type="rss" xmlUrl="https://loose.example/atom"/>
      </body></opml>`,
    );
    const imported = await runCli(["opml", "import", join(dir, "subscriptions.opml"), "--config", config]);
    expect(imported.code).toBe(0);
    expect(await readFile(config, "utf8")).toContain("# my blogroll");

    const exported = await runCli(["opml", "export", "--config", config, "--data", join(dir, "data"), "--now", "2019-02-21T12:00:00Z"]);
    expect(exported.code).toBe(0);
    const parsed = parseOpml(exported.out, "export");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const byUrl = Object.fromEntries(parsed.feeds.map((entry) => [entry.url, { name: entry.name, categories: [...entry.categories].sort() }]));
    expect(byUrl).toEqual({
      "https://blog.cloudflare.com/rss/": { name: "CloudFlare", categories: ["Friends", "Tech"] },
      "https://www.drupal.org/security/rss.xml": { name: "Drupal Security", categories: ["Tech"] },
      "https://ada.example/feed.xml": { name: "Ada", categories: ["Friends"] },
      "https://loose.example/atom": { name: "Loose", categories: [] },
    });
  });

  it("export and the site's opml.xml carry the site's title, when a post last came, and each source's site and description", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-opml-"));
    const config = join(dir, "feeds.yaml");
    const post = { guid: "first", title: "First", published: new Date("2019-02-20T08:00:00Z") };
    await writeFile(join(dir, "notes.xml"), rssDocument({ title: "Local Notes", link: "https://notes.example/", description: "Notes on fish & chips", posts: [post] }));
    await writeFile(config, "site:\n  title: Ada's <Blogroll>\n  baseUrl: https://ada.example/roll/\nfeeds:\n  - name: Notes\n    url: ./notes.xml\n");
    const paths = ["--config", config, "--data", join(dir, "data"), "--now", "2019-02-21T12:00:00Z"];
    expect((await runCli(["build", ...paths, "--out", join(dir, "site")])).code).toBe(0);
    const exported = await runCli(["opml", "export", ...paths]);
    expect(exported.code).toBe(0);
    for (const [where, xml] of [["export", exported.out], ["site", await readFile(join(dir, "site", "opml.xml"), "utf8")]] as const) {
      expect(xml, where).toContain("<title>Ada&apos;s &lt;Blogroll&gt;</title>");
      // The build that brought the post, not the time the document was written: a rebuild gives the same bytes.
      expect(xml, where).toContain("<dateModified>Thu, 21 Feb 2019 12:00:00 GMT</dateModified>");
      expect(xml, where).toMatch(/<outline type="rss" text="Notes" title="Notes" xmlUrl="[^"]+" htmlUrl="https:\/\/notes\.example\/" description="Notes on fish &amp; chips"\/>/);
    }
    expect((await runCli(["opml", "export", ...paths.slice(0, 4), "--now", "2019-03-01T00:00:00Z"])).out).toBe(exported.out);
  });

  it("refuses a hostile OPML file and leaves feeds.yaml untouched", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-opml-"));
    const config = join(dir, "feeds.yaml");
    await writeFile(config, "feeds: []\n");
    await writeFile(
      join(dir, "evil.opml"),
      `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><opml><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>`,
    );
    const run = await runCli(["opml", "import", join(dir, "evil.opml"), "--config", config]);
    expect(run.code).toBe(1);
    expect(run.err).toContain("was not changed");
    expect(await readFile(config, "utf8")).toBe("feeds: []\n");
  });
});
