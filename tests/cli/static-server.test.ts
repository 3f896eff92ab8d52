import { mkdir, symlink, writeFile } from "node:fs/promises";
import { request, type IncomingHttpHeaders } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "../helpers/static-server.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { runBinary, startBinary } from "../helpers/cli-process.ts";
import { isCanonicalPath, serveSite } from "../../src/cli/static-server.ts";
import { HEADER_CONTENT_SECURITY_POLICY, headersFile } from "../../src/site/security.ts";

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request with the path exactly as written: fetch() would normalise `..`, `//host` and some escapes away. */
function rawRequest(origin: string, path: string, method: string | Record<string, string> = "GET"): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  // A string is the method; an object, the headers of a GET.
  const [verb, headers] = typeof method === "string" ? [method, {}] : ["GET", method];
  return new Promise((done, fail) => {
    request({ host: hostname, port, path, method: verb, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on("error", fail)
      .end();
  });
}

/** Paths that try to make a redirect leave the origin, or a file leave the folder. */
const HOSTILE_PATHS = [
  "/%2Fevil.example%2F..%2Fsources",
  "/%2F%2Fevil.example%2F..%2Fsources",
  "//evil.example/../sources",
  "//evil.example/%2e%2e/sources",
  "///evil.example/..%2Fsources",
  "/.//evil.example/..%2Fsources",
  "/\\evil.example/..%2Fsources",
  "/%5Cevil.example%2F..%2Fsources",
  "//sources",
  "/sources/..%2F..%2F..%2Fetc%2Fpasswd",
  "/%E0%A4%A",
  "/%",
  "/sources%00/",
];

let workDir: { dir: string; remove(): Promise<void> };
let root: string;
let server: StaticServer;

beforeAll(async () => {
  workDir = await tempDir("blogroll-serve-");
  root = join(workDir.dir, "site");
  await mkdir(join(root, "sources", "ada"), { recursive: true });
  await mkdir(join(root, "pagefind", "fragment"), { recursive: true });
  await writeFile(join(root, "index.html"), "<h1>home</h1>");
  await writeFile(join(root, "sources", "index.html"), "<h1>sources</h1>");
  await writeFile(join(root, "sources", "ada", "index.html"), "<h1>ada</h1>");
  await writeFile(join(root, "404.html"), "<h1>lost</h1>");
  await writeFile(join(root, "_headers"), headersFile());
  await writeFile(join(root, "pagefind", "wasm.en.pagefind"), Buffer.from([0x1f, 0x8b, 0x08]));
  await writeFile(join(root, "pagefind", "fragment", "en_1.pf_fragment"), "x");
  await writeFile(join(root, "pagefind", "pagefind.wasm"), Buffer.from([0, 0x61, 0x73, 0x6d]));
  await writeFile(join(root, "style.css"), "body{}");
  await writeFile(join(root, "café.txt"), "accent");
  await writeFile(join(workDir.dir, "outside.txt"), "secret");
  // A sibling whose name starts with the site folder's: a prefix check without a separator would let it through.
  await mkdir(join(workDir.dir, "site-old"));
  await writeFile(join(workDir.dir, "site-old", "secret.txt"), "secret");
  server = await startStaticServer(root);
});

afterAll(async () => {
  await server.close();
  await workDir.remove();
});

describe("serveSite", () => {
  it("serves index.html for the root and for folders", async () => {
    const home = await fetch(server.url);
    expect(home.status).toBe(200);
    expect(home.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await home.text()).toBe("<h1>home</h1>");
    expect(await (await fetch(new URL("sources/ada/", server.url))).text()).toBe("<h1>ada</h1>");
  });

  it("redirects a folder without its trailing slash, on the same origin, keeping the query", async () => {
    const response = await fetch(new URL("sources/ada?x=1", server.url), { redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("/sources/ada/?x=1");
  });

  it("answers a missing page with 404.html and status 404", async () => {
    const response = await fetch(new URL("no/such/page/", server.url));
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("<h1>lost</h1>");
  });

  it("sends the headers of the site's _headers file with pages, files and the 404 page", async () => {
    for (const path of ["", "sources/ada/", "style.css", "pagefind/pagefind.wasm", "no/such/page/"]) {
      const response = await fetch(new URL(path, server.url));
      expect(response.headers.get("content-security-policy"), path).toBe(HEADER_CONTENT_SECURITY_POLICY);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
    }
  });

  it("sends nosniff and a Content-Security-Policy with redirects and refusals too", async () => {
    for (const [path, method] of [["/sources", "GET"], ["/", "POST"], ["http://evil.example/", "GET"], ...HOSTILE_PATHS.map((path) => [path, "GET"])] as const) {
      const response = await rawRequest(server.url, path, method);
      expect(response.headers["x-content-type-options"], path).toBe("nosniff");
      expect(response.headers["content-security-policy"], path).toBeDefined();
    }
  });

  it("reads _headers afresh, so a rebuilt site's headers show at once", async () => {
    await writeFile(join(root, "_headers"), "/*\n  X-Frame-Options: DENY\n");
    try {
      const response = await fetch(server.url);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("content-security-policy")).toBeNull();
    } finally {
      await writeFile(join(root, "_headers"), headersFile());
    }
  });

  it("never redirects to another origin, and never serves a file outside its folder", async () => {
    for (const path of HOSTILE_PATHS) {
      const response = await rawRequest(server.url, path);
      const location = response.headers.location;
      if (location !== undefined) expect(new URL(location, server.url).origin, `${path} → ${location}`).toBe(new URL(server.url).origin);
      expect(response.body, path).not.toContain("secret");
    }
    const sourcesViaEncodedSlashes = await rawRequest(server.url, "/%2Fevil.example%2F..%2Fsources");
    expect(sourcesViaEncodedSlashes.status).toBe(404);
    expect(sourcesViaEncodedSlashes.body).toBe("<h1>lost</h1>");
    expect((await rawRequest(server.url, "/..%2foutside.txt")).status).toBe(404);
    expect((await rawRequest(server.url, "/..%2fsite-old%2fsecret.txt")).status).toBe(404);
  });

  it("keeps answering after malformed escapes", async () => {
    for (const path of ["/%E0%A4%A", "/%", "/%zz"]) expect((await rawRequest(server.url, path)).status, path).toBe(404);
    expect((await fetch(server.url)).status).toBe(200);
  });

  it("answers a request for another host's URL (proxy form) with 400, never a redirect there", async () => {
    const response = await rawRequest(server.url, "http://evil.example/sources");
    expect(response.status).toBe(400);
    expect(response.headers.location).toBeUndefined();
  });

  it("gives Pagefind's files and WebAssembly the types a browser accepts, bytes unaltered", async () => {
    const wasm = await fetch(new URL("pagefind/pagefind.wasm", server.url));
    expect(wasm.headers.get("content-type")).toBe("application/wasm");
    const index = await fetch(new URL("pagefind/wasm.en.pagefind", server.url));
    expect(index.headers.get("content-type")).toBe("application/octet-stream");
    expect(index.headers.get("content-encoding")).toBeNull();
    expect([...new Uint8Array(await index.arrayBuffer())]).toEqual([0x1f, 0x8b, 0x08]);
    const fragment = await fetch(new URL("pagefind/fragment/en_1.pf_fragment", server.url));
    expect(fragment.headers.get("content-type")).toBe("application/octet-stream");
    expect((await fetch(new URL("style.css", server.url))).headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("decodes percent-encoded paths", async () => {
    expect(await (await fetch(new URL("caf%C3%A9.txt", server.url))).text()).toBe("accent");
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await fetch(server.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String("<h1>home</h1>".length));
    const post = await fetch(server.url, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("serveSite under a sub-path", () => {
  it("serves the site at the path of its baseUrl, as a project-pages host would", async () => {
    const mounted = await serveSite(root, { port: 0, host: "127.0.0.1", basePath: "/blogroll/" });
    try {
      expect(mounted.url).toMatch(/\/blogroll\/$/);
      expect(await (await fetch(mounted.url)).text()).toBe("<h1>home</h1>");
      expect(await (await fetch(new URL("sources/ada/", mounted.url))).text()).toBe("<h1>ada</h1>");
      const folder = await fetch(new URL("sources/ada", mounted.url), { redirect: "manual" });
      expect(folder.headers.get("location")).toBe("/blogroll/sources/ada/");
      const top = await fetch(new URL("/", mounted.url), { redirect: "manual" });
      expect(top.status).toBe(302);
      expect(top.headers.get("location")).toBe("/blogroll/");
      const bare = await fetch(new URL("/blogroll", mounted.url), { redirect: "manual" });
      expect(bare.status).toBe(301);
      expect(bare.headers.get("location")).toBe("/blogroll/");
      const outside = await fetch(new URL("/sources/ada/", mounted.url));
      expect(outside.status).toBe(404);
      expect(await outside.text()).toBe("<h1>lost</h1>");
      for (const path of HOSTILE_PATHS.map((path) => `/blogroll${path}`)) {
        const location = (await rawRequest(mounted.url, path)).headers.location;
        if (location !== undefined) expect(new URL(location, mounted.url).origin, path).toBe(new URL(mounted.url).origin);
      }
    } finally {
      await mounted.close();
    }
  });
});

describe("isCanonicalPath", () => {
  it("takes the paths the site's links write", () => {
    for (const path of ["/", "/sources/ada/", "/caf%C3%A9.txt", "/pagefind/fragment/en_1.pf_fragment", "/page/2/", "/a%20b/"]) {
      expect(isCanonicalPath(path), path).toBe(true);
    }
  });

  it("refuses dot segments, empty segments, backslashes, encoded separators and broken escapes", () => {
    for (const path of ["//evil.example/", "/a//b/", "/./a", "/a/../b", "/a/%2e%2e/b", "/\\evil.example", "/a%5Cb", "/a%2Fb", "/a%00", "/%E0%A4%A", "/%", "a/b", ""]) {
      expect(isCanonicalPath(path), path).toBe(false);
    }
  });
});

describe("blogroll serve", () => {
  it("previews a built site under its base path with the site's headers, and stops on SIGTERM with 0", async () => {
    const config = join(workDir.dir, "feeds.yaml");
    await writeFile(config, "site:\n  baseUrl: https://you.github.io/blogroll/\nfeeds: []\n");
    const serving = await startBinary(["serve", "--config", config, "--out", root, "--port", "0"]);
    const url = /at (http:\/\/127\.0\.0\.1:\d+\/blogroll\/) \(Ctrl\+C to stop\)\.$/.exec(serving.firstLine)?.[1];
    try {
      expect(url, serving.firstLine).toBeDefined();
      if (url === undefined) return;
      const page = await rawRequest(url, "/blogroll/sources/ada/");
      expect(page.body).toBe("<h1>ada</h1>");
      expect(page.headers["content-security-policy"]).toBe(HEADER_CONTENT_SECURITY_POLICY);
      const hostile = await rawRequest(url, "/blogroll/%2Fevil.example%2F..%2Fsources");
      expect(hostile.status).toBe(404);
      expect(hostile.headers.location).toBeUndefined();
      expect(hostile.headers["x-content-type-options"]).toBe("nosniff");
    } finally {
      expect(await serving.stop()).toBe(0);
    }
  });

  it("refuses a symlink that leads out of the site (404) and answers a range past a file's end with 416", async () => {
    const { dir, remove } = await tempDir("blogroll-serve-links-");
    try {
      const site = join(dir, "_site");
      await mkdir(join(site, "inner"), { recursive: true });
      await writeFile(join(dir, "secret.txt"), "outside the site");
      await writeFile(join(site, "notes.txt"), "0123456789");
      await writeFile(join(site, "404.html"), "<h1>Not found</h1>");
      await writeFile(join(site, "index.html"), "<h1>Home</h1>");
      await symlink(join(dir, "secret.txt"), join(site, "passwd.txt"));
      await symlink(dir, join(site, "outside"));
      // A link that stays inside the site is the site's own.
      await symlink(join(site, "notes.txt"), join(site, "inner", "same.txt"));
      const config = join(dir, "feeds.yaml");
      await writeFile(config, "feeds: []\n");
      const serving = await startBinary(["serve", "--config", config, "--out", site, "--port", "0"]);
      const url = /at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl\+C to stop\)\.$/.exec(serving.firstLine)?.[1];
      try {
        expect(url, serving.firstLine).toBeDefined();
        if (url === undefined) return;
        for (const path of ["/passwd.txt", "/outside/secret.txt"]) {
          const answer = await rawRequest(url, path);
          expect(answer.status, path).toBe(404);
          expect(answer.body).not.toContain("outside the site");
        }
        expect((await rawRequest(url, "/inner/same.txt")).body).toBe("0123456789");
        const past = await rawRequest(url, "/notes.txt", { range: "bytes=50-60" });
        expect(past.status).toBe(416);
        expect(past.headers["content-range"]).toBe("bytes */10");
        expect((await rawRequest(url, "/notes.txt", { range: "bytes=2-4" })).body).toBe("234");
      } finally {
        expect(await serving.stop()).toBe(0);
      }
    } finally {
      await remove();
    }
  });

  it("exits 2 and says so when there is no built site", async () => {
    const run = await runBinary(["serve", "--config", join(workDir.dir, "none.yaml"), "--out", join(workDir.dir, "no-site"), "--port", "0"]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/There is no site in .*no-site: run `blogroll build`/);
  });

  it("exits 1 and says so when the port is taken", async () => {
    const port = new URL(server.url).port;
    const run = await runBinary(["serve", "--config", join(workDir.dir, "none.yaml"), "--out", root, "--port", port]);
    expect(run.code).toBe(1);
    expect(run.err).toBe(`Cannot listen on port ${port}: another program uses it. Choose another with --port.`);
  });
});
