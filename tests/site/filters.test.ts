// The owner's filters, through the real CLI: include and exclude, per feed and site-wide, applied when the site is
// made, so changing them between builds never loses a post.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it, onTestFinished } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { startLoopback } from "../helpers/loopback.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { readStatusPage } from "./status-page.ts";
import { readSegmentList } from "../../src/site/search/segment-list.ts";

interface Entry {
  guid: string;
  title: string;
  html: string;
  categories?: string[];
}

function feedOf(title: string, entries: Entry[]): string {
  const items = entries.map(
    (entry, index) => `<item><guid>${entry.guid}</guid><title>${entry.title}</title><link>https://${title.toLowerCase()}.example/${entry.guid}</link>
      <pubDate>${new Date(Date.UTC(2019, 1, 20 - index, 10)).toUTCString()}</pubDate>
      ${(entry.categories ?? []).map((category) => `<category>${category}</category>`).join("")}
      <description><![CDATA[${entry.html}]]></description></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://${title.toLowerCase()}.example/</link><description>d</description>${items.join("")}</channel></rss>`;
}

const planet = feedOf("Planet", [
  { guid: "p1", title: "Nine released", html: "<p>The new <b>MySQL</b> brings faster replication.</p>" },
  // A longer word that starts with a term is not the term: mysqldump is not mysql.
  { guid: "p2", title: "Postgres tips", html: "<p>Moving away with mysqldump and psql.</p>" },
  // Matched by the feed's own category for the post.
  { guid: "p3", title: "Weekly news", html: "<p>Links of the week.</p>", categories: ["MySQL"] },
  { guid: "p4", title: "Sponsored: our MySQL cloud", html: "<p>Buy now.</p>" },
]);
const other = feedOf("Other", [
  { guid: "o1", title: "Hello   World", html: "<p>A first post.</p>" },
  { guid: "o2", title: "Hiring: editors", html: "<p>Join us.</p>" },
]);

const ALL = ["Nine released", "Postgres tips", "Weekly news", "Sponsored: our MySQL cloud", "Hello World", "Hiring: editors"];

function configText(urls: { planet: string; other: string }, filters: { site?: string; planet?: string; other?: string }): string {
  return `site:
  baseUrl: https://blogroll.example/
${filters.site ?? ""}
feeds:
  - name: Planet
    url: ${urls.planet}
${filters.planet ?? ""}
  - name: Other
    url: ${urls.other}
${filters.other ?? ""}
`;
}

/** The titles of the posts the search index holds, read back from Pagefind's own fragments in every segment. */
async function searchedTitles(site: string): Promise<string[]> {
  const index = join(site, "pagefind");
  const list = await readSegmentList(index);
  const titles: string[] = [];
  for (const segment of list?.segments ?? []) {
    const dir = join(index, segment.bundle, "fragment");
    for (const file of await readdir(dir)) {
      const text = gunzipSync(await readFile(join(dir, file))).toString("utf8").replace(/^pagefind_dcd/, "");
      const fragment = JSON.parse(text) as { meta: { title?: string } };
      titles.push(fragment.meta.title ?? "");
    }
  }
  // Each segment also holds the anchor of its order, a record that is no post (see src/site/search/records.ts).
  return titles.filter((title) => ALL.includes(title)).sort();
}

/** Every post title a file of the site shows, of those this test's feeds have. */
function titlesIn(text: string): string[] {
  return ALL.filter((title) => text.includes(title) || text.includes(title.replace(":", "&#x3A;")));
}

describe("feeds.yaml's include and exclude", () => {
  it("hide posts from every page, output feed and the search, count them, and give them back when changed, since the archive keeps them", async () => {
    const server = await startLoopback({
      "/planet.xml": (req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(planet),
      "/other.xml": (req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(other),
    });
    onTestFinished(() => server.close());
    const work = await tempDir("blogroll-filters-");
    onTestFinished(() => work.remove());
    const config = join(work.dir, "feeds.yaml");
    const site = join(work.dir, "site");
    const paths = ["--config", config, "--data", join(work.dir, "data")];
    const urls = { planet: server.url("/planet.xml"), other: server.url("/other.xml") };
    const shown = async () => {
      const pages = await Promise.all(
        ["index.html", "sources/planet/index.html", "sources/other/index.html", "rss.xml", "atom.xml", "feed.json", "sources/planet/rss.xml"].map((file) =>
          readFile(join(site, file), "utf8"),
        ),
      );
      return { front: titlesIn(pages[0] ?? ""), everywhere: titlesIn(pages.join("\n")), rss: titlesIn(pages[3] ?? ""), search: await searchedTitles(site) };
    };

    // A site-wide exclude word, a feed's include word, and a feed's exclude pattern.
    await writeFile(
      config,
      configText(urls, { site: "  exclude: [sponsored]", planet: "    include: [mysql]", other: '    exclude: ["/^hiring:/i"]' }),
    );
    const build = await runCli(["build", ...paths, "--out", site, "--now", "2019-02-21T12:00:00Z"]);
    expect(build.err).toBe("");
    expect(build.code).toBe(0);
    expect(build.out).toContain("Filters hide 3 archived posts (kept in the archive).");
    const kept = ["Nine released", "Weekly news", "Hello World"];
    expect(await shown()).toEqual({ front: kept, everywhere: kept, rss: kept, search: [...kept].sort() });
    expect(await readFile(join(site, "sources", "planet", "index.html"), "utf8")).toContain("There are currently 2 posts from the blog");

    const status = await runCli(["status", ...paths]);
    expect(status.out).toMatch(/^Planet {2}<.*>\n.*\n {2}items archived: 4 \(2 hidden from the site by filters\)$/m);
    expect(status.out).toMatch(/^Other {2}<.*>\n.*\n {2}items archived: 2 \(1 hidden from the site by filters\)$/m);
    expect(status.out.split("\n").at(-1)).toBe("2 feeds: 2 ok, 0 failing, 0 gone, 0 never checked. Filters hide 3 archived posts from the site.");
    const statusHtml = await readFile(join(site, "status", "index.html"), "utf8");
    expect(readStatusPage(statusHtml).get("Planet")?.facts.get("Hidden by filters")).toMatch(/^2 of 4 archived posts/);
    expect(statusHtml).toContain("Filters hide 3 archived posts from the site.");

    // No filter: every post comes back at the next render, with no fetch; the archive had kept them.
    await writeFile(config, configText(urls, {}));
    const all = await runCli(["render", ...paths, "--out", site, "--now", "2019-02-21T12:00:00Z"]);
    expect(all.code).toBe(0);
    expect(all.out).not.toContain("Filters hide");
    expect(await shown()).toEqual({ front: ALL, everywhere: ALL, rss: ALL, search: [...ALL].sort() });

    // A site-wide include of two words, matched whole over any spacing: only the post that has them.
    await writeFile(config, configText(urls, { site: '  include: ["hello world"]' }));
    const narrow = await runCli(["render", ...paths, "--out", site, "--now", "2019-02-21T12:00:00Z"]);
    expect(narrow.out).toContain("Filters hide 5 archived posts");
    expect(await shown()).toEqual({ front: ["Hello World"], everywhere: ["Hello World"], rss: ["Hello World"], search: ["Hello World"] });
    expect((await runCli(["status", "--json", ...paths])).out).toContain('"hiddenByFilters": 4');
  }, 60_000);
});
