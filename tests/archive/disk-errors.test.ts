// When the disk refuses the archive: a full disk, a read-only data folder, and what a killed run leaves behind.
// Real file systems where the machine allows mounting them (see tests/helpers/mounts.ts).
import { spawn, spawnSync } from "node:child_process";
import { statfsSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { linkOrCopy, linkTree } from "../../src/disk.ts";
import { runCli, type CliRun } from "../helpers/cli.ts";
import { startLoopback } from "../helpers/loopback.ts";
import { canMount, makeReadOnly, mountTmpfs, unmount } from "../helpers/mounts.ts";
import { rssDocument, type TestPost } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const HOUR = 3_600_000;
const start = Date.parse("2024-03-01T00:00:00Z");

function posts(count: number): TestPost[] {
  return Array.from({ length: count }, (_, index) => ({
    guid: `post-${index}`,
    title: `Post ${index}`,
    published: new Date(start - index * HOUR),
    html: `<p>${"A paragraph of the post, long enough to take some room on the disk. ".repeat(15)}</p>`,
  }));
}

interface Space {
  dir: string;
  data: string;
  setPosts(count: number): void;
  run(command: string, hour: number): Promise<CliRun>;
}

async function space(): Promise<Space> {
  let count = 5;
  const server = await startLoopback({
    "/feed.xml": (req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(rssDocument({ title: "Feed", link: "https://feed.example/", posts: posts(count) })),
  });
  onTestFinished(() => server.close());
  const { dir, remove } = await tempDir("blogroll-disk-");
  onTestFinished(remove);
  const config = join(dir, "feeds.yaml");
  const data = join(dir, "data");
  await mkdir(data);
  await writeFile(config, `feeds:\n  - name: Feed\n    url: ${server.url("/feed.xml")}\n`);
  return {
    dir,
    data,
    setPosts: (next) => void (count = next),
    // Each command takes its own options: `fetch` no site folder, `status` neither that nor a clock.
    run: (command, hour) =>
      runCli([
        command, "--config", config, "--data", data,
        ...(command === "build" || command === "render" ? ["--out", join(dir, "out")] : []),
        ...(command === "status" ? [] : ["--now", new Date(start + hour * HOUR).toISOString()]),
      ]),
  };
}

async function archivedIds(data: string): Promise<string[]> {
  return (JSON.parse(await readFile(join(data, "items", "feed.json"), "utf8")) as { items: { id: string }[] }).items.map((item) => item.id);
}

async function temporaryFiles(data: string): Promise<string[]> {
  return (await readdir(data, { recursive: true })).filter((name) => /\.tmp-\d+$/.test(name));
}

describe("temporary files", () => {
  it("left by a killed run are removed by the next run, under its lock, which says so", async () => {
    const feed = await space();
    expect((await feed.run("fetch", 0)).code).toBe(0);
    const leftovers = [join("items", ".feed.json.tmp-4242"), join("items", ".feed.prev.json.tmp-4243"), join("state", ".feed.json.tmp-4242")];
    for (const name of leftovers) await writeFile(join(feed.data, name), "half a fi");
    const run = await feed.run("fetch", 1);
    expect(run.code).toBe(0);
    expect(run.err).toContain("Removed 3 temporary files that an interrupted run or a full disk left in");
    expect(await temporaryFiles(feed.data)).toEqual([]);
  });
});

describe.skipIf(!canMount)("a full disk (a real tmpfs)", () => {
  it("fails the run with one sentence and exit 4, leaves no partial file, loses nothing, and recovers once there is room", async () => {
    const feed = await space();
    mountTmpfs(feed.data, 256 * 1024);
    onTestFinished(() => unmount(feed.data));
    expect((await feed.run("fetch", 0)).code).toBe(0);
    expect(await archivedIds(feed.data)).toHaveLength(5);

    // Fill the disk but for two pages: enough for the lock, not for the feed's grown items file.
    const { bavail, bsize } = statfsSync(feed.data);
    await writeFile(join(feed.data, "filler"), Buffer.alloc(bavail * bsize - 8 * 1024));
    feed.setPosts(60);
    for (const hour of [1, 2]) {
      const run = await feed.run("build", hour);
      expect(run.code).toBe(4);
      const sentences = run.err.split("\n");
      expect(sentences[0]).toMatch(/^The disk that holds the data folder .* is full, so the archive could not be written\. Free some space on it, then run again/);
      expect(sentences[1]).toBe("The run stopped: 1 of 1 feeds were not brought up to date, and the site was not rendered.");
      expect(run.err).not.toMatch(/\n\s+at /);
      // Each run leaves nothing behind: no partial file more per run.
      expect(await temporaryFiles(feed.data)).toEqual([]);
      expect(await archivedIds(feed.data)).toHaveLength(5);
    }

    await rm(join(feed.data, "filler"));
    const recovered = await feed.run("fetch", 3);
    expect(recovered.code, recovered.err).toBe(0);
    expect(await archivedIds(feed.data)).toHaveLength(60);
  }, 60_000);
});

describe.skipIf(!canMount)("a read-only data folder (a real read-only bind mount)", () => {
  it("gives one sentence saying what and how to fix, not a stack trace; status still reads it", async () => {
    const feed = await space();
    expect((await feed.run("fetch", 0)).code).toBe(0);
    makeReadOnly(feed.data);
    onTestFinished(() => unmount(feed.data));

    for (const command of ["fetch", "build"]) {
      const run = await feed.run(command, 1);
      expect(run.code).toBe(4);
      expect(run.err).toMatch(/^The data folder .*data is on a read-only file system, so the archive cannot be written\. Mount it read-write, or give a writable folder with --data\.$/);
    }
    const status = await feed.run("status", 1);
    expect(status.code).toBe(0);
    expect(status.out).toContain("items archived: 5");
  });
});

/** The user the CLI runs as in the next test: not root, so the permission bits hold for it. */
const NOBODY = { uid: 65534, gid: 65534 };

/** Whether nobody may read `file` (`-r`) or run it (`-x`), asked of the system as that user, every folder above it included. */
function nobodyMay(test: "-r" | "-x", file: string): boolean {
  return spawnSync("test", [test, file], NOBODY).status === 0;
}

const REPO = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The node binary and the CLI as nobody can run them: where they are, when it can reach them; otherwise linked (or
 * copied, across file systems) into a world-readable folder of their own, since the checkout may sit in a folder
 * only its owner may enter (a clone inside a mode-700 `mktemp -d`). Null, with the reason, when even that is out of
 * its reach.
 */
async function cliNobodyCanRun(): Promise<{ node: string; cli: string } | { reason: string }> {
  const here = { node: process.execPath, cli: join(REPO, "bin", "blogroll.js") };
  if (nobodyMay("-x", here.node) && nobodyMay("-r", here.cli)) return here;
  const { dir, remove } = await tempDir("blogroll-as-nobody-");
  onTestFinished(remove);
  await chmod(dir, 0o755);
  // What the program is made of: its code, the assets and templates it imports or reads, its packages.
  for (const folder of ["bin", "src", "public", "templates", "node_modules"]) await linkTree(join(REPO, folder), join(dir, folder));
  for (const file of ["package.json", ".eleventy.ts"]) await linkOrCopy(join(REPO, file), join(dir, file));
  const node = join(dir, "node");
  await linkOrCopy(process.execPath, node);
  const staged = { node, cli: join(dir, "bin", "blogroll.js") };
  if (nobodyMay("-x", staged.node) && nobodyMay("-r", staged.cli)) return staged;
  return { reason: `nobody (uid 65534) can reach neither ${here.cli} nor a copy in ${dir} (files not world-readable?)` };
}

describe.skipIf(process.getuid?.() !== 0)("a data folder this user may not write (the CLI run as nobody)", () => {
  it("gives one sentence saying what and how to fix, and exit 4", async (context) => {
    const feed = await space();
    expect((await feed.run("fetch", 0)).code).toBe(0);
    // Root reads and writes whatever the permission bits say, so the run is another user's, in a real process.
    await chmod(feed.dir, 0o755);
    if (!nobodyMay("-r", join(feed.dir, "feeds.yaml"))) context.skip(`nobody cannot reach the temporary folder ${feed.dir}`);
    const runnable = await cliNobodyCanRun();
    if ("reason" in runnable) return context.skip(runnable.reason);
    const child = spawn(runnable.node, [runnable.cli, "fetch", "--config", join(feed.dir, "feeds.yaml"), "--data", feed.data], NOBODY);
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => void (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", resolve);
    });
    expect(code, err).toBe(4);
    expect(err.trim()).toMatch(/^The data folder .*data is not writable by this user, so the archive cannot be written\. Give the user running Blogroll write access to it \(and to the files in it\), or give another folder with --data\.$/);
  }, 60_000);
});
