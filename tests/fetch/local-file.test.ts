import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { fetchFeed } from "../../src/fetch/fetch-feed.ts";
import { NOW, failedOf, fetchedOf, testSettings } from "./settings.ts";

const FEED = "<rss version='2.0'><channel><title>on disk</title></channel></rss>";
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "blogroll-local-"));
  await writeFile(join(dir, "feed.xml"), FEED);
  await writeFile(join(dir, "empty.xml"), "");
  await writeFile(join(dir, "big.xml"), Buffer.alloc(4096, 0x61));
});

function get(url: string, maxBodyBytes = 1024 * 1024) {
  return fetchFeed({ url, etag: null, lastModified: null }, testSettings({ maxBodyBytes }), NOW);
}

describe("local feed files", () => {
  it("reads a file by path and reports it as a file:// URL", async () => {
    const path = join(dir, "feed.xml");
    const fetched = fetchedOf(await get(path));
    expect(fetched).toMatchObject({ status: 200, url: pathToFileURL(path).href, permanentRedirect: null, etag: null, lastModified: null });
    expect(fetched.body.toString()).toBe(FEED);
  });

  it("reads a file:// URL", async () => {
    expect(fetchedOf(await get(pathToFileURL(join(dir, "feed.xml")).href)).body.toString()).toBe(FEED);
  });

  it("names a missing file with its path", async () => {
    const path = join(dir, "missing.xml");
    const failure = failedOf(await get(path));
    expect(failure).toMatchObject({ status: null, error: { kind: "file_not_found" } });
    expect(failure.error.message).toContain(path);
  });

  it("reports a folder as a file it cannot read", async () => {
    expect(failedOf(await get(dir)).error.kind).toBe("file_not_found");
  });

  it("applies the same size cap", async () => {
    expect(failedOf(await get(join(dir, "big.xml"), 1000)).error.kind).toBe("body_too_large");
  });

  it("reports an empty file as empty_body", async () => {
    expect(failedOf(await get(join(dir, "empty.xml"))).error.kind).toBe("empty_body");
  });
});
