// What shapes the site is derived from the program itself, never listed by hand: a copy of Blogroll whose source is
// edited (a file no list of "render inputs" ever named) makes every page again on its next build.
import { execFile } from "node:child_process";
import { cp, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.ts";
import { rssDocument } from "../helpers/rss.ts";

const run = promisify(execFile);
const projectDir = path.resolve(import.meta.dirname, "../..");
let workspace: { dir: string; remove(): Promise<void> };
let copy: string;

async function build(): Promise<string> {
  const args = ["build", "--config", path.join(workspace.dir, "feeds.yaml"), "--data", path.join(workspace.dir, "data"), "--out", path.join(workspace.dir, "site"), "--now", "2024-03-10T12:00:00Z"];
  const { stdout } = await run(process.execPath, [path.join(copy, "bin", "blogroll.js"), ...args]);
  return stdout;
}

beforeAll(async () => {
  workspace = await tempDir();
  copy = path.join(workspace.dir, "blogroll");
  for (const name of ["bin", "src", "templates", "public", ".eleventy.ts", "package.json", "package-lock.json"]) {
    await cp(path.join(projectDir, name), path.join(copy, name), { recursive: true });
  }
  await symlink(path.join(projectDir, "node_modules"), path.join(copy, "node_modules"));
  const posts = Array.from({ length: 3 }, (_, index) => ({ guid: `p${index}`, title: `Post ${index}`, published: new Date(Date.UTC(2024, 2, 10 - index)) }));
  await writeFile(path.join(workspace.dir, "blog.xml"), rssDocument({ title: "Blog", link: "https://blog.example/", posts }));
  await writeFile(path.join(workspace.dir, "feeds.yaml"), "site:\n  baseUrl: https://blogroll.example/\nfeeds:\n  - name: Blog\n    url: ./blog.xml\n");
}, 60_000);

afterAll(() => workspace.remove());

describe("a change to the program", () => {
  it("makes every page again, though the archive and the configuration are unchanged", async () => {
    expect(await build()).toMatch(/Rendered (\d+) pages \(\1 made afresh/);
    expect(await build()).toMatch(/Rendered \d+ pages \(0 made afresh/);

    // The status page's rhythm caption: drawn by a template filter, so no page's view changes with it.
    const pictures = path.join(copy, "src", "site", "pictures.ts");
    const source = await readFile(pictures, "utf8");
    expect(source).toContain("at most ${busiest} in a week");
    await writeFile(pictures, source.replace("at most ${busiest} in a week", "no more than ${busiest} in one week"));

    expect(await build()).toMatch(/Rendered (\d+) pages \(\1 made afresh/);
    expect(await readFile(path.join(workspace.dir, "site", "status", "index.html"), "utf8")).toContain("no more than 3 in one week");
  }, 60_000);
});
