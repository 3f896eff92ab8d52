// What readers see of posts, through a real build of feeds written by us (tests/fixtures/feeds/readers/).
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Element } from "domhandler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { byTag, findAll, one, parseHtml, textOf } from "./html.ts";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "feeds", "readers");
const NOW = "2024-03-02T12:00:00Z";

let dir = "";
let removeDir = async (): Promise<void> => undefined;

beforeAll(async () => {
  const temp = await tempDir();
  dir = temp.dir;
  removeDir = temp.remove;
  await writeFile(
    join(dir, "feeds.yaml"),
    [
      "site:",
      "  baseUrl: https://planet.example/",
      "feeds:",
      `  - name: "Ada's Notebook"`,
      `    url: ${join(FIXTURES, "headings-and-embeds.xml")}`,
      "",
    ].join("\n"),
  );
  const run = await runCli(["build", "--config", join(dir, "feeds.yaml"), "--data", join(dir, "data"), "--out", join(dir, "out"), "--now", NOW]);
  if (run.code !== 0) throw new Error(`the build failed (${run.code}): ${run.err}`);
}, 120_000);

afterAll(() => removeDir());

const page = async (path: string) => parseHtml(await readFile(join(dir, "out", path), "utf8"));

/** The post's article, found by its title. */
function article(root: Awaited<ReturnType<typeof page>>, title: string): Element {
  return one(
    byTag(root, "article").filter((element) => textOf(byTag(element, "h3")[0] ?? element).includes(title)),
    `article titled ${title}`,
  );
}

describe("a post's own headings", () => {
  it("rank below the post's h3 title on its source page, in their order, and each post is one labelled article", async () => {
    const document = await page("sources/ada-s-notebook/index.html");
    const post = article(document, "Notes on engines");
    const title = one(byTag(post, "h3"), "post title");
    expect(post.attribs["aria-labelledby"]).toBe(title.attribs.id);
    const headings = findAll(post, (element) => /^h[1-6]$/.test(element.name)).map((element) => `${element.name} ${textOf(element)}`);
    expect(headings).toEqual(["h3 Notes on engines", "h4 The analytical engine", "h5 Its mill", "h6 Its store"]);
  });

  it("are sized below the title by the stylesheet", async () => {
    const css = await readFile(join(dir, "out", "style.css"), "utf8");
    const size = (selector: string): number => Number(new RegExp(`${selector.replace(".", "\\.")} \\{\\s*font-size: ([\\d.]+)rem`).exec(css)?.[1]);
    const title = size(".h-entry h3");
    expect(title).toBeGreaterThan(size(".e-content h4"));
    expect(size(".e-content h4")).toBeGreaterThan(size(".e-content h5"));
    expect(size(".e-content h5")).toBeGreaterThan(size(".e-content h6"));
  });
});
