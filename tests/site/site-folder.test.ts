// The published folder as people deploy it: a mount point (a tmpfs here, as a Docker volume or a Kubernetes emptyDir
// would be), a symbolic link, and a render killed at any moment, all through the real `blogroll` binary.
import { spawn } from "node:child_process";
import { lstat, mkdir, readFile, readdir, readlink, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BLOGROLL_BIN, runBinary } from "../helpers/cli-process.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { canMount, mountTmpfs, unmount } from "../helpers/mounts.ts";
import { serveSite } from "../../src/cli/static-server.ts";
import { rssDocument, type TestPost } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const DAY = "2024-05-01";
const at = (time: string) => new Date(`${DAY}T${time}Z`);

let workspace: { dir: string; remove(): Promise<void> };
let loopback: Loopback;
let posts: TestPost[];
let config: string;
let data: string;

function postsOfToday(count: number): TestPost[] {
  return Array.from({ length: count }, (_, index) => ({
    guid: `post-${index}`,
    title: `Post number ${index}`,
    link: `https://ada.example/${index}`,
    published: new Date(at("00:00:00").getTime() + index * 60_000),
    html: `<p>Post ${index} of today.</p>`,
  }));
}

beforeEach(async () => {
  workspace = await tempDir();
  loopback = await startLoopback();
  posts = postsOfToday(30);
  loopback.route("/feed.xml", (_req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(rssDocument({ title: "Ada", link: "https://ada.example/", posts })));
  config = path.join(workspace.dir, "feeds.yaml");
  data = path.join(workspace.dir, "data");
  await writeFile(config, `site:\n  title: Folders\n  itemsPerPage: 5\nfeeds:\n  - name: Ada\n    url: ${loopback.url("/feed.xml")}\n    categories: [Maths]\n`);
});

afterEach(async () => {
  await loopback.close();
  await workspace.remove();
});

async function build(out: string, now: Date): Promise<void> {
  const run = await runBinary(["build", "--config", config, "--data", data, "--out", out, "--now", now.toISOString()]);
  expect(run.code, run.err).toBe(0);
}

async function render(out: string, now: Date): Promise<void> {
  const run = await runBinary(["render", "--config", config, "--data", data, "--out", out, "--now", now.toISOString()]);
  expect(run.code, run.err).toBe(0);
}

/** Every file under `dir`, hidden ones included, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name))).sort();
}

async function siteBytes(dir: string): Promise<Map<string, string>> {
  return new Map(await Promise.all((await filesUnder(dir)).map(async (file) => [file, await readFile(path.join(dir, file), "utf8")] as const)));
}

describe.skipIf(!canMount)("--out as a mount point (a real tmpfs)", () => {
  it("renders into it, again after a new post, and leaves nothing of its own behind", async () => {
    const out = path.join(workspace.dir, "site");
    await mkdir(out);
    mountTmpfs(out, 64 * 1024 * 1024);
    try {
      const device = (await stat(out)).dev;
      await build(out, at("12:00:00"));
      expect(await readFile(path.join(out, "sources", "ada", "index.html"), "utf8")).toContain("Post number 29");
      await writeFile(path.join(out, "stale.html"), "a file the previous site did not make");
      posts = [...posts, { guid: "new", title: "A newer post", link: "https://ada.example/new", published: at("11:00:00") }];
      await build(out, at("13:00:00"));
      expect((await stat(out)).dev).toBe(device);
      expect(await readFile(path.join(out, "index.html"), "utf8")).toContain("A newer post");
      const files = await filesUnder(out);
      expect(files).not.toContain("stale.html");
      expect(files.filter((file) => file.startsWith(".") || file.includes(".tmp-"))).toEqual([]);
      // The same site as a render into a plain folder.
      const plain = path.join(workspace.dir, "plain");
      await render(plain, at("13:00:00"));
      expect(await siteBytes(out)).toEqual(await siteBytes(plain));
    } finally {
      unmount(out);
    }
  }, 120_000);
});

describe("the hidden folder a render builds in inside a mount point", () => {
  it("is never served by blogroll serve", async () => {
    const out = path.join(workspace.dir, "site");
    await mkdir(path.join(out, ".blogroll-next", "sources"), { recursive: true });
    await writeFile(path.join(out, "index.html"), "<p>the site</p>");
    await writeFile(path.join(out, ".blogroll-next", "index.html"), "<p>half built</p>");
    await writeFile(path.join(out, ".blogroll-next", "sources", "index.html"), "<p>half built</p>");
    const server = await serveSite(out, { port: 0, host: "127.0.0.1" });
    try {
      expect((await fetch(server.url)).status).toBe(200);
      for (const file of [".blogroll-next/", ".blogroll-next/index.html", ".blogroll-next/sources/"]) expect((await fetch(new URL(file, server.url))).status, file).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe("--out as a symbolic link", () => {
  it("writes the link's target on every render and keeps the link", async () => {
    const target = path.join(workspace.dir, "releases", "current");
    await mkdir(path.dirname(target), { recursive: true });
    const out = path.join(workspace.dir, "site");
    await symlink(target, out);
    await build(out, at("12:00:00"));
    expect((await lstat(out)).isSymbolicLink()).toBe(true);
    expect(await readlink(out)).toBe(target);
    expect(await readFile(path.join(target, "index.html"), "utf8")).toContain("Post number 29");
    posts = [...posts, { guid: "new", title: "A newer post", link: "https://ada.example/new", published: at("11:00:00") }];
    await build(out, at("13:00:00"));
    expect((await lstat(out)).isSymbolicLink()).toBe(true);
    expect(await readFile(path.join(target, "index.html"), "utf8")).toContain("A newer post");
    expect((await readdir(workspace.dir)).sort()).toEqual(["data", "feeds.yaml", "releases", "site"]);
    expect(await readdir(path.dirname(target))).toEqual(["current"]);
  }, 120_000);
});

describe("a render killed while it refreshes pages in place", () => {
  it("never leaves a temporary file inside the published site, and the next render puts everything right", async () => {
    posts = postsOfToday(400);
    // Two posts a page: some 600 pages, each with a stamp to move, so a kill lands in the middle of the refresh.
    await writeFile(config, (await readFile(config, "utf8")).replace("itemsPerPage: 5", "itemsPerPage: 2"));
    const out = path.join(workspace.dir, "site");
    await build(out, at("12:00:00"));
    const kills = 16;
    for (let kill = 0; kill < kills; kill++) {
      // Each later render finds the content unchanged and rewrites the moved stamps of every page in place.
      const child = spawn(process.execPath, [BLOGROLL_BIN, "render", "--config", config, "--data", data, "--out", out, "--now", at(`12:${String(kill + 1).padStart(2, "0")}:00`).toISOString()]);
      const exited = new Promise<void>((done) => child.on("close", () => done()));
      // From before the refresh starts to after it ends (a render here takes one to three seconds under load).
      await new Promise((wait) => setTimeout(wait, 500 + kill * 160));
      child.kill("SIGKILL");
      await exited;
      const leftovers = (await filesUnder(out)).filter((file) => file.includes(".tmp-") || path.basename(file).startsWith("."));
      expect(leftovers, `after kill ${kill + 1}`).toEqual([]);
      expect(await readFile(path.join(out, "index.html"), "utf8")).toContain("Post number 399");
    }
    const final = at("12:30:00");
    await render(out, final);
    const fresh = path.join(workspace.dir, "fresh");
    await render(fresh, final);
    expect(await siteBytes(out)).toEqual(await siteBytes(fresh));
    expect((await readdir(workspace.dir)).sort()).toEqual(["data", "feeds.yaml", "fresh", "site"]);
  }, 300_000);
});
