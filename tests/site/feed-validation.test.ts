// The output feeds and the OPML of a real build, checked by the W3C Feed Validation Service's own code
// (github.com/w3c/feedvalidator, Python) at the level its web service reports, "AA": errors and warnings.
// It is no registry's package, so it runs where FEEDVALIDATOR_SRC names the `src` folder of a checkout
// (a python3 with html5lib, rdflib and lxml beside it: Debian's python3-html5lib, python3-rdflib, python3-lxml).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { startLoopback, type Loopback } from "../helpers/loopback.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "feeds", "readers");
const BASE_URL = "https://planet.example/";
const validatorSource = process.env.FEEDVALIDATOR_SRC ?? "";
/** The Python whose packages the validator needs; FEEDVALIDATOR_PYTHON names another than python3 (Debian's is /usr/bin/python3). */
const python = process.env.FEEDVALIDATOR_PYTHON ?? "python3";

function whyNotRunnable(): string | null {
  if (validatorSource === "") return "FEEDVALIDATOR_SRC is not set (the src folder of a checkout of github.com/w3c/feedvalidator)";
  if (!existsSync(join(validatorSource, "feedvalidator", "__init__.py"))) return `${validatorSource} holds no feedvalidator package`;
  const imports = spawnSync(python, ["-c", "import html5lib, rdflib, lxml"], { encoding: "utf8" });
  if (imports.status !== 0) return `${python} cannot import what the validator needs (apt-get install python3-html5lib python3-rdflib python3-lxml): ${imports.stderr || imports.error?.message}`;
  return null;
}

const reason = whyNotRunnable();
if (reason !== null) console.warn(`Skipping the W3C feed validator's checks: ${reason}.`);

// Reads [file, url] pairs on stdin; prints, for each url, the validator's messages at level AA (none: valid).
const DRIVER = `
import json, sys
sys.path.insert(0, sys.argv[1])
import feedvalidator
from feedvalidator import compatibility
from feedvalidator.formatter.text_plain import Formatter
results = {}
for path, url in json.load(sys.stdin):
    with open(path, "rb") as stream:
        try:
            events = feedvalidator.validateStream(stream, firstOccurrenceOnly=1, base=url)["loggedEvents"]
        except feedvalidator.logging.ValidationFailure as failure:
            events = [failure.event]
    results[url] = list(Formatter(compatibility.AA(events)))
print(json.dumps(results))
`;

describe.skipIf(reason !== null)("output feeds and the OPML, through the W3C feed validator at level AA", () => {
  let out = "";
  let server: Loopback | null = null;
  let removeDir = async (): Promise<void> => undefined;

  beforeAll(async () => {
    const temp = await tempDir();
    removeDir = temp.remove;
    const podcast = await readFile(join(FIXTURES, "podcast.xml"));
    server = await startLoopback({ "/podcast.xml": (_req, res) => void res.writeHead(200, { "content-type": "application/rss+xml" }).end(podcast) });
    const feeds: [string, string][] = [
      // An apostrophe in a name: the RSS description once escaped it twice.
      ["Ada's Notebook", join(FIXTURES, "headings-and-embeds.xml")],
      ["Lathe Lessons", join(FIXTURES, "youtube-channel.xml")],
      // A feed on the web, so that atom:source's self link names the original feed.
      ["Harbour Radio", server.url("/podcast.xml")],
      ["Kitchen Talk", join(FIXTURES, "json-feed-attachments.json")],
      ["Field Recordings", join(FIXTURES, "atom-enclosure.xml")],
    ];
    const config = ["site:", `  baseUrl: ${BASE_URL}`, "feeds:", ...feeds.flatMap(([name, url]) => [`  - name: "${name}"`, `    url: ${url}`, "    categories: [Listening, Ada & Co]"]), ""];
    await writeFile(join(temp.dir, "feeds.yaml"), config.join("\n"));
    out = join(temp.dir, "out");
    const run = await runCli(["build", "--config", join(temp.dir, "feeds.yaml"), "--data", join(temp.dir, "data"), "--out", out, "--now", "2024-03-02T12:00:00Z"]);
    if (run.code !== 0) throw new Error(`the build failed (${run.code}): ${run.err}`);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await removeDir();
  });

  it("finds nothing wrong in any RSS or Atom feed, nor in the OPML", async () => {
    const files = (await readdir(out, { recursive: true })).filter((file) => /(^|\/)(rss\.xml|atom\.xml)$/.test(file) || file === "opml.xml");
    // The site's feeds, each category's and each source's: 1 + 2 + 5, in both formats; and the OPML.
    expect(files).toHaveLength(17);
    const pairs = files.map((file) => [join(out, file), new URL(relative(out, join(out, file)), BASE_URL).href]);
    const report = execFileSync(python, ["-c", DRIVER, validatorSource], { input: JSON.stringify(pairs), encoding: "utf8", timeout: 120_000 });
    const problems = Object.entries(JSON.parse(report) as Record<string, string[]>).filter(([, messages]) => messages.length > 0);
    expect(problems).toEqual([]);
  }, 180_000);
});
