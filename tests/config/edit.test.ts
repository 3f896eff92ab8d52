import { readdir, readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { addFeedsToConfig, addFeedToConfig, removeFeedFromConfig } from "../../src/config/edit.ts";
import { formatConfigError, loadConfig } from "../../src/config/load.ts";
import { writeTempConfig } from "./temp-config.ts";

// Comments, alignment and blank lines an owner might have: all must survive an edit byte for byte.
const HEAD = `# My blogroll
site:
  title: Reading   # aligned comment
  timezone: Europe/London

feeds:
`;
const ENTRY_A = `  - name: Alpha
    url: https://alpha.example/feed   # the main one
    categories: [Tech]
`;
const BETWEEN = `  # Beta moved here in 2023
`;
const ENTRY_B = `  - name: Beta
    url: https://beta.example/rss
`;
const TAIL = `
# fetch:
#   timeout: 20s
`;
const ORIGINAL = HEAD + ENTRY_A + BETWEEN + ENTRY_B + TAIL;

async function names(file: string): Promise<string[]> {
  const result = await loadConfig(file);
  if (!result.ok) throw new Error(result.errors.map(formatConfigError).join("\n"));
  return result.config.feeds.map((feed) => feed.name);
}

describe("addFeedToConfig", () => {
  it("appends the entry after the last feed and leaves every other byte alone", async () => {
    const file = await writeTempConfig(ORIGINAL);
    expect(await addFeedToConfig(file, { name: "Gamma", url: "https://gamma.example/atom.xml", categories: ["Tech", "Life"] })).toEqual({ ok: true });
    const added = `  - name: Gamma
    url: https://gamma.example/atom.xml
    categories: [Tech, Life]
`;
    expect(await readFile(file, "utf8")).toBe(HEAD + ENTRY_A + BETWEEN + ENTRY_B + added + TAIL);
  });

  it("lines new entries up with the file's own indentation and quotes names that need it", async () => {
    const file = await writeTempConfig("feeds:\n- name: A\n  url: https://a.example/\n");
    await addFeedToConfig(file, { name: "News: daily #1", url: "https://n.example/", categories: [] });
    expect(await readFile(file, "utf8")).toBe('feeds:\n- name: A\n  url: https://a.example/\n- name: "News: daily #1"\n  url: https://n.example/\n');
    expect(await names(file)).toEqual(["A", "News: daily #1"]);
  });

  it("fills an empty `feeds:` below its line, keeping the comment on it", async () => {
    const file = await writeTempConfig("site:\n  title: x\nfeeds:   # none yet\n# end\n");
    await addFeedToConfig(file, { name: "A", url: "https://a.example/", categories: [] });
    expect(await readFile(file, "utf8")).toBe("site:\n  title: x\nfeeds:   # none yet\n  - name: A\n    url: https://a.example/\n# end\n");
  });

  it("turns `feeds: []` into a block list, touching nothing else", async () => {
    const file = await writeTempConfig("feeds: []\nsite:\n  title: x   # kept\n");
    await addFeedToConfig(file, { name: "A", url: "https://a.example/", categories: ["T"] });
    expect(await readFile(file, "utf8")).toBe("feeds:\n  - name: A\n    url: https://a.example/\n    categories: [T]\nsite:\n  title: x   # kept\n");
  });

  it("ends the last line first when the file has no final newline", async () => {
    const file = await writeTempConfig("feeds:\n  - name: A\n    url: https://a.example/");
    await addFeedToConfig(file, { name: "B", url: "https://b.example/", categories: [] });
    expect(await readFile(file, "utf8")).toBe("feeds:\n  - name: A\n    url: https://a.example/\n  - name: B\n    url: https://b.example/\n");
  });

  it("keeps Windows line endings", async () => {
    const file = await writeTempConfig("feeds:\r\n  - name: A\r\n    url: https://a.example/\r\n");
    await addFeedToConfig(file, { name: "B", url: "https://b.example/", categories: [] });
    expect(await readFile(file, "utf8")).toBe("feeds:\r\n  - name: A\r\n    url: https://a.example/\r\n  - name: B\r\n    url: https://b.example/\r\n");
  });

  it.each([
    ["a repeated name", { name: "Alpha", url: "https://other.example/" }, /name "Alpha" is already used by feeds\[0\] \(line 7\)/],
    ["a repeated URL", { name: "Other", url: "HTTPS://ALPHA.example/feed" }, /URL "https:\/\/alpha.example\/feed" is already used/],
    ["a name with a taken slug", { name: "alpha!", url: "https://other.example/" }, /slug "alpha", made from this name/],
    ["an invalid URL", { name: "Other", url: "htp://x" }, /"htp:\/\/x" is not an http\(s\) URL/],
    ["an empty name", { name: "  ", url: "https://other.example/" }, /name: must not be empty/],
  ])("refuses %s and writes nothing", async (_, feed, message) => {
    const file = await writeTempConfig(ORIGINAL);
    const result = await addFeedToConfig(file, { ...feed, categories: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(message);
    expect(await readFile(file, "utf8")).toBe(ORIGINAL);
  });

  it("refuses to edit a file that is already invalid, pointing at its problem", async () => {
    const broken = "feeds:\n  - name: A\n    url: htp://x\n";
    const file = await writeTempConfig(broken);
    const result = await addFeedToConfig(file, { name: "B", url: "https://b.example/", categories: [] });
    expect(result).toMatchObject({ ok: false, error: { key: "feeds[0].url", line: 3 } });
    expect(await readFile(file, "utf8")).toBe(broken);
  });

  it("leaves no temporary file beside the configuration", async () => {
    const file = await writeTempConfig(ORIGINAL);
    await addFeedToConfig(file, { name: "Gamma", url: "https://gamma.example/", categories: [] });
    expect(await readdir(dirname(file))).toEqual([basename(file)]);
  });
});

describe("addFeedsToConfig", () => {
  it("adds the new feeds and skips, with reasons, those already listed or repeated in the batch", async () => {
    const file = await writeTempConfig(ORIGINAL);
    const result = await addFeedsToConfig(file, [
      { name: "Gamma", url: "https://gamma.example/", categories: ["Tech"] },
      { name: "Alpha again", url: "https://alpha.example/feed", categories: [] },
      { name: "Gamma", url: "https://gamma2.example/", categories: [] },
      { name: "Broken", url: "not a url", categories: [] },
      { name: "Delta", url: "https://delta.example/", categories: [] },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.added.map((feed) => feed.name)).toEqual(["Gamma", "Delta"]);
    expect(result.skipped.map(({ feed, reason }) => [feed.name, reason])).toEqual([
      ["Alpha again", 'URL "https://alpha.example/feed" is already used by feeds[0] (line 7).'],
      ["Gamma", expect.stringMatching(/^name "Gamma" is already used by feeds\[2\]/)],
      ["Broken", 'url: "not a url" is not an http(s) URL or a file path.'],
    ]);
    expect(await names(file)).toEqual(["Alpha", "Beta", "Gamma", "Delta"]);
  });

  it("writes nothing when every feed is skipped", async () => {
    const file = await writeTempConfig(ORIGINAL);
    const result = await addFeedsToConfig(file, [{ name: "Alpha", url: "https://alpha.example/feed", categories: [] }]);
    expect(result).toMatchObject({ ok: true, added: [] });
    expect(await readFile(file, "utf8")).toBe(ORIGINAL);
  });
});

describe("removeFeedFromConfig", () => {
  it("removes exactly the entry's lines", async () => {
    const file = await writeTempConfig(ORIGINAL);
    expect(await removeFeedFromConfig(file, "Alpha")).toEqual({ ok: true });
    expect(await readFile(file, "utf8")).toBe(HEAD + BETWEEN + ENTRY_B + TAIL);
  });

  it("removes the last entry, leaving the comments after it", async () => {
    const file = await writeTempConfig(ORIGINAL);
    await removeFeedFromConfig(file, "Beta");
    expect(await readFile(file, "utf8")).toBe(HEAD + ENTRY_A + BETWEEN + TAIL);
  });

  it("finds a feed by its slug too", async () => {
    const file = await writeTempConfig("feeds:\n  - name: Drupal Security\n    url: https://d.example/\n  - name: B\n    url: https://b.example/\n");
    await removeFeedFromConfig(file, "drupal-security");
    expect(await readFile(file, "utf8")).toBe("feeds:\n  - name: B\n    url: https://b.example/\n");
  });

  it("leaves a valid empty list when the only feed goes", async () => {
    const file = await writeTempConfig("feeds:\n  - name: A\n    url: https://a.example/\n");
    await removeFeedFromConfig(file, "A");
    expect(await names(file)).toEqual([]);
  });

  it("removes from a bracketed list by rewriting only that list", async () => {
    const file = await writeTempConfig("site: {title: x}\nfeeds: [{name: A, url: 'https://a.example/'}, {name: B, url: 'https://b.example/'}]\n# end\n");
    await removeFeedFromConfig(file, "A");
    expect(await readFile(file, "utf8")).toBe("site: {title: x}\nfeeds:\n  - name: B\n    url: https://b.example/\n# end\n");
  });

  it("suggests the closest name when none matches, and writes nothing", async () => {
    const file = await writeTempConfig(ORIGINAL);
    const result = await removeFeedFromConfig(file, "alpah");
    expect(result).toMatchObject({ ok: false, error: { message: 'No feed is named "alpah". Did you mean "Alpha"?' } });
    expect(await readFile(file, "utf8")).toBe(ORIGINAL);
  });
});
