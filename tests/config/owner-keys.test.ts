// The owner's controls in feeds.yaml: filters, show, face and theme, read into the Config or refused where written.
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatConfigError, loadConfig } from "../../src/config/load.ts";
import type { Config } from "../../src/model.ts";
import { runCli } from "../helpers/cli.ts";
import { writeTempConfig } from "./temp-config.ts";

async function loaded(text: string): Promise<{ file: string; config: Config }> {
  const file = await writeTempConfig(text);
  const result = await loadConfig(file);
  if (!result.ok) throw new Error(result.errors.map(formatConfigError).join("\n"));
  return { file, config: result.config };
}

/** Every error line `blogroll status` prints for the file, as the owner sees them. */
async function refused(text: string): Promise<string[]> {
  const file = await writeTempConfig(text);
  const run = await runCli(["status", "--config", file, "--data", join(dirname(file), "data")]);
  expect(run.code).toBe(2);
  // The file as named on the command line, here a temporary folder's.
  return run.err.split("\n").filter((line) => line.startsWith(`${file}:`)).map((line) => line.replace(`${dirname(file)}/`, ""));
}

const feed = (extra: string) => `feeds:\n  - name: Ada\n    url: https://ada.example/feed.xml\n${extra}`;

describe("filters in feeds.yaml", () => {
  it("reads words and /patterns/ with their flags, site-wide and per feed", async () => {
    const { config } = await loaded(`site:\n  include: [mysql, "open  source", 2024]\n  exclude: ["/^sponsored\\\\b/i"]\n${feed('    exclude: [jobs, "/h(a|i)ring/s"]\n')}`);
    expect(config.site.filter).toEqual({
      include: [
        { kind: "words", text: "mysql" },
        { kind: "words", text: "open source" },
        { kind: "words", text: "2024" },
      ],
      exclude: [{ kind: "pattern", source: "^sponsored\\b", flags: "i" }],
    });
    expect(config.feeds[0]?.filter).toEqual({ include: [], exclude: [{ kind: "words", text: "jobs" }, { kind: "pattern", source: "h(a|i)ring", flags: "s" }] });
  });

  it("refuses, by file and line, an invalid pattern, unknown flags, one that could backtrack for ever, an unclosed one, a term with no letter and a value that is not a list", async () => {
    const errors = await refused(
      [
        "site:",
        '  exclude: ["/(unclosed/"]',
        "feeds:",
        "  - name: Ada",
        "    url: https://ada.example/feed.xml",
        '    include: ["/mysql/g", "/(a+)+$/", "/(x)\\\\1/"]',
        '    exclude: ["/usr/bin", "!!!"]',
        "  - name: Bea",
        "    url: https://bea.example/feed.xml",
        "    include: mysql",
        "",
      ].join("\n"),
    );
    expect(errors).toEqual([
      expect.stringMatching(/^feeds\.yaml:2:13: site\.exclude\[0\]: "\/\(unclosed\/" is not a valid regular expression: .*Unterminated group.*\. Fix: /),
      expect.stringMatching(/^feeds\.yaml:6:15: feeds\[0\]\.include\[0\]: "\/mysql\/g" has the flags "g"; a filter takes only i .* Fix: write \/mysql\/$/),
      expect.stringMatching(/^feeds\.yaml:6:27: feeds\[0\]\.include\[1\]: "\/\(a\+\)\+\$\/" repeats a group that itself repeats, which can take exponential time/),
      expect.stringMatching(/^feeds\.yaml:6:39: feeds\[0\]\.include\[2\]: .* refers back to a group/),
      expect.stringMatching(/^feeds\.yaml:7:15: feeds\[0\]\.exclude\[0\]: "\/usr\/bin" starts with \/ but is not a \/regular expression\//),
      expect.stringMatching(/^feeds\.yaml:7:27: feeds\[0\]\.exclude\[1\]: "!!!" has no letter or digit to match\./),
      expect.stringMatching(/^feeds\.yaml:10:14: feeds\[1\]\.include: must be a list of words or \/regular expressions\/, not the text "mysql"\. Fix: write it in brackets: include: \[mysql\]$/),
    ]);
  });
});

describe("show, face and theme in feeds.yaml", () => {
  it("default to whole posts, no face and no theme", async () => {
    const { config } = await loaded(feed(""));
    expect(config.feeds[0]).toMatchObject({ show: "full", face: null });
    expect(config.site.theme).toBeNull();
  });

  it("read summary, a face's URL or local image file and a theme folder, both made absolute against feeds.yaml", async () => {
    const { file, config } = await loaded(
      `site:\n  theme: ./theme\nfeeds:\n  - name: Ada\n    url: https://ada.example/feed.xml\n    show: summary\n    face: ./faces/ada.PNG\n  - name: Bea\n    url: https://bea.example/feed.xml\n    face: https://bea.example/me.jpg\n`,
    );
    expect(config.site.theme).toBe(join(dirname(file), "theme"));
    expect(config.feeds.map((entry) => [entry.show, entry.face])).toEqual([
      ["summary", join(dirname(file), "faces", "ada.PNG")],
      ["full", "https://bea.example/me.jpg"],
    ]);
  });

  it("refuses, by file and line, a show that is neither, a face that is no image, and a theme that is an address", async () => {
    const errors = await refused(
      `site:\n  theme: https://themes.example/dark\nfeeds:\n  - name: Ada\n    url: https://ada.example/feed.xml\n    show: excerpt\n    face: ./ada.svg\n  - name: Bea\n    url: https://bea.example/feed.xml\n    face: bea.example/me.jpg\n`,
    );
    expect(errors).toEqual([
      expect.stringMatching(/^feeds\.yaml:2:10: site\.theme: must be a folder on this machine/),
      expect.stringMatching(/^feeds\.yaml:6:11: feeds\[0\]\.show: must be full or summary, not the text "excerpt"\./),
      expect.stringMatching(/^feeds\.yaml:7:11: feeds\[0\]\.face: "\.\/ada\.svg" is not an image file the site can show/),
      expect.stringMatching(/^feeds\.yaml:10:11: feeds\[1\]\.face: "bea\.example\/me\.jpg" is not an image's http\(s\) URL or file path\. Fix: write an image's http\(s\) URL/),
    ]);
  });
});
