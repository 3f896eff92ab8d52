import { mkdtemp, readdir, writeFile, mkdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFeedArchive, writeFeedItems, writeFeedState } from "../../src/archive/store.ts";
import { newFeedState } from "../../src/archive/feed-state.ts";
import { makeItem } from "./items.ts";

describe("archive store", () => {
  it("reads back what it wrote, and null for a feed never archived", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-store-"));
    expect(await readFeedArchive(dir, "example", "https://example.org/feed")).toEqual({ ok: true, archive: null });
    const state = { ...newFeedState("https://example.org/feed"), etag: '"v1"' };
    await writeFeedItems(dir, "example", [makeItem({ id: "a" })]);
    await writeFeedState(dir, "example", state);
    const read = await readFeedArchive(dir, "example", "https://example.org/feed");
    expect(read).toEqual({ ok: true, archive: { state, items: [makeItem({ id: "a" })] } });
  });

  it("leaves no temporary files behind", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-store-"));
    await writeFeedItems(dir, "example", [makeItem({ id: "a" })]);
    expect(await readdir(join(dir, "items"))).toEqual(["example.json"]);
  });

  it("reports a damaged archive file as an error and does not touch it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-store-"));
    await mkdir(join(dir, "items"), { recursive: true });
    await writeFile(join(dir, "items", "example.json"), "{ not json");
    const read = await readFeedArchive(dir, "example", "https://example.org/feed");
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error.kind).toBe("archive_failed");
      expect(read.error.message).toContain("items/example.json");
    }
    expect(await readFile(join(dir, "items", "example.json"), "utf8")).toBe("{ not json");
  });
});
