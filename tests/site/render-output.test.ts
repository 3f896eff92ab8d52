import { mkdir, readFile, readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StageTimings } from "../../src/refresh/stage-timings.ts";
import { renderSite } from "../../src/site/render.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { config, item, listFiles, readSiteFile, snapshotOf } from "./fixtures.ts";
import { findAll, parseHtml } from "./html.ts";
import { findBrokenLinks } from "./link-check.ts";
import { NOW, fixtureSite } from "./site-fixture.ts";

let workspace: { dir: string; remove(): Promise<void> };

beforeEach(async () => {
  workspace = await tempDir();
});

afterEach(() => workspace.remove());

async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const files = await listFiles(dir);
  return new Map(await Promise.all(files.map(async (file) => [file, await readFile(path.join(dir, file))] as const)));
}

describe("renderSite output", () => {
  it("is byte-identical for the same archives, config and now", async () => {
    const { config, archives } = fixtureSite();
    const first = path.join(workspace.dir, "first");
    const second = path.join(workspace.dir, "second");
    await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir: first });
    await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir: second });
    const [a, b] = [await snapshot(first), await snapshot(second)];
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, content] of a) expect(b.get(file)?.equals(content), file).toBe(true);
  }, 60_000);

  it("replaces the previous site whole and leaves no temporary folder behind", async () => {
    const { config, archives } = fixtureSite();
    const outDir = path.join(workspace.dir, "site");
    await mkdir(path.join(outDir, "stale"), { recursive: true });
    await writeFile(path.join(outDir, "stale", "index.html"), "old");
    const report = await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir });
    const files = await listFiles(outDir);
    expect(files).not.toContain("stale/index.html");
    expect(files).toContain("index.html");
    expect(report).toEqual({
      pages: expect.any(Number),
      pagesMade: report.pages,
      rendered: report.pages,
      searchSegments: { total: 1, made: 1 },
      files: files.length,
      outDir,
      warnings: [],
      archive: { recoveries: [], failures: [] },
      hiddenByFilters: 0,
    });
    expect(await readdir(workspace.dir)).toEqual(["site"]);
  }, 60_000);

  it("keeps the previous site when a render fails", async () => {
    const { config, archives } = fixtureSite();
    const outDir = path.join(workspace.dir, "site");
    await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir });
    const before = await snapshot(outDir);
    const broken = { ...config, site: { ...config.site, timezone: "Not/AZone" } };
    await expect(renderSite({ config: broken, archive: snapshotOf(archives), now: NOW, outDir })).rejects.toThrow(/Could not render the site/);
    const after = await snapshot(outDir);
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect(await readdir(workspace.dir)).toEqual(["site"]);
  }, 60_000);

  it("puts back a site that a killed swap left aside, and removes half-built folders of killed runs", async () => {
    const { config, archives } = fixtureSite();
    const outDir = path.join(workspace.dir, "site");
    await mkdir(`${outDir}.old-999999`, { recursive: true });
    await writeFile(path.join(`${outDir}.old-999999`, "index.html"), "previous site");
    await mkdir(path.join(path.dirname(outDir), `.${path.basename(outDir)}.tmp-888888`), { recursive: true });
    await writeFile(path.join(path.dirname(outDir), `.${path.basename(outDir)}.tmp-888888`, "index.html"), "half built");
    const broken = { ...config, site: { ...config.site, timezone: "Not/AZone" } };
    await expect(renderSite({ config: broken, archive: snapshotOf(archives), now: NOW, outDir })).rejects.toThrow(/Could not render the site/);
    expect(await readdir(workspace.dir)).toEqual(["site"]);
    expect(await readFile(path.join(outDir, "index.html"), "utf8")).toBe("previous site");
  }, 60_000);

  it("rewrites no file when nothing changed, and only the files a new post changes", async () => {
    const { config, archives } = fixtureSite();
    const outDir = path.join(workspace.dir, "site");
    const inodes = async (): Promise<Map<string, number>> =>
      new Map(await Promise.all((await listFiles(outDir)).map(async (file) => [file, (await stat(path.join(outDir, file))).ino] as const)));

    await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir });
    const first = await inodes();
    await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir });
    const second = await inodes();
    expect([...second.keys()]).toEqual([...first.keys()]);
    expect([...second].filter(([file, ino]) => first.get(file) !== ino).map(([file]) => file)).toEqual([]);

    const lonely = archives.get("lonely");
    if (!lonely) throw new Error("fixture changed");
    const newPost = item("lonely", { id: "second", title: "A second lonely post", published: "2019-01-06T08:00:00Z" });
    archives.set("lonely", { ...lonely, items: [newPost, ...lonely.items] });
    await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir });
    const third = await inodes();
    const rewritten = [...third].filter(([file, ino]) => second.get(file) !== ino).map(([file]) => file);
    expect(rewritten).toEqual(expect.arrayContaining(["sources/lonely/index.html", "sources/lonely/rss.xml", "sources/index.html"]));
    expect(rewritten).not.toContain("sources/cloudflare/index.html");
    expect(rewritten).not.toContain("style.css");
    expect(await readSiteFile(outDir, "sources/lonely/index.html")).toContain("A second lonely post");
  }, 60_000);

  it("an hour later, refreshes moved stamps in place to the very bytes of a fresh render", async () => {
    const { config, archives } = fixtureSite();
    const incremental = path.join(workspace.dir, "incremental");
    const fresh = path.join(workspace.dir, "fresh");
    const later = new Date(NOW.getTime() + 3_600_000);
    await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir: incremental });
    const before = await snapshot(incremental);
    const report = await renderSite({ config, archive: snapshotOf(archives), now: later, outDir: incremental });
    expect(report.rendered).toBe(0);
    expect((await renderSite({ config, archive: snapshotOf(archives), now: later, outDir: fresh })).rendered).toBe(report.pages);
    const [refreshed, rendered] = [await snapshot(incremental), await snapshot(fresh)];
    expect([...refreshed.keys()]).toEqual([...rendered.keys()]);
    for (const [file, content] of rendered) expect(refreshed.get(file)?.toString(), file).toBe(content.toString());
    // Only pages with a stamp that moves: today's posts and every "Updated" line.
    const changed = [...refreshed].filter(([file, content]) => !before.get(file)?.equals(content)).map(([file]) => file);
    expect(changed).toEqual(expect.arrayContaining(["index.html", "sources/cloudflare/index.html", "status/index.html"]));
    expect(changed).not.toContain("sources/lonely/rss.xml");
  }, 60_000);

  it("refreshes in place the pages of a post whose text says data-relative, or holds a <time> of its own", async () => {
    const { config, archives } = fixtureSite();
    const lonely = archives.get("lonely");
    if (!lonely) throw new Error("fixture changed");
    const wordy = item("lonely", {
      id: "wordy",
      title: "On data-relative",
      published: "2019-02-21T09:00:00Z",
      html: '<p>Our stamps say data-relative and data-live="checked-lonely"; this one is <time datetime="2019-02-21">today</time>.</p>',
    });
    archives.set("lonely", { ...lonely, items: [wordy, ...lonely.items] });
    const outDir = path.join(workspace.dir, "site");
    const later = new Date(NOW.getTime() + 3_600_000);
    await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir });
    const report = await renderSite({ config, archive: snapshotOf(archives), now: later, outDir });
    expect(report.pagesMade).toBe(0);
    const fresh = path.join(workspace.dir, "fresh");
    await renderSite({ config, archive: snapshotOf(archives), now: later, outDir: fresh });
    expect(await snapshot(outDir)).toEqual(await snapshot(fresh));
    expect(await readSiteFile(outDir, "sources/lonely/index.html")).toContain("7 hours 15 min ago");
  }, 60_000);

  it("after a render on a later day, a render at an earlier instant reads today's dates as X ago again", async () => {
    const { config, archives } = fixtureSite();
    const outDir = path.join(workspace.dir, "site");
    const nextWeekday = new Date(NOW.getTime() + 86_400_000);
    await renderSite({ config, archive: snapshotOf(archives), now: nextWeekday, outDir });
    expect(await readSiteFile(outDir, "sources/cloudflare/index.html")).not.toContain("5 hours 15 min ago");
    await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir });
    expect(await readSiteFile(outDir, "sources/cloudflare/index.html")).toContain("5 hours 15 min ago");
    const fresh = path.join(workspace.dir, "fresh");
    await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir: fresh });
    expect(await snapshot(outDir)).toEqual(await snapshot(fresh));
  }, 60_000);

  it("renders a page afresh when its previous copy cannot be refreshed (edited by hand)", async () => {
    const { config, archives } = fixtureSite();
    const outDir = path.join(workspace.dir, "site");
    await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir });
    await writeFile(path.join(outDir, "sources", "cloudflare", "index.html"), "<p>edited by hand</p>");
    const later = new Date(NOW.getTime() + 3_600_000);
    const report = await renderSite({ config, archive: snapshotOf(archives), now: later, outDir });
    expect(report.rendered).toBe(1);
    const fresh = path.join(workspace.dir, "fresh");
    await renderSite({ config, archive: snapshotOf(archives), now: later, outDir: fresh });
    expect(await readSiteFile(outDir, "sources/cloudflare/index.html")).toBe(await readSiteFile(fresh, "sources/cloudflare/index.html"));
  }, 60_000);

  it("adds the time spent rendering and indexing to the run's stage timings", async () => {
    const { config: siteConfig, archives } = fixtureSite();
    const timings = new StageTimings();
    await renderSite({ config: siteConfig, archive: snapshotOf(archives), now: NOW, outDir: path.join(workspace.dir, "site"), timings });
    expect(timings.totals.render).toBeGreaterThan(0);
    expect(timings.totals.search).toBeGreaterThan(0);
  }, 60_000);

  it("renders a site with no feeds at all", async () => {
    const outDir = path.join(workspace.dir, "site");
    await renderSite({ config: config([]), archive: snapshotOf(new Map()), now: NOW, outDir });
    const files = await listFiles(outDir);
    expect(files).toEqual(expect.arrayContaining(["index.html", "sources/index.html", "categories/index.html", "status/index.html", "404.html", "rss.xml", "opml.xml"]));
    expect(await findBrokenLinks(outDir, "https://blogroll.example/")).toEqual([]);
  }, 60_000);

  it("prefixes every internal link with the path of a sub-path baseUrl", async () => {
    const baseUrl = "https://someone.github.io/blogroll/";
    const { config, archives } = fixtureSite({ baseUrl });
    const outDir = path.join(workspace.dir, "site");
    await renderSite({ config, archive: snapshotOf(archives), now: NOW, outDir });
    expect(await findBrokenLinks(outDir, baseUrl)).toEqual([]);
    const home = parseHtml(await readFile(path.join(outDir, "index.html"), "utf8"));
    const internal = findAll(home, (element) => {
      const link = element.attribs.href ?? element.attribs.src ?? element.attribs.action;
      return link !== undefined && !/^(https?:|#)/.test(link);
    }).map((element) => element.attribs.href ?? element.attribs.src ?? element.attribs.action);
    expect(internal.length).toBeGreaterThan(10);
    expect(internal.filter((link) => !link?.startsWith("/blogroll/"))).toEqual([]);
    expect(internal).toEqual(expect.arrayContaining(["/blogroll/opml.xml", "/blogroll/search/"]));
    expect(home.children.some((node) => "attribs" in node && node.attribs["data-base-path"] === "/blogroll/")).toBe(true);
    const search = parseHtml(await readFile(path.join(outDir, "search", "index.html"), "utf8"));
    expect(findAll(search, (element) => element.name === "pagefind-config")[0]?.attribs["bundle-path"]).toBe("/blogroll/pagefind/");
    const rss = await readFile(path.join(outDir, "rss.xml"), "utf8");
    expect(rss).toContain("<link>https://someone.github.io/blogroll/</link>");
    expect(rss).toContain('<atom:link href="https://someone.github.io/blogroll/rss.xml"');
  }, 60_000);
});
