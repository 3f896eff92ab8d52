import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_FETCH, DEFAULT_SITE, formatConfigError, loadConfig, type ConfigError, type ConfigResult } from "../../src/config/load.ts";
import type { Config } from "../../src/model.ts";
import { DEFAULT_FEED } from "../../src/config/defaults.ts";
import packageJson from "../../package.json" with { type: "json" };
import { writeTempConfig } from "./temp-config.ts";

async function load(text: string): Promise<ConfigResult> {
  return loadConfig(await writeTempConfig(text));
}

async function loadValid(text: string): Promise<Config> {
  const result = await load(text);
  if (!result.ok) throw new Error(result.errors.map(formatConfigError).join("\n"));
  return result.config;
}

async function loadErrors(text: string): Promise<ConfigError[]> {
  const result = await load(text);
  if (result.ok) throw new Error("expected the configuration to be refused");
  return result.errors;
}

/** The single error reported for `key`. */
async function errorAt(text: string, key: string): Promise<ConfigError> {
  const errors = await loadErrors(text);
  const matching = errors.filter((error) => error.key === key);
  expect(matching, errors.map(formatConfigError).join("\n")).toHaveLength(1);
  return matching[0]!;
}

const ONE_FEED = "feeds:\n  - name: Example\n    url: https://example.org/feed.xml\n";

describe("loadConfig defaults", () => {
  it("fills every site and fetch setting when only feeds are given", async () => {
    const config = await loadValid(ONE_FEED);
    expect(config.site).toEqual(DEFAULT_SITE);
    expect(config.site).toEqual({
      title: "Blogroll",
      baseUrl: "http://localhost:8080/",
      timezone: "UTC",
      itemsPerPage: 20,
      foldRunsOver: 3,
      dateFormat: "EEE, dd/MM/yyyy - HH:mm",
      intro: "I read blogs, as well as write one. The 'blogroll' on this site reproduces some posts from some of the people I enjoy reading.",
      disclaimer: "Disclaimer: Reproducing an article here need not necessarily imply agreement or endorsement!",
      retentionMs: null,
      maxItemsPerFeed: 10_000,
      caps: { postBodyBytes: 512 * 1024, linkBytes: 8 * 1024, feedBytes: 50 * 1024 * 1024 },
      filter: { include: [], exclude: [] },
      theme: null,
    });
    expect(config.fetch).toEqual({
      ...DEFAULT_FETCH,
      timeoutMs: 20_000,
      maxBodyBytes: 15 * 1024 * 1024,
      userAgent: `Blogroll/${packageJson.version} (+http://localhost:8080/; static blogroll aggregator)`,
    });
    expect(config.feeds).toEqual([{ name: "Example", slug: "example", url: "https://example.org/feed.xml", categories: [], maxItems: 10_000, ...DEFAULT_FEED }]);
  });

  it("names the configured baseUrl in the default user agent", async () => {
    const config = await loadValid(`site:\n  baseUrl: https://blog.example/roll\n${ONE_FEED}`);
    expect(config.fetch.userAgent).toBe(`Blogroll/${packageJson.version} (+https://blog.example/roll/; static blogroll aggregator)`);
  });

  it("treats an empty site: or fetch: section as all defaults", async () => {
    const config = await loadValid(`site:\nfetch:\n${ONE_FEED}`);
    expect(config.site).toEqual(DEFAULT_SITE);
  });

  it("accepts an empty feeds list, written either way", async () => {
    expect((await loadValid("feeds: []\n")).feeds).toEqual([]);
    expect((await loadValid("feeds:\n")).feeds).toEqual([]);
  });

  it("records the absolute path of the file", async () => {
    const file = await writeTempConfig(ONE_FEED);
    const result = await loadConfig(file);
    expect(result.ok && result.config.file).toBe(file);
  });
});

describe("loadConfig reads every setting", () => {
  it("turns written values into the model's units", async () => {
    const config = await loadValid(
      [
        "site:",
        "  title: My reading",
        "  baseUrl: https://example.org/blogroll",
        "  timezone: Europe/London",
        "  itemsPerPage: 10",
        "  foldRunsOver: 0",
        "  dateFormat: \"d MMM yyyy 'at' HH:mm\"",
        "  intro: ''",
        "  disclaimer: Mine.",
        "  retention: 112d",
        "  maxItemsPerFeed: 5000",
        "  maxPostSize: 100kB",
        "  maxLinkSize: 2KiB",
        "  maxFeedSize: 20MiB",
        "fetch:",
        "  timeout: 5s",
        "  maxBodySize: 2MiB",
        "  concurrency: 4",
        "  perHostConcurrency: 1",
        "  maxRedirects: 0",
        "  userAgent: TestAgent/1",
        "  maxNewItemsPerRun: 100",
        "feeds:",
        "  - name: Drupal Contrib Security",
        "    url: https://www.drupal.org/security/contrib/rss.xml",
        "    categories: [Technology, Security, Technology]",
        "  - name: Custom",
        "    slug: my-own",
        "    url: https://custom.example/feed",
        "    maxItems: 50",
        "",
      ].join("\n"),
    );
    expect(config.site).toEqual({
      title: "My reading",
      baseUrl: "https://example.org/blogroll/",
      timezone: "Europe/London",
      itemsPerPage: 10,
      foldRunsOver: 0,
      dateFormat: "d MMM yyyy 'at' HH:mm",
      intro: "",
      disclaimer: "Mine.",
      retentionMs: 112 * 86_400_000,
      maxItemsPerFeed: 5000,
      caps: { postBodyBytes: 100_000, linkBytes: 2048, feedBytes: 20 * 1024 * 1024 },
      filter: { include: [], exclude: [] },
      theme: null,
    });
    expect(config.fetch).toEqual({ timeoutMs: 5000, maxBodyBytes: 2 * 1024 * 1024, concurrency: 4, perHostConcurrency: 1, maxRedirects: 0, userAgent: "TestAgent/1", maxNewItemsPerRun: 100 });
    expect(config.feeds).toEqual([
      // The site-wide maxItemsPerFeed, unless the feed sets its own.
      { name: "Drupal Contrib Security", slug: "drupal-contrib-security", url: "https://www.drupal.org/security/contrib/rss.xml", categories: ["Technology", "Security"], maxItems: 5000, ...DEFAULT_FEED },
      { name: "Custom", slug: "my-own", url: "https://custom.example/feed", categories: [], maxItems: 50, ...DEFAULT_FEED },
    ]);
  });

  it("resolves relative file paths against the configuration file's folder", async () => {
    const file = await writeTempConfig("feeds:\n  - name: Local\n    url: ./feeds/local.xml\n  - name: Up\n    url: ../shared.xml\n  - name: Absolute\n    url: /srv/feed.xml\n");
    const result = await loadConfig(file);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.feeds.map((feed) => feed.url)).toEqual([join(dirname(file), "feeds/local.xml"), join(dirname(file), "../shared.xml"), "/srv/feed.xml"]);
  });

  it("reads a file: URL as a local path", async () => {
    const config = await loadValid("feeds:\n  - name: Local\n    url: file:///srv/feed.xml\n");
    expect(config.feeds[0]?.url).toBe("/srv/feed.xml");
  });

  it("loads the committed feeds.yaml: the seed's four sources", async () => {
    const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));
    const result = await loadConfig(join(repositoryRoot, "feeds.yaml"));
    expect(result.ok, result.ok ? "" : result.errors.map(formatConfigError).join("\n")).toBe(true);
    if (!result.ok) return;
    expect(result.config.feeds.map((feed) => [feed.slug, feed.url, feed.categories])).toEqual([
      ["cloudflare", "https://blog.cloudflare.com/rss/", ["Technology"]],
      ["drupal-security", "https://www.drupal.org/security/rss.xml", ["Technology"]],
      ["drupal-contrib-security", "https://www.drupal.org/security/contrib/rss.xml", ["Technology"]],
      ["drupal-public-service-announcements", "https://www.drupal.org/security/psa/rss.xml", ["Technology"]],
    ]);
    expect(result.config.site.baseUrl).toBe("https://example.org/");
  });
});

describe("loadConfig errors carry file, line, column and key", () => {
  it("reports a YAML syntax error with its line", async () => {
    const errors = await loadErrors("site:\n  title: ok\nfeeds: [\n  - x\n");
    expect(errors[0]).toMatchObject({ key: "", line: expect.any(Number) });
    expect(errors[0]!.line).toBeGreaterThanOrEqual(3);
    expect(errors[0]!.message).toMatch(/not valid YAML/);
  });

  it("reports a key written twice at its second line", async () => {
    const errors = await loadErrors(`site:\n  title: A\n  title: B\n${ONE_FEED}`);
    expect(errors[0]).toMatchObject({ line: 3, column: 3 });
    expect(errors[0]!.fix).toMatch(/delete the other/);
  });

  it("suggests the intended key for a misspelt one, at the key", async () => {
    const error = await errorAt(`site:\n  title: x\n  itemPerPage: 10\n${ONE_FEED}`, "site.itemPerPage");
    expect(error).toMatchObject({ line: 3, column: 3 });
    expect(error.message).toContain("did you mean `itemsPerPage`?");
  });

  it("lists the allowed keys when an unknown key resembles none", async () => {
    const error = await errorAt(`colour: blue\n${ONE_FEED}`, "colour");
    expect(error.line).toBe(1);
    expect(error.fix).toContain("site, fetch, feeds");
  });

  it("catches misspelt feed keys and the required key they leave missing", async () => {
    const text = "feeds:\n  - name: A\n    url: https://a.example/\n  - nmae: B\n    url: https://b.example/\n";
    const errors = await loadErrors(text);
    expect(errors.map((error) => [error.key, error.line])).toEqual([
      ["feeds[1].nmae", 4],
      ["feeds[1].name", 4],
    ]);
    expect(errors[0]!.message).toContain("did you mean `name`?");
    expect(errors[1]!.message).toBe("is missing.");
  });

  it("formats an error as file:line:column: key: message Fix: ...", async () => {
    const file = await writeTempConfig("feeds:\n  - name: A\n    url: htp://x\n");
    const result = await loadConfig(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatConfigError)).toEqual([
      `${file}:3:10: feeds[0].url: "htp://x" is not an http(s) URL or a file path. Fix: write a full URL such as https://example.org/feed.xml, or a file path starting with / or ./`,
    ]);
  });

  it("collects every error rather than stopping at the first", async () => {
    const errors = await loadErrors(
      ["site:", "  timezone: Mars/Olympus", "  itemsPerPage: 0", "fetch:", "  timeout: 20", "feeds:", "  - name: A", "    url: ftp://a.example/", ""].join("\n"),
    );
    expect(errors.map((error) => [error.key, error.line])).toEqual([
      ["site.timezone", 2],
      ["site.itemsPerPage", 3],
      ["fetch.timeout", 5],
      ["feeds[0].url", 8],
    ]);
  });

  it("reports a missing file without a line", async () => {
    const result = await loadConfig("/nonexistent/blogroll/feeds.yaml");
    expect(result).toMatchObject({ ok: false, errors: [{ file: "/nonexistent/blogroll/feeds.yaml", line: null, column: null, message: "The configuration file does not exist." }] });
  });

  it("refuses an empty file and a file without feeds", async () => {
    expect((await loadErrors(""))[0]!.message).toBe("The file is empty.");
    const error = await errorAt("site:\n  title: x\n", "feeds");
    expect(error.message).toMatch(/is missing/);
  });

  it("refuses a document that is not a group of keys", async () => {
    expect((await loadErrors("- just\n- a list\n"))[0]!.message).toMatch(/must be a group of keys/);
  });

  it("stops an alias bomb instead of expanding it", async () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 9; level++) lines.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(", ")}]`);
    const errors = await loadErrors(`${lines.join("\n")}\nfeeds: []\n`);
    expect(errors[0]!.message).toMatch(/cannot be read as data/);
  });
});

describe("loadConfig checks types and values", () => {
  it.each([
    ["title: 2024", "site.title", /must be text, not the number 2024/],
    ["title: ''", "site.title", /must not be empty/],
    ["title:", "site.title", /has no value/],
    ["itemsPerPage: 0", "site.itemsPerPage", /whole number, 1 or more/],
    ["itemsPerPage: 2.5", "site.itemsPerPage", /whole number/],
    ["itemsPerPage: \"20\"", "site.itemsPerPage", /not the text "20"/],
    ["foldRunsOver: -1", "site.foldRunsOver", /whole number, 0 or more, not the number -1/],
    ["foldRunsOver: 3.5", "site.foldRunsOver", /whole number/],
    ["foldRunsOver: yes", "site.foldRunsOver", /whole number/],
    ["timezone: Mars/Olympus", "site.timezone", /not an IANA time zone/],
    ["dateFormat: \"D, d/m/Y - H:i\"", "site.dateFormat", /uses `D`, which date-fns reads as the day of the year/],
    ["dateFormat: \"dd/MM/YYYY\"", "site.dateFormat", /uses `YYYY`/],
    ["dateFormat: \"dd/MM/yyyy j\"", "site.dateFormat", /not a date-fns format/],
    ["retention: 112", "site.retention", /"never" or a duration, not the number 112/],
    ["retention: forever", "site.retention", /"never" or a duration/],
    ["baseUrl: /blogroll/", "site.baseUrl", /not an absolute http\(s\) URL/],
    ["baseUrl: ftp://example.org/", "site.baseUrl", /not an absolute http\(s\) URL/],
    ["baseUrl: https://example.org/?page=1", "site.baseUrl", /query or fragment/],
  ])("site %s", async (line, key, message) => {
    const error = await errorAt(`site:\n  ${line}\n${ONE_FEED}`, key);
    expect(error.message).toMatch(message);
    expect(error.line).toBe(2);
    expect(error.fix).not.toBe("");
  });

  it("suggests the unit a bare retention number lacks", async () => {
    expect((await errorAt(`site:\n  retention: 112\n${ONE_FEED}`, "site.retention")).fix).toContain("112d");
  });

  it.each([
    ["timeout: 20", "fetch.timeout", /must be a duration/],
    ["maxBodySize: 15 potatoes", "fetch.maxBodySize", /must be a size/],
    ["concurrency: 0", "fetch.concurrency", /1 or more/],
    ["perHostConcurrency: two", "fetch.perHostConcurrency", /whole number/],
    ["maxRedirects: -1", "fetch.maxRedirects", /0 or more/],
    ["userAgent: ''", "fetch.userAgent", /must not be empty/],
  ])("fetch %s", async (line, key, message) => {
    const error = await errorAt(`fetch:\n  ${line}\n${ONE_FEED}`, key);
    expect(error.message).toMatch(message);
    expect(error.line).toBe(2);
  });

  it("refuses a site section that is not a group of keys", async () => {
    expect((await errorAt(`site: My blog\n${ONE_FEED}`, "site")).message).toMatch(/must be a group of keys/);
  });

  it.each([
    ["url: htp://x", "feeds[0].url", /"htp:\/\/x" is not an http\(s\) URL or a file path/],
    ["url: example.org/feed.xml", "feeds[0].url", /not an http\(s\) URL or a file path/],
    ["url: https://example.org/a b", "feeds[0].url", /contains a space/],
    ["url: ''", "feeds[0].url", /must not be empty/],
    ["categories: Technology", "feeds[0].categories", /must be a list, not the text "Technology"/],
    ["slug: Not A Slug", "feeds[0].slug", /is not a slug/],
  ])("feed %s", async (line, key, message) => {
    const text = line.startsWith("url") ? `feeds:\n  - name: A\n    ${line}\n` : `feeds:\n  - name: A\n    url: https://a.example/\n    ${line}\n`;
    const error = await errorAt(text, key);
    expect(error.message).toMatch(message);
    expect(error.line).toBe(line.startsWith("url") ? 3 : 4);
  });

  it("suggests the scheme a URL without one is missing", async () => {
    expect((await errorAt("feeds:\n  - name: A\n    url: example.org/feed.xml\n", "feeds[0].url")).fix).toBe("write it with its scheme: https://example.org/feed.xml");
  });

  it("points at the bad category inside a list", async () => {
    const error = await errorAt("feeds:\n  - name: A\n    url: https://a.example/\n    categories: [Tech, 42]\n", "feeds[0].categories[1]");
    expect(error).toMatchObject({ line: 4, column: 24 });
  });

  it("refuses a feeds value that is not a list, and entries that are not groups of keys", async () => {
    expect((await errorAt("feeds: https://a.example/\n", "feeds")).message).toMatch(/must be a list/);
    expect((await errorAt("feeds:\n  - https://a.example/\n", "feeds[0]")).message).toMatch(/must be a group of keys/);
  });

  it("asks for an explicit slug when a name has no ASCII letters or digits", async () => {
    const error = await errorAt("feeds:\n  - name: 日本語\n    url: https://a.example/\n", "feeds[0].name");
    expect(error.fix).toContain("slug:");
    const config = await loadValid("feeds:\n  - name: 日本語\n    slug: japanese\n    url: https://a.example/\n");
    expect(config.feeds[0]).toMatchObject({ name: "日本語", slug: "japanese" });
  });
});

describe("loadConfig refuses duplicates", () => {
  it("refuses a repeated name, naming the first feed and its line", async () => {
    const error = await errorAt("feeds:\n  - name: A\n    url: https://a.example/\n  - name: A\n    url: https://b.example/\n", "feeds[1].name");
    expect(error.line).toBe(4);
    expect(error.message).toBe('name "A" is already used by feeds[0] (line 2).');
  });

  it("refuses a repeated URL, compared as the URL parser normalises it", async () => {
    const error = await errorAt("feeds:\n  - name: A\n    url: https://a.example/feed\n  - name: B\n    url: HTTPS://A.EXAMPLE/feed\n", "feeds[1].url");
    expect(error.message).toMatch(/already used by feeds\[0\]/);
  });

  it("refuses two names that make the same slug", async () => {
    const error = await errorAt("feeds:\n  - name: Drupal Security\n    url: https://a.example/\n  - name: drupal-security!\n    url: https://b.example/\n", "feeds[1].name");
    expect(error.message).toBe('slug "drupal-security", made from this name, is already used by feeds[0] (line 2).');
    expect(error.fix).toContain("slug:");
  });

  it("reports a repeated explicit slug at the slug", async () => {
    await errorAt("feeds:\n  - name: A\n    url: https://a.example/\n  - name: B\n    slug: a\n    url: https://b.example/\n", "feeds[1].slug");
  });

  it("refuses two category spellings that would share one page", async () => {
    const error = await errorAt("feeds:\n  - name: A\n    url: https://a.example/\n    categories: [C++]\n  - name: B\n    url: https://b.example/\n    categories: [C]\n", "feeds[1].categories");
    expect(error.message).toContain('would share the page "c"');
  });
});

describe("names and categories with control characters", () => {
  it("refuses a NUL or a bidi override in a feed's name or category at load, with file:line, through the CLI", async () => {
    const { runCli } = await import("../helpers/cli.ts");
    const { mkdtemp, writeFile: write } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join: joinPath } = await import("node:path");
    const dir = await mkdtemp(joinPath(tmpdir(), "blogroll-controls-"));
    const config = joinPath(dir, "feeds.yaml");
    await write(config, 'feeds:\n  - name: "Evil\\u202Egnp.exe"\n    url: https://a.example/feed\n  - name: Fine\n    url: https://b.example/feed\n    categories: ["Tech\\u0000"]\n');
    const run = await runCli(["fetch", "--config", config, "--data", joinPath(dir, "data")]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/feeds\.yaml:2:\d+: feeds\[0\]\.name: holds control characters \(\\u202e\)/);
    expect(run.err).toMatch(/feeds\.yaml:6:\d+: feeds\[1\]\.categories\[0\]: holds control characters \(\\x00\)/);
  });
});
