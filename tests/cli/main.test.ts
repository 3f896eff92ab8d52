import { spawn } from "node:child_process";
import { mkdtemp, writeFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { rssDocument } from "../helpers/rss.ts";
import { BLOGROLL_BIN } from "../helpers/cli-process.ts";

async function localFeed(): Promise<{ dir: string; file: string; config: string }> {
  const dir = await mkdtemp(join(tmpdir(), "blogroll-cli-"));
  const file = join(dir, "feed.xml");
  await writeFile(
    file,
    rssDocument({
      title: "Notes",
      link: "https://notes.example/",
      posts: [
        { guid: "a", title: "Fish &amp; chips", published: new Date("2019-02-20T10:00:00Z"), html: '<p onclick="x()">Hi <a href="/rel">there</a></p>' },
        { guid: "b", title: "Second", published: new Date("2019-02-19T10:00:00Z") },
      ],
    }),
  );
  const config = join(dir, "feeds.yaml");
  await writeFile(config, `feeds:\n  - name: Notes\n    url: ./feed.xml\n    categories: [Food]\n`);
  return { dir, file, config };
}

describe("blogroll inspect", () => {
  it("prints a feed's normalised, sanitised items as JSON and stores nothing", async () => {
    const { dir, file, config } = await localFeed();
    const run = await runCli(["inspect", file, "--json", "--config", config, "--now", "2019-02-21T00:00:00Z"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out) as { meta: { title: string }; items: { title: string; contentHtml: string }[] };
    expect(result.meta.title).toBe("Notes");
    expect(result.items.map((item) => item.title)).toEqual(["Fish & chips", "Second"]);
    expect(result.items[0]?.contentHtml).not.toContain("onclick");
    expect(result.items[0]?.contentHtml).toContain('href="https://notes.example/rel"');
    expect(await readdir(dir)).toEqual(["feed.xml", "feeds.yaml"]);
  });

  it("reads only the newest site.maxItemsPerFeed items, as a fetch would, and says how many it left", async () => {
    const { file, config } = await localFeed();
    await writeFile(config, `site:\n  maxItemsPerFeed: 1\nfeeds: []\n`);
    const json = JSON.parse((await runCli(["inspect", file, "--json", "--config", config, "--now", "2019-02-21T00:00:00Z"])).out) as { unread: number; items: { title: string }[] };
    expect(json.items.map((item) => item.title)).toEqual(["Fish & chips"]);
    expect(json.unread).toBe(1);
    const text = await runCli(["inspect", file, "--config", config, "--now", "2019-02-21T00:00:00Z"]);
    expect(text.out).toContain("1 items (the newest; 1 older ones were not read, past site.maxItemsPerFeed):");
  });

  it("says plainly why a feed cannot be read", async () => {
    const { dir, config } = await localFeed();
    const run = await runCli(["inspect", join(dir, "missing.xml"), "--config", config]);
    expect(run.code).toBe(1);
    expect(run.err).toContain("missing.xml");
  });
});

describe("blogroll status", () => {
  it("says never for a feed not yet fetched, then counts what a fetch archived", async () => {
    const { dir, config } = await localFeed();
    const data = join(dir, "data");
    const before = await runCli(["status", "--config", config, "--data", data]);
    expect(before.out).toContain("last checked: never");
    await runCli(["fetch", "--config", config, "--data", data, "--now", "2019-02-21T00:00:00Z"]);
    const after = await runCli(["status", "--config", config, "--data", data]);
    expect(after.out).toContain("items archived: 2");
    expect(after.out).toContain("last checked: 2019-02-21 00:00 +00:00");
  });
});

describe("a render without an archive", () => {
  it("exits 2 and says where the archive was looked for", async () => {
    const run = await runCli(["render", "--config", "demo/feeds.yaml", "--data", "no-such-archive-folder"]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/There is no archive at no-such-archive-folder/);
  });
});

describe("a reader that goes away", () => {
  it("`blogroll build | head -1`: output ends quietly, the run finishes (exit 0) and leaves no lock", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-epipe-"));
    const feeds = Array.from({ length: 5 }, (_, index) => `  - name: Feed ${index}\n    url: ./feed-${index}.xml`);
    for (let index = 0; index < 5; index++) {
      await writeFile(join(dir, `feed-${index}.xml`), rssDocument({ title: `Feed ${index}`, link: `https://f${index}.example/`, posts: [{ guid: `p${index}`, title: `P${index}`, published: new Date("2024-01-01T00:00:00Z") }] }));
    }
    await writeFile(join(dir, "feeds.yaml"), `feeds:\n${feeds.join("\n")}\n`);
    const child = spawn(process.execPath, [BLOGROLL_BIN, "build", "--config", join(dir, "feeds.yaml"), "--data", join(dir, "data"), "--out", join(dir, "out")], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    // As `head -1` does: read the first line, then close the pipe.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(err).not.toMatch(/EPIPE|at .*\.ts:\d+/);
    expect(code).toBe(0);
    expect(await readdir(join(dir, "data"))).not.toContain(".lock");
    expect(await readdir(join(dir, "out"))).toContain("index.html");
  }, 60_000);
});
