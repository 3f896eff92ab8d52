import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir, hostname } from "node:os";
import { join } from "node:path";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startLoopback } from "../helpers/loopback.ts";
import { rssDocument } from "../helpers/rss.ts";
import { acquireLock } from "../../src/archive/lock.ts";

const now = new Date("2019-02-21T12:00:00Z");

describe("acquireLock", () => {
  it("refuses a second run while the first holds the lock, with a message naming the holder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-lock-"));
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      await writeFile(join(dir, ".lock"), JSON.stringify({ pid: holder.pid, host: hostname(), since: now.toISOString() }));
      const second = await acquireLock(dir, now);
      expect(second.ok).toBe(false);
      if (!second.ok) expect(second.message).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("recovers a stale lock left by a killed run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-lock-"));
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => dead.on("exit", resolve));
    await writeFile(join(dir, ".lock"), JSON.stringify({ pid: dead.pid, host: hostname(), since: now.toISOString() }));
    const taken = await acquireLock(dir, now);
    expect(taken.ok).toBe(true);
    expect(JSON.parse(await readFile(join(dir, ".lock"), "utf8")).pid).toBe(process.pid);
    if (taken.ok) await taken.lock.release();
  });

  it("releases so that the next run can take it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-lock-"));
    const first = await acquireLock(dir, now);
    expect(first.ok).toBe(true);
    if (first.ok) await first.lock.release();
    const second = await acquireLock(dir, now);
    expect(second.ok).toBe(true);
    if (second.ok) await second.lock.release();
  });
});

// ---------------------------------------------------------------- runs that start together against a stale lock

const lockModule = new URL("../../src/archive/lock.ts", import.meta.url).href;

/** A process that loads the lock, says "ready", takes the lock on "go", prints the result, and holds it until its stdin ends. */
const CONTENDER = `
import { createInterface } from "node:readline";
const { acquireLock } = await import(${JSON.stringify(lockModule)});
const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\\n");
for await (const line of lines) {
  if (line !== "go") continue;
  const result = await acquireLock(process.argv[1], new Date());
  process.stdout.write(JSON.stringify(result.ok ? { ok: true } : { ok: false, reason: result.reason }) + "\\n");
  if (!result.ok) process.exit(0);
}
`;

interface Contender {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  nextLine(): Promise<string>;
}

function contender(dir: string): Contender {
  const child = spawn(process.execPath, ["--input-type=module", "-e", CONTENDER, dir]);
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      const resolve = waiting.shift();
      if (resolve) resolve(line);
      else lines.push(line);
    }
  });
  return { child, lines, nextLine: () => (lines.length > 0 ? Promise.resolve(lines.shift() ?? "") : new Promise((resolve) => waiting.push(resolve))) };
}

async function deadPid(): Promise<number> {
  const dead = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => dead.on("exit", resolve));
  return dead.pid ?? 0;
}

describe("runs that start together against a stale lock", () => {
  it("let exactly one of ten proceed, trial after trial", async () => {
    for (let trial = 0; trial < 3; trial++) {
      const dir = await mkdtemp(join(tmpdir(), "blogroll-lock-race-"));
      await writeFile(join(dir, ".lock"), JSON.stringify({ pid: await deadPid(), host: hostname(), since: now.toISOString() }));
      const contenders = Array.from({ length: 10 }, () => contender(dir));
      try {
        await Promise.all(contenders.map(async (each) => expect(await each.nextLine()).toBe("ready")));
        for (const each of contenders) each.child.stdin.write("go\n");
        const results = await Promise.all(contenders.map(async (each) => JSON.parse(await each.nextLine()) as { ok: boolean; reason?: string }));
        expect(results.filter((result) => result.ok), `trial ${trial}`).toHaveLength(1);
        expect(results.filter((result) => !result.ok).every((result) => result.reason === "held")).toBe(true);
        // Nothing of the takeover is left behind but the winner's lock.
        expect((await readdir(dir)).sort()).toEqual([".lock"]);
      } finally {
        for (const each of contenders) each.child.kill("SIGKILL");
      }
    }
  }, 120_000);

  it("through the CLI: of five fetches started together, one runs and four stop with exit 3", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = await startLoopback({
      // The winner's poll waits here, holding the lock, until every other run has ended.
      "/feed.xml": async (req, res) => {
        await held;
        res.writeHead(200, { "content-type": "application/rss+xml" }).end(rssDocument({ title: "Feed", link: "https://feed.example/", posts: [] }));
      },
    });
    const dir = await mkdtemp(join(tmpdir(), "blogroll-lock-cli-"));
    try {
      const config = join(dir, "feeds.yaml");
      await writeFile(config, `feeds:\n  - name: Feed\n    url: ${server.url("/feed.xml")}\n`);
      await mkdir(join(dir, "data"));
      await writeFile(join(dir, "data", ".lock"), JSON.stringify({ pid: await deadPid(), host: hostname(), since: now.toISOString() }));
      const cli = fileURLToPath(new URL("../../bin/blogroll.js", import.meta.url));
      const ended: (number | null)[] = [];
      const runs = Array.from({ length: 5 }, () => {
        const child = spawn(process.execPath, [cli, "fetch", "--config", config, "--data", join(dir, "data")], { stdio: "ignore" });
        return new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)).on("close", (code) => void ended.push(code)));
      });
      // Four stop at once; the fifth waits on the server while it holds the lock.
      await expect.poll(() => ended.length, { timeout: 30_000 }).toBe(4);
      expect(ended).toEqual([3, 3, 3, 3]);
      release();
      expect((await Promise.all(runs)).sort()).toEqual([0, 3, 3, 3, 3]);
      expect(server.requests).toHaveLength(1);
    } finally {
      release();
      await server.close();
    }
  }, 60_000);
});
