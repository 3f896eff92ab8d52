// Control characters from feeds never reach the owner's terminal raw, nor feeds.yaml (issue 10, item 7).
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBinary } from "../helpers/cli-process.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { controlsIn, escapeControls, terminalJson, terminalLine, withoutControls } from "../../src/cli/terminal-text.ts";

/** Anything a terminal would act on, bar the newlines the CLI writes between its own lines. */
const RAW_CONTROL = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const expectNoRawControls = (text: string, where: string): void => expect(RAW_CONTROL.test(text.replaceAll("\n", "")), `${where}: ${JSON.stringify(text)}`).toBe(false);

/** Retitles the window (OSC 0 ... BEL), clears the screen (CSI 2J), hides text (CSI 8m), reverses the rest (RLO). */
const HOSTILE_TITLE = "\u001b]0;pwned\u0007Evil \u009b31mFeed\u202e";
const hostileFeed = JSON.stringify({
  version: "https://jsonfeed.org/version/1.1",
  title: HOSTILE_TITLE,
  description: "Clears\u001b[2J the screen",
  home_page_url: "https://evil.example/",
  items: [
    {
      id: "one\u0007",
      url: "https://evil.example/one",
      title: "Post \u001b[8mhidden",
      content_text: "Body \u0007 bell",
      date_published: "\u001b[2Jsoon",
      authors: [{ name: "A\u001bB" }],
      tags: ["t\u0007"],
    },
  ],
});

describe("escapeControls", () => {
  it("spells out every control character and bidi mark, and leaves other text alone", () => {
    expect(escapeControls(HOSTILE_TITLE)).toBe("\\x1b]0;pwned\\x07Evil \\x9b31mFeed\\u202e");
    expect(escapeControls("a\nb\r\tc\u007f\u0000\u2066")).toBe("a\\nb\\r\\tc\\x7f\\x00\\u2066");
    expect(escapeControls("Café 日本 🙂 \\x1b")).toBe("Café 日本 🙂 \\x1b");
  });

  it("terminalLine escapes the values and keeps the line's own newlines", () => {
    expect(terminalLine`${"a\nb"}\n    ${"\u0007"}`).toBe("a\\nb\n    \\x07");
  });

  it("terminalJson escapes what JSON.stringify leaves raw, and reads back to the same value", () => {
    const value = { title: HOSTILE_TITLE, list: ["\u0085", "\u200f"] };
    const json = terminalJson(value, 2);
    expectNoRawControls(json, "json");
    expect(JSON.parse(json)).toEqual(value);
  });

  it("withoutControls drops escape sequences whole, then stray controls, and collapses whitespace", () => {
    expect(withoutControls(HOSTILE_TITLE)).toBe("Evil Feed");
    expect(withoutControls(" Tab\there\nand\u0007 there ")).toBe("Tab here and there");
    expect(withoutControls("\u001b[2J\u0007")).toBe("");
  });

  it("controlsIn names the controls a typed value holds", () => {
    expect(controlsIn("x\u001b]0;y\u0007\u001b")).toBe("\\x1b, \\x07");
    expect(controlsIn("Plain name")).toBeNull();
  });
});

describe("what the CLI prints of a hostile feed", () => {
  let work: { dir: string; remove(): Promise<void> };
  let server: Loopback;
  let feedFile: string;
  let config: string;
  let data: string;

  beforeAll(async () => {
    work = await tempDir("blogroll-terminal-");
    server = await startLoopback({
      "/feed.json": (req, res) => void res.writeHead(200, { "content-type": "application/feed+json" }).end(hostileFeed),
      "/broken": (req, res) => void res.writeHead(500).end(),
    });
    feedFile = join(work.dir, "feed.json");
    await writeFile(feedFile, hostileFeed);
    config = join(work.dir, "feeds.yaml");
    data = join(work.dir, "data");
    // Names with controls, as an old import or a hand edit may have left them (YAML's \e and \a escapes).
    // Names with control characters are refused at load (tests/config/load.test.ts); here the feed's own text is hostile.
    await writeFile(config, `feeds:\n  - name: "Evil"\n    url: ${server.url("/feed.json")}\n  - name: "Broken"\n    url: ${server.url("/broken")}\n`);
  });

  afterAll(async () => {
    await server.close();
    await work.remove();
  });

  it("inspect shows titles, descriptions, warnings and items escaped", async () => {
    const run = await runBinary(["inspect", feedFile, "--verbose", "--config", config, "--now", "2019-02-21T12:00:00Z"]);
    expect(run.code).toBe(0);
    expectNoRawControls(run.out, "stdout");
    expectNoRawControls(run.err, "stderr");
    expect(run.out).toContain("Feed: \\x1b]0;pwned\\x07Evil \\x9b31mFeed\\u202e");
    expect(run.out).toContain("Clears\\x1b[2J the screen");
    expect(run.out).toContain("- Post \\x1b[8mhidden");
    expect(run.out).toMatch(/warning: .*\\x1b\[2Jsoon/);
  });

  it("inspect --json is JSON with the feed's own text, and nothing raw", async () => {
    const run = await runBinary(["inspect", feedFile, "--json", "--config", config, "--now", "2019-02-21T12:00:00Z"]);
    expect(run.code).toBe(0);
    expectNoRawControls(run.out, "stdout");
    expect((JSON.parse(run.out) as { meta: { title: string } }).meta.title).toBe(HOSTILE_TITLE);
  });

  it("the fetch log and status show names, errors and warnings escaped", async () => {
    const fetched = await runBinary(["fetch", "--verbose", "--config", config, "--data", data, "--now", "2019-02-21T12:00:00Z"]);
    expect(fetched.code).toBe(0);
    expectNoRawControls(fetched.out, "fetch stdout");
    expectNoRawControls(fetched.err, "fetch stderr");
    expect(fetched.out).toContain("Evil");
    expect(fetched.out).toMatch(/warning: .*\\x1b\[2Jsoon/);
    expect(fetched.err).toContain("Broken");

    const json = await runBinary(["fetch", "--json", "--config", config, "--data", data, "--now", "2019-02-21T13:00:00Z"]);
    expectNoRawControls(json.out, "fetch --json");

    const status = await runBinary(["status", "--config", config, "--data", data]);
    expect(status.code).toBe(0);
    expectNoRawControls(status.out, "status");
    expect(status.out).toContain("Evil");
    const statusJson = await runBinary(["status", "--json", "--config", config, "--data", data]);
    expectNoRawControls(statusJson.out, "status --json");
    // Listed failing first: the broken feed, then the one that works.
    expect((JSON.parse(statusJson.out) as { feeds: { name: string }[] }).feeds.map((feed) => feed.name)).toEqual(["Broken", "Evil"]);
  });
});

describe("feeds.yaml never receives control characters", () => {
  let work: { dir: string; remove(): Promise<void> };
  let config: string;

  beforeAll(async () => {
    work = await tempDir("blogroll-terminal-yaml-");
    await writeFile(join(work.dir, "feed.json"), hostileFeed);
    config = join(work.dir, "feeds.yaml");
  });

  afterAll(() => work.remove());

  it("add names a feed by its title with the controls taken out", async () => {
    await writeFile(config, "feeds: []\n");
    const run = await runBinary(["add", join(work.dir, "feed.json"), "--config", config]);
    expect(run.code).toBe(0);
    expectNoRawControls(run.out, "stdout");
    expect(run.out).toContain('Added "Evil Feed"');
    const written = await readFile(config, "utf8");
    expect(written).toContain("name: Evil Feed");
    expectNoRawControls(written, "feeds.yaml");
    expect(written).not.toMatch(/\\[eax]|\\u/);
  });

  it("add refuses a --name or --category holding controls, exit 2, and changes nothing", async () => {
    await writeFile(config, "feeds: []\n");
    for (const option of ["--name", "--category"]) {
      const run = await runBinary(["add", join(work.dir, "feed.json"), "--config", config, option, "My\u001b[31mFeed"]);
      expect(run.code, option).toBe(2);
      expectNoRawControls(run.err, "stderr");
      expect(run.err).toContain("It holds control characters (\\x1b)");
    }
    expect(await readFile(config, "utf8")).toBe("feeds: []\n");
  });

  it("opml import takes the controls out of names and folders, and keeps the feeds", async () => {
    await writeFile(config, "feeds: []\n");
    const opml = join(work.dir, "evil.opml");
    await writeFile(
      opml,
      `<?xml version="1.0"?><opml version="2.0"><body>
        <outline text="Fr&#27;[2Jiends&#7;">
          <outline text="&#27;]0;pwned&#7;Ada" xmlUrl="https://ada.example/feed.xml"/>
          <outline text="&#27;[8m&#7;" xmlUrl="https://blank.example/feed.xml"/>
        </outline>
      </body></opml>`,
    );
    // The outlines' addresses are not served: --no-check adds them unchecked.
    const run = await runBinary(["opml", "import", opml, "--config", config, "--no-check"]);
    expect(run.code).toBe(0);
    expectNoRawControls(run.out + run.err, "output");
    const written = await readFile(config, "utf8");
    expectNoRawControls(written, "feeds.yaml");
    expect(written).toContain("name: Ada");
    expect(written).toContain("categories: [Friends]");
    // A name of nothing but controls falls back to the feed's host, as a nameless outline does.
    expect(written).toContain("name: blank.example");
  });
});
