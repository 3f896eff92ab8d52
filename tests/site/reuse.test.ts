import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IncrementalSite, MANIFEST_FILE } from "../../src/site/reuse.ts";
import { tempDir } from "../helpers/temp-dir.ts";

let workspace: { dir: string; remove(): Promise<void> };
let inputsDir: string;
let siteDir: string;

beforeEach(async () => {
  workspace = await tempDir();
  inputsDir = path.join(workspace.dir, "templates");
  siteDir = path.join(workspace.dir, "site");
  await mkdir(inputsDir, { recursive: true });
  await writeFile(path.join(inputsDir, "page.njk"), "template one");
});

afterEach(() => workspace.remove());

/** One render into a fresh folder beside `siteDir`, then that folder becomes the site (as renderSite swaps it). */
async function render(files: Record<string, unknown>): Promise<{ made: string[] }> {
  const workDir = `${siteDir}.next`;
  const site = await IncrementalSite.open(siteDir, workDir, [inputsDir]);
  const made: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    await site.file(file, site.keyOf(source), () => {
      made.push(file);
      return JSON.stringify(source);
    });
  }
  await site.finish();
  await rm(siteDir, { recursive: true, force: true });
  await rename(workDir, siteDir);
  return { made };
}

const inode = async (file: string): Promise<number> => (await stat(path.join(siteDir, file))).ino;

describe("IncrementalSite", () => {
  it("makes a file once, then links it while its source is unchanged", async () => {
    const source = { title: "A feed", items: [{ contentHtml: "<p>Body</p>" }] };
    expect((await render({ "rss.xml": source })).made).toEqual(["rss.xml"]);
    const first = await inode("rss.xml");
    expect((await render({ "rss.xml": source })).made).toEqual([]);
    expect(await inode("rss.xml")).toBe(first);
  });

  it("makes a file again when its source, a post body in it, or the templates change", async () => {
    await render({ "rss.xml": { items: [{ contentHtml: "<p>Body</p>" }] } });
    expect((await render({ "rss.xml": { items: [{ contentHtml: "<p>Edited</p>" }] } })).made).toEqual(["rss.xml"]);
    await writeFile(path.join(inputsDir, "page.njk"), "template two");
    expect((await render({ "rss.xml": { items: [{ contentHtml: "<p>Edited</p>" }] } })).made).toEqual(["rss.xml"]);
    expect(await readFile(path.join(siteDir, "rss.xml"), "utf8")).toContain("Edited");
  });

  it("makes a file again when the previous copy is gone, whatever the manifest says", async () => {
    await render({ "a/feed.json": { n: 1 } });
    await rm(path.join(siteDir, "a", "feed.json"));
    expect((await render({ "a/feed.json": { n: 1 } })).made).toEqual(["a/feed.json"]);
  });

  it("makes everything when the previous site has no manifest or a damaged one", async () => {
    await render({ "one.xml": { n: 1 } });
    await writeFile(path.join(siteDir, MANIFEST_FILE), "{ not json");
    expect((await render({ "one.xml": { n: 1 } })).made).toEqual(["one.xml"]);
  });

  it("keeps the previous copy of a file made again with the same bytes", async () => {
    await render({ "same.txt": { n: 1 } });
    const first = await inode("same.txt");
    await writeFile(path.join(siteDir, MANIFEST_FILE), "{}");
    expect((await render({ "same.txt": { n: 1 } })).made).toEqual(["same.txt"]);
    expect(await inode("same.txt")).toBe(first);
  });

  it("links a whole folder made from an unchanged source", async () => {
    const workDir = `${siteDir}.next`;
    const first = await IncrementalSite.open(siteDir, workDir, [inputsDir]);
    const key = first.keyOf({ records: ["post"] });
    expect(await first.reuse("index/", key)).toBe("none");
    await mkdir(path.join(workDir, "index", "fragments"), { recursive: true });
    await writeFile(path.join(workDir, "index", "fragments", "a.pf"), "fragment");
    first.made("index/", key);
    await first.finish();
    await rename(workDir, siteDir);

    const second = await IncrementalSite.open(siteDir, workDir, [inputsDir]);
    expect(await second.reuse("index/", second.keyOf({ records: ["post"] }))).toBe("linked");
    expect((await stat(path.join(workDir, "index", "fragments", "a.pf"))).ino).toBe(await inode("index/fragments/a.pf"));
  });
});
