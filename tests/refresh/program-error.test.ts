// A failure of Blogroll's own code inside one feed's refresh is told as a bug, not as that feed's network or disk
// problem, and the run goes on with the other feeds. No feed or file makes our code throw a TypeError on purpose, so
// the real binary is run with its test hook (BLOGROLL_TEST_PROGRAM_ERROR_IN), which fails one feed's refresh as a
// bug would (reading a property of null).
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { runBinary } from "../helpers/cli-process.ts";
import { startLoopback } from "../helpers/loopback.ts";
import { rssDocument } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";

describe("a program error inside one feed's refresh", () => {
  it("is logged as a bug in Blogroll (its stack under --verbose), never as the disk's or the network's, and the other feeds are refreshed", async () => {
    const feed = (title: string) => rssDocument({ title, link: "https://feed.example/", posts: [{ guid: `${title}-1`, title: `${title} post`, published: new Date("2024-03-01T00:00:00Z") }] });
    const server = await startLoopback({
      "/good.xml": (req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(feed("Good")),
      "/buggy.xml": (req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(feed("Buggy")),
    });
    onTestFinished(() => server.close());
    const { dir, remove } = await tempDir("blogroll-program-error-");
    onTestFinished(remove);
    const config = join(dir, "feeds.yaml");
    const data = join(dir, "data");
    await mkdir(data);
    await writeFile(config, `feeds:\n  - name: Good\n    url: ${server.url("/good.xml")}\n  - name: Buggy\n    url: ${server.url("/buggy.xml")}\n`);
    const fetch = (...extra: string[]) => runBinary(["fetch", "--config", config, "--data", data, "--now", "2024-03-02T00:00:00Z", ...extra]);

    // Without the hook both feeds are archived: the failure below is the hook's, not the feed's.
    const clean = await fetch();
    expect(clean.code, clean.err).toBe(0);
    const buggyState = await readFile(join(data, "state", "buggy.json"), "utf8");

    process.env.BLOGROLL_TEST_PROGRAM_ERROR_IN = "buggy";
    onTestFinished(() => void delete process.env.BLOGROLL_TEST_PROGRAM_ERROR_IN);
    const quiet = await fetch();
    const verbose = await fetch("--verbose");

    for (const run of [quiet, verbose]) {
      expect(run.err).toContain("Blogroll failed while refreshing Buggy: TypeError: Cannot read properties of null");
      expect(run.err).toContain("This is a bug in Blogroll, not a problem with the feed");
      expect(run.err).not.toMatch(/the disk|not writable|could not be written|data folder|network/i);
      expect(run.err).not.toContain("Good");
      // The run was not stopped: it ends as a run with one failed feed does.
      expect(run.code).toBe(0);
      expect(run.out).toContain("2 feeds: 0 new posts, 0 updated, 1 failed.");
    }
    expect(quiet.err).not.toContain("at refreshOne");
    // The stack, a line of its own per frame, naming where in our code it failed.
    expect(verbose.err).toMatch(/\n\s+at refreshOne \(.*src\/refresh\/refresh-all\.ts:\d+:\d+\)/);

    const json = await fetch("--json");
    const reports = json.out.split("\n").map((line) => JSON.parse(line) as { name: string; outcome: string; error: { kind: string } | null });
    // One line per feed as each finishes: in either order.
    expect(reports.map((report) => [report.name, report.outcome, report.error?.kind ?? null]).sort()).toEqual([
      ["Buggy", "failed", "program_error"],
      ["Good", "unchanged", null],
    ]);
    // The feed's archive is left as it was: no failure recorded against the feed, no temporary file.
    expect(await readFile(join(data, "state", "buggy.json"), "utf8")).toBe(buggyState);
    expect((await readdir(join(data, "state"))).filter((name) => name.includes(".tmp-"))).toEqual([]);
  }, 60_000);
});
