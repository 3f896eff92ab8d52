import { mkdir, mkdtemp, readdir, readFile, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir, hostname } from "node:os";
import { join } from "node:path";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startLoopback } from "../helpers/loopback.ts";
import { rssDocument } from "../helpers/rss.ts";
import { acquireLock, LEASE_MS } from "../../src/archive/lock.ts";
import { runCli } from "../helpers/cli.ts";

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

// ---------------------------------------------------------------- the lease, through the CLI

describe("a lock is a lease", () => {
  async function hangingFeed(): Promise<{ server: Awaited<ReturnType<typeof startLoopback>>; release: () => void; asked: () => number }> {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    const server = await startLoopback({
      "/feed.xml": async (req, res) => {
        asked++;
        await held;
        res.writeHead(200, { "content-type": "application/rss+xml" }).end(rssDocument({ title: "Feed", link: "https://feed.example/", posts: [] }));
      },
    });
    return { server, release: () => release(), asked: () => asked };
  }

  async function folderWithFeed(url: string): Promise<{ config: string; data: string }> {
    const dir = await mkdtemp(join(tmpdir(), "blogroll-lease-"));
    const config = join(dir, "feeds.yaml");
    await writeFile(config, `feeds:\n  - name: Feed\n    url: ${url}\n`);
    await mkdir(join(dir, "data"));
    return { config, data: join(dir, "data") };
  }

  const cli = fileURLToPath(new URL("../../bin/blogroll.js", import.meta.url));
  const fetchArgs = (config: string, data: string): string[] => ["fetch", "--config", config, "--data", data];

  it("left by a run on another host (a container killed for memory): held while its lease is fresh, taken once it expires", async () => {
    const feed = await hangingFeed();
    feed.release();
    try {
      const { config, data } = await folderWithFeed(feed.server.url("/feed.xml"));
      const lock = join(data, ".lock");
      await writeFile(lock, JSON.stringify({ pid: 1, host: "blogroll-7f3a9c", pidSpace: "another", since: now.toISOString(), token: "x" }));
      const fresh = await runCli(fetchArgs(config, data));
      expect(fresh.code).toBe(3);
      expect(fresh.err).toMatch(/a run on host blogroll-7f3a9c \(pid 1, .*lease renewed \d+ s ago\).*a lock expires 45 s after its holder stops renewing it/);
      // Its holder stopped renewing 46 seconds ago.
      const lastRenewed = new Date(Date.now() - LEASE_MS - 1_000);
      await utimes(lock, lastRenewed, lastRenewed);
      const after = await runCli(fetchArgs(config, data));
      expect(after.code, after.err).toBe(0);
      expect(await readdir(data)).not.toContain(".lock");
    } finally {
      await feed.server.close();
    }
  }, 60_000);

  it("is renewed by its holder and never taken from it, even when it was last touched long ago", async () => {
    const feed = await hangingFeed();
    const { config, data } = await folderWithFeed(feed.server.url("/feed.xml"));
    const holder = spawn(process.execPath, [cli, ...fetchArgs(config, data)], { stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => holder.on("close", resolve));
    try {
      await expect.poll(feed.asked, { timeout: 30_000 }).toBe(1);
      const lock = join(data, ".lock");
      const long = new Date(Date.now() - LEASE_MS + 10_000);
      await utimes(lock, long, long);
      // Within one renewal (5 s) the holder has touched it again.
      await expect.poll(async () => Date.now() - (await stat(lock)).mtimeMs, { timeout: 8_000, interval: 250 }).toBeLessThan(6_000);
      const second = await runCli(fetchArgs(config, data));
      expect(second.code).toBe(3);
      expect(second.err).toMatch(new RegExp(`Another Blogroll run \\(pid ${holder.pid},`));
      feed.release();
      expect(await exited).toBe(0);
      expect(await readdir(data)).not.toContain(".lock");
    } finally {
      feed.release();
      holder.kill("SIGKILL");
      await feed.server.close();
    }
  }, 60_000);

  it("of a run killed with -9 is taken at once by the next run, not yet reaped or not, trial after trial", async () => {
    const feed = await hangingFeed();
    try {
      for (let trial = 0; trial < 3; trial++) {
        const { config, data } = await folderWithFeed(feed.server.url("/feed.xml"));
        const asked = feed.asked();
        const holder = spawn(process.execPath, [cli, ...fetchArgs(config, data)], { stdio: "ignore" });
        const closed = new Promise((resolve) => holder.on("close", resolve));
        await expect.poll(feed.asked, { timeout: 30_000 }).toBe(asked + 1);
        holder.kill("SIGKILL");
        // Not waiting for its exit: the next run starts while the killed one is being torn down, or is a zombie.
        const started = performance.now();
        const lock = await acquireLock(data, now);
        const tookMs = performance.now() - started;
        expect(lock.ok, `trial ${trial}: ${lock.ok ? "" : lock.message}`).toBe(true);
        expect(tookMs).toBeLessThan(2_500);
        if (lock.ok) await lock.lock.release();
        await closed;
      }
    } finally {
      feed.release();
      await feed.server.close();
    }
  }, 90_000);
});
