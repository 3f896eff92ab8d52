// Through the real CLI, what the site tells the world about the owner and its sources: no site may frame its pages,
// a local feed's place on the owner's disk stays private, and a name full of markup stays text for feed readers.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { rssDocument } from "../helpers/rss.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { readStatusPage } from "./status-page.ts";

let workspace: { dir: string; remove(): Promise<void> };
const site = (file: string): Promise<string> => readFile(path.join(workspace.dir, "site", file), "utf8");
const hostileCategory = "<img src=x onerror=alert(1)>";

beforeAll(async () => {
  workspace = await tempDir();
  const posts = [{ guid: "one", title: "One", published: new Date("2024-03-09T12:00:00Z") }];
  await writeFile(path.join(workspace.dir, "private-notes.xml"), rssDocument({ title: "Notes", link: "https://notes.example/", posts }));
  await writeFile(
    path.join(workspace.dir, "feeds.yaml"),
    `site:\n  baseUrl: https://blogroll.example/\nfeeds:\n  - name: Notes\n    url: ./private-notes.xml\n    categories: ["${hostileCategory}"]\n`,
  );
  const build = await runCli(["build", "--config", path.join(workspace.dir, "feeds.yaml"), "--data", path.join(workspace.dir, "data"), "--out", path.join(workspace.dir, "site"), "--now", "2024-03-10T12:00:00Z"]);
  expect(build.code, build.err).toBe(0);
}, 60_000);

afterAll(() => workspace.remove());

describe("the built site", () => {
  it("forbids framing its pages, in the headers a host reads", async () => {
    const headers = await site("_headers");
    expect(headers).toMatch(/Content-Security-Policy: .*frame-ancestors 'none'/);
    expect(headers).toContain("X-Frame-Options: DENY");
  });

  it("names a local feed on /status/ by its file name, never its path on the owner's disk", async () => {
    const status = await site("status/index.html");
    expect(readStatusPage(status).get("Notes")?.location).toBe("a local file (private-notes.xml)");
    expect(status).not.toContain(workspace.dir);
  });

  it("keeps a category name's markup inert in the RSS channel description, which readers render as HTML", async () => {
    const slug = (await readFile(path.join(workspace.dir, "site", "categories", "index.html"), "utf8")).match(/href="\/categories\/([^/"]+)\/"/)?.[1];
    const channel = await new Parser().parseString(await site(`categories/${slug}/rss.xml`));
    expect(channel.description).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(channel.description).not.toContain("<img");
  });
});
