import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "../helpers/static-server.ts";
import { serveStatic } from "../../src/cli/static-server.ts";

let root: string;
let server: StaticServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "blogroll-static-"));
  await mkdir(join(root, "sources", "ada"), { recursive: true });
  await mkdir(join(root, "pagefind", "fragment"), { recursive: true });
  await writeFile(join(root, "index.html"), "<h1>home</h1>");
  await writeFile(join(root, "sources", "ada", "index.html"), "<h1>ada</h1>");
  await writeFile(join(root, "404.html"), "<h1>lost</h1>");
  await writeFile(join(root, "pagefind", "wasm.en.pagefind"), Buffer.from([0x1f, 0x8b, 0x08]));
  await writeFile(join(root, "pagefind", "fragment", "en_1.pf_fragment"), "x");
  await writeFile(join(root, "pagefind", "pagefind.wasm"), Buffer.from([0, 0x61, 0x73, 0x6d]));
  await writeFile(join(root, "style.css"), "body{}");
  await writeFile(join(root, "café.txt"), "accent");
  await writeFile(join(tmpdir(), "blogroll-static-outside.txt"), "secret");
  server = await startStaticServer(root);
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
  await rm(join(tmpdir(), "blogroll-static-outside.txt"), { force: true });
});

describe("serveStatic", () => {
  it("serves index.html for the root and for folders", async () => {
    const home = await fetch(server.url);
    expect(home.status).toBe(200);
    expect(home.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await home.text()).toBe("<h1>home</h1>");
    expect(await (await fetch(new URL("sources/ada/", server.url))).text()).toBe("<h1>ada</h1>");
  });

  it("redirects a folder without its trailing slash so relative links resolve", async () => {
    const response = await fetch(new URL("sources/ada?x=1", server.url), { redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("/sources/ada/?x=1");
  });

  it("answers a missing page with 404.html and status 404", async () => {
    const response = await fetch(new URL("no/such/page/", server.url));
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("<h1>lost</h1>");
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

  it("never serves a file outside its folder", async () => {
    const origin = new URL(server.url);
    const response = await new Promise<number>((done, fail) => {
      // An encoded slash survives URL normalisation and only becomes `../` once decoded.
      request({ host: origin.hostname, port: origin.port, path: "/..%2fblogroll-static-outside.txt" }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      })
        .on("error", fail)
        .end();
    });
    expect(response).toBe(404);
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await fetch(server.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String("<h1>home</h1>".length));
    expect((await fetch(server.url, { method: "POST" })).status).toBe(405);
  });
});

describe("serveStatic under a sub-path", () => {
  it("serves the site at the path of its baseUrl, as a project-pages host would", async () => {
    const mounted = await serveStatic(root, { port: 0, host: "127.0.0.1", basePath: "/blogroll/" });
    try {
      expect(mounted.url).toMatch(/\/blogroll\/$/);
      expect(await (await fetch(mounted.url)).text()).toBe("<h1>home</h1>");
      expect(await (await fetch(new URL("sources/ada/", mounted.url))).text()).toBe("<h1>ada</h1>");
      const folder = await fetch(new URL("sources/ada", mounted.url), { redirect: "manual" });
      expect(folder.headers.get("location")).toBe("/blogroll/sources/ada/");
      const top = await fetch(new URL("/", mounted.url), { redirect: "manual" });
      expect(top.status).toBe(302);
      expect(top.headers.get("location")).toBe("/blogroll/");
      expect((await fetch(new URL("/sources/ada/", mounted.url))).status).toBe(404);
    } finally {
      await mounted.close();
    }
  });
});
