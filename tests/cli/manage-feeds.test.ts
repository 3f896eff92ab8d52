import { mkdtemp, readdir, readFile, writeFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { ServerResponse } from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { runBinary } from "../helpers/cli-process.ts";
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
    const server = await startLoopback({ "/notes.xml": (req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(feed) });
    try {
      const { dir, config } = await copyOfFeedsYaml();
      await writeFile(join(dir, "index.html"), `<!doctype html><html><head><title>Notes</title>
        <link rel="alternate" type="application/rss+xml" title="Notes feed" href="${server.url("/notes.xml")}"></head><body>Hi</body></html>`);
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
        expect(loaded.config.feeds.at(-1)).toMatchObject({ name: "Local Notes", url: server.url("/notes.xml"), categories: ["Friends"] });
      }
    } finally {
      await server.close();
    }
  });

  it("adds a local feed file whose path the owner types", async () => {
    const { dir, config } = await copyOfFeedsYaml();
    await writeFile(join(dir, "notes.xml"), feed);
    const run = await runCli(["add", join(dir, "notes.xml"), "--config", config]);
    expect(run.code, run.err).toBe(0);
    const loaded = await loadConfig(config);
    expect(loaded.ok && loaded.config.feeds.at(-1)).toMatchObject({ name: "Local Notes", url: join(dir, "notes.xml") });
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
    // These addresses are not served: --no-check adds them unchecked.
    const imported = await runCli(["opml", "import", join(dir, "subscriptions.opml"), "--config", config, "--no-check"]);
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
    }
    // A local feed: on the site at the site's copy; left out of the export (see the next test).
    expect(await readFile(join(dir, "site", "opml.xml"), "utf8")).toMatch(/<outline type="rss" text="Notes" title="Notes" xmlUrl="[^"]+" htmlUrl="https:\/\/notes\.example\/" description="Notes on fish &amp; chips"\/>/);
    expect((await runCli(["opml", "export", ...paths.slice(0, 4), "--now", "2019-03-01T00:00:00Z"])).out).toBe(exported.out);
  });

  it("export leaves local feeds out, naming them once on stderr, since a path on this machine means nothing to another reader", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-opml-"));
    const config = join(dir, "feeds.yaml");
    const post = { guid: "first", title: "First", published: new Date("2019-02-20T08:00:00Z") };
    await writeFile(join(dir, "notes.xml"), rssDocument({ title: "Notes", link: "https://notes.example/", posts: [post] }));
    await writeFile(
      config,
      `feeds:\n  - name: Web\n    url: https://web.example/feed.xml\n  - name: Notes\n    url: ./notes.xml\n  - name: Diary\n    url: ${join(dir, "diary.xml")}\n`,
    );
    const exported = await runCli(["opml", "export", "--config", config, "--data", join(dir, "data")]);
    expect(exported.code).toBe(0);
    expect(exported.err).toBe(`Left out of the export: 2 local feeds "Notes", "Diary", read from files on this machine, which another reader cannot follow; the site's opml.xml lists them at the site's copy.`);
    const listed = parseOpml(exported.out, "export");
    expect(listed.ok && listed.feeds.map((feed) => [feed.name, feed.url])).toEqual([["Web", "https://web.example/feed.xml"]]);
    expect(exported.out).not.toContain(dir);
    // Only web feeds: nothing to say.
    await writeFile(config, "feeds:\n  - name: Web\n    url: https://web.example/feed.xml\n");
    const webOnly = await runCli(["opml", "export", "--config", config, "--data", join(dir, "data")]);
    expect([webOnly.code, webOnly.err]).toEqual([0, ""]);
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

// ---------------------------------------------------------------- local files only from the owner

describe("a fetched document never chooses a local file", () => {
  /** A local file that exists (and is even a valid feed) and a path where none exists: the worst case and the control. */
  async function localFiles(): Promise<{ dir: string; config: string; existing: string; missing: string }> {
    const { dir, config } = await copyOfFeedsYaml();
    const existing = join(dir, "secret.xml");
    await writeFile(existing, rssDocument({ title: "Secret", link: "https://secret.example/", posts: [{ guid: "s", title: "Private note", published: new Date("2019-02-20T10:00:00Z") }] }));
    return { dir, config, existing, missing: join(dir, "nothing-here.xml") };
  }

  /** What the owner reads, with the local path itself taken out: it must not differ by whether the file exists. */
  function withoutPath(text: string, path: string): string {
    return text.replaceAll(pathToFileURL(path).href, "<path>").replaceAll(path, "<path>").replaceAll(basename(path), "<name>");
  }

  it.each([
    // No feed is advertised at all.
    ["a <link rel=alternate> to a file: URL", (target: string) => `<link rel="alternate" type="application/rss+xml" href="${pathToFileURL(target).href}">`, /does not advertise one/],
    // The base is ignored: the link is read against the page's own address, where the server has no such feed.
    ["a <base href> on a file: URL", (target: string) => `<base href="${pathToFileURL(dirname(target)).href}/"><link rel="alternate" type="application/rss+xml" href="${basename(target)}">`, /^<origin>\/<name>: .*HTTP 404/],
  ])("add: a web page with %s is refused, alike whether the file exists", async (_, head, refusal) => {
    const { config, existing, missing } = await localFiles();
    const before = await readFile(config, "utf8");
    const outcomes: string[] = [];
    for (const target of [existing, missing]) {
      const server = await startLoopback({ "/": (req, res) => void res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><html><head>${head(target)}</head><body>Hi</body></html>`) });
      try {
        const run = await runCli(["add", server.url("/"), "--config", config]);
        expect(run.code).toBe(1);
        const outcome = withoutPath(run.err.replaceAll(server.origin, "<origin>"), target);
        expect(outcome).toMatch(refusal);
        outcomes.push(outcome);
      } finally {
        await server.close();
      }
    }
    expect(outcomes[0]).toBe(outcomes[1]);
    expect(await readFile(config, "utf8")).toBe(before);
  });

  it("add and fetch: a redirect to a file: URL is refused, alike whether the file exists, and nothing of the file is stored", async () => {
    const { dir, config, existing, missing } = await localFiles();
    const server = await startLoopback({
      "/to-existing": (req, res) => void res.writeHead(302, { location: pathToFileURL(existing).href }).end(),
      "/to-missing": (req, res) => void res.writeHead(302, { location: pathToFileURL(missing).href }).end(),
    });
    try {
      const before = await readFile(config, "utf8");
      const added = [];
      for (const [path, target] of [["/to-existing", existing], ["/to-missing", missing]] as const) {
        const run = await runCli(["add", server.url(path), "--config", config]);
        expect(run.code).toBe(1);
        expect(run.err).toContain("which is not a web address");
        added.push(withoutPath(run.err.replace(path, "<route>"), target));
      }
      expect(added[0]).toBe(added[1]);
      expect(await readFile(config, "utf8")).toBe(before);

      const feeds = join(dir, "redirecting.yaml");
      await writeFile(feeds, `feeds:\n  - name: Existing\n    url: ${server.url("/to-existing")}\n  - name: Missing\n    url: ${server.url("/to-missing")}\n`);
      const fetched = await runCli(["fetch", "--config", feeds, "--data", join(dir, "data"), "--json"]);
      const reports = fetched.out.split("\n").map((line) => JSON.parse(line) as { name: string; outcome: string; error: { kind: string; message: string } });
      expect(reports.map((report) => [report.outcome, report.error.kind])).toEqual([["failed", "http_server_error"], ["failed", "http_server_error"]]);
      // Lines come as feeds finish, in no fixed order.
      const messageOf = (name: string): string => reports.find((report) => report.name === name)?.error.message ?? "";
      expect(withoutPath(messageOf("Existing"), existing)).toBe(withoutPath(messageOf("Missing"), missing));
      const archived = JSON.stringify(await readdir(join(dir, "data"), { recursive: true }));
      expect(archived).not.toContain("items");
    } finally {
      await server.close();
    }
  });

  it("opml import: an outline whose xmlUrl is a file: URL or a path is skipped, and the owner's own OPML file may be local", async () => {
    const { dir, config, existing } = await localFiles();
    await writeFile(config, "feeds: []\n");
    await writeFile(
      join(dir, "list.opml"),
      `<opml version="2.0"><body>
        <outline text="By URL" xmlUrl="${pathToFileURL(existing).href}"/>
        <outline text="By path" xmlUrl="${existing}"/>
        <outline text="Relative" xmlUrl="./secret.xml"/>
        <outline text="Web" xmlUrl="https://web.example/feed"/>
      </body></opml>`,
    );
    const run = await runCli(["opml", "import", join(dir, "list.opml"), "--config", config, "--no-check"]);
    expect(run.code).toBe(0);
    for (const name of ["By URL", "By path", "Relative"]) expect(run.err).toMatch(new RegExp(`skipped "${name}": .* is not an http\\(s\\) URL`));
    const loaded = await loadConfig(config);
    expect(loaded.ok && loaded.config.feeds.map((entry) => entry.url)).toEqual(["https://web.example/feed"]);
  });
});

describe("blogroll opml import checks each feed", () => {
  it("adds the feeds that answer, skips a dead one and a page with no feed naming why, at most perHostConcurrency at once; --no-check adds them all", async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const slowly = (answer: (res: ServerResponse) => void) => async (_req: unknown, res: ServerResponse) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((done) => setTimeout(done, 150));
      inFlight -= 1;
      answer(res);
    };
    const rss = (res: ServerResponse) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(feed);
    const server = await startLoopback({
      "/one.xml": slowly(rss),
      "/two.xml": slowly(rss),
      "/dead.xml": slowly((res) => void res.writeHead(404).end()),
      "/page": slowly((res) => void res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>No feed</title><p>Hi</p>")),
    });
    try {
      const dir = await mkdtemp(join(tmpdir(), "blogroll-opml-check-"));
      const config = join(dir, "feeds.yaml");
      const settings = "fetch:\n  concurrency: 8\n  perHostConcurrency: 2\n";
      await writeFile(config, `${settings}feeds: []\n`);
      const outlines = ["One /one.xml", "Two /two.xml", "Dead /dead.xml", "Page /page"].map((entry) => entry.split(" "));
      await writeFile(
        join(dir, "list.opml"),
        `<opml version="2.0"><body>${outlines.map(([name, path]) => `<outline text="${name}" xmlUrl="${server.url(path ?? "")}"/>`).join("")}</body></opml>`,
      );

      const run = await runCli(["opml", "import", join(dir, "list.opml"), "--config", config]);
      expect(run.code).toBe(0);
      expect(run.err).toMatch(/skipped "Dead": it does not answer as a feed \(.*dead\.xml: .*404.*\)/);
      expect(run.err).toMatch(/skipped "Page": it does not answer as a feed \(.*page: .*\)/);
      expect(run.out).toContain("Imported 2 feeds");
      expect(run.out).toContain("(2 skipped)");
      const loaded = await loadConfig(config);
      expect(loaded.ok && loaded.config.feeds.map((entry) => entry.name)).toEqual(["One", "Two"]);
      // Checked side by side, never more at once on one host than fetch.perHostConcurrency allows.
      expect(mostInFlight).toBe(2);

      await writeFile(config, `${settings}feeds: []\n`);
      const requestsBefore = server.requests.length;
      const unchecked = await runCli(["opml", "import", join(dir, "list.opml"), "--config", config, "--no-check"]);
      expect(unchecked.code).toBe(0);
      expect(server.requests.length).toBe(requestsBefore);
      const all = await loadConfig(config);
      expect(all.ok && all.config.feeds.map((entry) => entry.name)).toEqual(["One", "Two", "Dead", "Page"]);
    } finally {
      await server.close();
    }
  });
});

describe("edits of feeds.yaml at once", () => {
  it("ten `add`s started together, and an `add` during an `opml import`, lose no feed", async () => {
    const { dir, config } = await copyOfFeedsYaml();
    const listed = ((await loadConfig(config)) as { ok: true; config: { feeds: unknown[] } }).config.feeds.length;
    const names = Array.from({ length: 10 }, (_, index) => `Friend ${index + 1}`);
    for (const [index, name] of names.entries()) {
      await writeFile(join(dir, `friend-${index + 1}.xml`), rssDocument({ title: name, link: `https://friend${index + 1}.example/`, posts: [] }));
    }
    const outlines = Array.from({ length: 30 }, (_, index) => `<outline text="Imported ${index + 1}" xmlUrl="https://imported${index + 1}.example/feed.xml"/>`);
    await writeFile(join(dir, "import.opml"), `<?xml version="1.0"?><opml version="2.0"><head/><body>${outlines.join("")}</body></opml>`);

    const adds = names.map((_, index) => runBinary(["add", join(dir, `friend-${index + 1}.xml`), "--config", config]));
    // The outlines' addresses are not served: --no-check adds them unchecked.
    const importing = runBinary(["opml", "import", join(dir, "import.opml"), "--config", config, "--no-check"]);
    const runs = await Promise.all([...adds, importing]);
    for (const run of runs) expect(run.code, run.err).toBe(0);
    expect(runs.slice(0, 10).map((run) => run.out)).toEqual(names.map((name, index) => `Added "${name}" <${join(dir, `friend-${index + 1}.xml`)}> to ${config}.`));

    const loaded = await loadConfig(config);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const feedNames = loaded.config.feeds.map((each) => each.name);
    expect(feedNames).toHaveLength(listed + 10 + 30);
    for (const name of [...names, ...outlines.map((_, index) => `Imported ${index + 1}`)]) expect(feedNames).toContain(name);
    // The edit lock is gone with the last edit.
    expect((await readdir(dir)).filter((name) => name.includes(".lock"))).toEqual([]);
  }, 120_000);
});
