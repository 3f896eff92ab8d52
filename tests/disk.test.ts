// The shared file-system rules (src/disk.ts) on real files: a real tmpfs mount gives the cross-device case (EXDEV).
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  isMissing,
  isTemporaryName,
  linkOrCopy,
  linkTree,
  removeTemporaryFiles,
  replaceWithCopy,
  temporaryPath,
  unlessMissing,
  writeFileAtomic,
} from "../src/disk.ts";
import { canMount, mountTmpfs, unmount } from "./helpers/mounts.ts";
import { tempDir } from "./helpers/temp-dir.ts";

let workspace: { dir: string; remove(): Promise<void> };
beforeEach(async () => {
  workspace = await tempDir("blogroll-disk-");
});
afterEach(async () => {
  await workspace.remove();
});

async function failure(pending: Promise<unknown>): Promise<unknown> {
  return pending.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );
}

describe("a missing file", () => {
  it("is a path that does not exist (ENOENT), or one under a file (ENOTDIR), and nothing else", async () => {
    const file = path.join(workspace.dir, "file");
    await writeFile(file, "x");
    expect(isMissing(await failure(readFile(path.join(workspace.dir, "absent"))))).toBe(true);
    expect(isMissing(await failure(readFile(path.join(file, "below"))))).toBe(true);
    // A folder read as a file is there: EISDIR is a failure, not absence.
    expect(isMissing(await failure(readFile(workspace.dir)))).toBe(false);
    expect(await unlessMissing(readFile(path.join(workspace.dir, "absent"), "utf8"), null)).toBeNull();
    expect(await unlessMissing(readFile(file, "utf8"), null)).toBe("x");
    await expect(unlessMissing(readFile(workspace.dir), null)).rejects.toMatchObject({ code: "EISDIR" });
  });
});

describe("an atomic replace", () => {
  it("writes the new content through a temporary name beside the target, and leaves nothing else", async () => {
    const file = path.join(workspace.dir, "items.json");
    await writeFile(file, "old");
    await writeFileAtomic(file, "new", { durable: true });
    await writeFileAtomic(path.join(workspace.dir, "fresh.json"), Buffer.from("bytes"), { durable: false });
    expect(await readFile(file, "utf8")).toBe("new");
    expect((await readdir(workspace.dir)).sort()).toEqual(["fresh.json", "items.json"]);
  });

  it("that fails keeps the target as it was and removes its temporary file", async () => {
    // A non-empty folder cannot be renamed over: the write itself succeeds, the rename fails.
    const target = path.join(workspace.dir, "busy");
    await mkdir(target);
    await writeFile(path.join(target, "inside"), "kept");
    await expect(writeFileAtomic(target, "new", { durable: true })).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) });
    expect(await readdir(workspace.dir)).toEqual(["busy"]);
    expect(await readFile(path.join(target, "inside"), "utf8")).toBe("kept");
  });
});

describe("temporary names", () => {
  it("are `.{name}.tmp-{pid}` in the target's folder, told apart from every other name", () => {
    const temporary = temporaryPath(path.join(workspace.dir, "feeds.yaml"));
    expect(temporary).toBe(path.join(workspace.dir, `.feeds.yaml.tmp-${process.pid}`));
    expect(isTemporaryName(path.basename(temporary))).toBe(true);
    expect(isTemporaryName(path.basename(temporary), "feeds.yaml")).toBe(true);
    expect(isTemporaryName(path.basename(temporary), "site")).toBe(false);
    for (const name of ["feeds.yaml", "feeds.yaml.tmp-12", ".feeds.yaml.tmp-", ".feeds.yaml.tmp-12x", ".feeds.prev.json"]) {
      expect(isTemporaryName(name), name).toBe(false);
    }
  });

  it("left by dead runs are removed by clean-up, and nothing else is", async () => {
    const leftovers = [".feed.json.tmp-4242", ".feed.prev.json.tmp-1"];
    const kept = ["feed.json", "feed.prev.json", ".hidden", "notes.tmp-3"];
    await Promise.all([...leftovers, ...kept].map((name) => writeFile(path.join(workspace.dir, name), "x")));
    expect(await removeTemporaryFiles(workspace.dir)).toBe(2);
    expect((await readdir(workspace.dir)).sort()).toEqual([...kept].sort());
    expect(await removeTemporaryFiles(path.join(workspace.dir, "absent"))).toBe(0);
  });
});

describe("link-or-copy", () => {
  it("makes a hard link on one file system: the same file, no bytes copied", async () => {
    const from = path.join(workspace.dir, "page.html");
    await writeFile(from, "page");
    await linkOrCopy(from, path.join(workspace.dir, "linked.html"));
    expect((await stat(path.join(workspace.dir, "linked.html"))).ino).toBe((await stat(from)).ino);
    expect((await stat(from)).nlink).toBe(2);
  });

  it("throws every error that is not 'no hard links here', never copying over it", async () => {
    const from = path.join(workspace.dir, "page.html");
    const taken = path.join(workspace.dir, "taken.html");
    await writeFile(from, "new");
    await writeFile(taken, "someone else's");
    await expect(linkOrCopy(from, taken)).rejects.toMatchObject({ code: "EEXIST" });
    expect(await readFile(taken, "utf8")).toBe("someone else's");
    await expect(linkOrCopy(path.join(workspace.dir, "absent"), path.join(workspace.dir, "to"))).rejects.toMatchObject({ code: "ENOENT" });
    expect((await readdir(workspace.dir)).sort()).toEqual(["page.html", "taken.html"]);
  });

  it("links a whole tree, making the folders on the way", async () => {
    const from = path.join(workspace.dir, "from");
    await mkdir(path.join(from, "a", "b"), { recursive: true });
    await writeFile(path.join(from, "top"), "1");
    await writeFile(path.join(from, "a", "b", "deep"), "2");
    await linkTree(from, path.join(workspace.dir, "to"));
    expect((await stat(path.join(workspace.dir, "to", "a", "b", "deep"))).ino).toBe((await stat(path.join(from, "a", "b", "deep"))).ino);
    expect(await readFile(path.join(workspace.dir, "to", "top"), "utf8")).toBe("1");
  });

  it("replaces a file whole, sharing it (a link) or not (a copy that outlives the source's damage)", async () => {
    const source = path.join(workspace.dir, "feed.json");
    await writeFile(source, "posts");
    await replaceWithCopy(source, path.join(workspace.dir, "feed.prev.json"), { shared: true });
    await replaceWithCopy(source, path.join(workspace.dir, "feed.damaged.json"), { shared: false });
    expect((await stat(path.join(workspace.dir, "feed.prev.json"))).ino).toBe((await stat(source)).ino);
    expect((await stat(path.join(workspace.dir, "feed.damaged.json"))).ino).not.toBe((await stat(source)).ino);
    expect(await readFile(path.join(workspace.dir, "feed.damaged.json"), "utf8")).toBe("posts");
    expect((await readdir(workspace.dir)).sort()).toEqual(["feed.damaged.json", "feed.json", "feed.prev.json"]);
  });

  describe.skipIf(!canMount)("across file systems (a real tmpfs mount: link fails with EXDEV)", () => {
    let mounted: string;
    beforeEach(async () => {
      mounted = path.join(workspace.dir, "tmpfs");
      await mkdir(mounted);
      mountTmpfs(mounted, 1024 * 1024);
    });
    afterEach(() => {
      unmount(mounted);
    });

    it("copies, since a link cannot cross: the same bytes in a file of its own", async () => {
      const from = path.join(workspace.dir, "page.html");
      await writeFile(from, "page");
      const to = path.join(mounted, "page.html");
      await linkOrCopy(from, to);
      expect(await readFile(to, "utf8")).toBe("page");
      expect((await stat(to)).dev).not.toBe((await stat(from)).dev);
      expect((await stat(from)).nlink).toBe(1);
    });
  });
});
