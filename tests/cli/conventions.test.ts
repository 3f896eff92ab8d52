// The command line's conventions: help on stdout with exit 0, each command's own usage, options and an
// example, the version, and exit 2 naming the command or option meant. The contract with the shell (exit
// codes, which stream) is checked on the real binary; the detail for every command in process, which is faster.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { runCli } from "../helpers/cli.ts";
import { runBinary } from "../helpers/cli-process.ts";

const COMMANDS = ["fetch", "render", "build", "status", "inspect", "serve", "add", "remove", "opml import", "opml export"];
const words = (command: string): string[] => command.split(" ");

describe("the blogroll binary", () => {
  it("--help, -h and help print the usage and every command to stdout and exit 0", async () => {
    const help = await runBinary(["--help"]);
    expect(help.code).toBe(0);
    expect(help.err).toBe("");
    expect(help.out).toMatch(/^Usage: blogroll <command> \[options\]/);
    for (const command of ["fetch", "render", "build", "status", "inspect", "serve", "add", "remove", "opml", "help"]) {
      expect(help.out).toMatch(new RegExp(`^  ${command} `, "m"));
    }
    expect(help.out).toContain("Exit codes:");
    // The README shows it as it is.
    expect(await readFile(new URL("../../README.md", import.meta.url), "utf8")).toContain(`$ npx blogroll --help\n${help.out}\n`);
    expect(await runBinary(["-h"])).toEqual(help);
    expect(await runBinary(["help"])).toEqual(help);
  });

  it("<command> --help and help <command> print that command's own usage to stdout and exit 0", async () => {
    const fetchHelp = await runBinary(["fetch", "--help"]);
    expect(fetchHelp.code).toBe(0);
    expect(fetchHelp.err).toBe("");
    expect(fetchHelp.out).toMatch(/^Usage: blogroll fetch \[options\]/);
    expect(fetchHelp.out).toContain("Example:\n  blogroll fetch");
    const opmlImport = await runBinary(["help", "opml", "import"]);
    expect(opmlImport.code).toBe(0);
    expect(opmlImport.out).toMatch(/^Usage: blogroll opml import \[options\] <file\|url>/);
  });

  it("--version prints the version to stdout and exits 0", async () => {
    expect(await runBinary(["--version"])).toEqual({ code: 0, out: packageJson.version, err: "" });
  });

  it("an unknown command or option exits 2 with the one meant on stderr", async () => {
    const command = await runBinary(["fetc"]);
    expect(command.code).toBe(2);
    expect(command.out).toBe("");
    expect(command.err).toMatch(/unknown command 'fetc'\n\(Did you mean fetch\?\)\nRun "blogroll --help" for the commands\./);
    const option = await runBinary(["fetch", "--stric"]);
    expect(option.code).toBe(2);
    expect(option.out).toBe("");
    expect(option.err).toMatch(/unknown option '--stric'\n\(Did you mean --strict\?\)\nRun "blogroll fetch --help"/);
  });

  it("no command prints the usage to stderr and exits 2", async () => {
    const run = await runBinary([]);
    expect(run.code).toBe(2);
    expect(run.out).toBe("");
    expect(run.err).toMatch(/^Usage: blogroll <command> \[options\]/);
  });
});

describe("every command's help", () => {
  it.each(COMMANDS)("blogroll %s --help shows its usage, its options and an example", async (command) => {
    const run = await runCli([...words(command), "--help"]);
    expect(run.code).toBe(0);
    expect(run.err).toBe("");
    expect(run.out).toMatch(new RegExp(`^Usage: blogroll ${command} `));
    expect(run.out).toContain("--config <file>");
    expect(run.out).toMatch(new RegExp(`Example:\\n  blogroll ${command}`));
    expect((await runCli(["help", ...words(command)])).out).toBe(run.out);
  });

  it("lists only the options a command takes, with their defaults", async () => {
    const fetchHelp = (await runCli(["fetch", "--help"])).out;
    expect(fetchHelp).toContain("--strict");
    expect(fetchHelp).toContain('--data <dir>      the archive folder (default: "data")');
    expect(fetchHelp).not.toContain("--port");
    const serveHelp = (await runCli(["serve", "-h"])).out;
    expect(serveHelp).toContain("--port <n>");
    expect(serveHelp).toContain("(default: 8080)");
    expect(serveHelp).not.toContain("--strict");
  });
});

describe("usage errors exit 2 and say what was meant", () => {
  it.each([
    [["help", "inspec"], /unknown command 'inspec'\n\(Did you mean inspect\?\)/],
    [["opml", "imprt", "x.opml"], /unknown command 'imprt'\n\(Did you mean import\?\)/],
    [["build", "--verbos"], /unknown option '--verbos'\n\(Did you mean --verbose\?\)/],
    [["frobnicate"], /unknown command 'frobnicate'\nRun "blogroll --help"/],
    [["fetch", "--port", "8081"], /unknown option '--port'/],
    [["inspect"], /missing required argument 'url\|file'/],
    [["fetch", "--now", "yesterday"], /'--now <iso>' argument 'yesterday' is invalid\. Not an ISO date and time/],
    [["serve", "--port", "65536"], /'--port <n>' argument '65536' is invalid\. Not a port number/],
    [["status", "extra"], /too many arguments for 'status'/],
    [["opml"], /^Usage: blogroll opml \[options\] \[command\]/],
  ])("%j", async (argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.out).toBe("");
    expect(run.err).toMatch(message);
  });
});
