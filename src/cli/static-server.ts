// `blogroll serve`: the built site served as a static host serves it, to look at before deploying.
// serve-static (Express's static file server, on `send`) does the files: index.html for folders, the redirect
// of a folder to its `/`, content types, ETag and ranges, and its own refusal of paths that climb out of the
// folder. Ours: the site's base path, 404.html with status 404, the headers the site's `_headers` file lists
// (the preview runs under the deployed site's Content-Security-Policy), and only canonical paths: serve-static
// builds a folder's redirect from the path as requested, and `/\evil.example/..%2Fsources` would come back as
// `Location: /\evil.example/..%2Fsources/`, which browsers read as another host.
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { realpath } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import serveStaticFiles from "serve-static";
import { unlessMissing } from "../disk.ts";
import type { CliOptions } from "./args.ts";
import { EXIT_FEEDS_FAILED, EXIT_OK, EXIT_USAGE, loadConfigOrExplain } from "./outcome.ts";
import { headersFor, readHeadersFile } from "./headers-file.ts";
import type { CliIo } from "./io.ts";
import { terminalLine } from "./terminal-text.ts";

export interface SiteServer {
  /** Root URL of the site, ending in `/`. */
  url: string;
  close(): Promise<void>;
}

/**
 * A path as the site's own links write it: escapes well-formed, no `.`, `..` or empty segments, no backslash,
 * no encoded `/`, `\` or NUL. No page has any other, and such a path can never shape a redirect.
 */
export function isCanonicalPath(path: string): boolean {
  if (!path.startsWith("/") || /%(2f|5c|00)/i.test(path)) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  const segments = decoded.slice(1).split("/");
  return !decoded.includes("\\") && segments.every((segment, index) => (segment === "" ? index === segments.length - 1 : segment !== "." && segment !== ".."));
}

/** `basePath` (default `/`, always ending in `/`) is where the site is mounted: the path of its baseUrl. */
/** Whether `file` (if it exists at all) is, once every symlink is followed, inside the folder `realRoot`. */
async function staysInside(realRoot: string, file: string): Promise<boolean> {
  const real = await unlessMissing(realpath(file), null);
  return real === null || real === realRoot || real.startsWith(realRoot + sep);
}

export async function serveSite(dir: string, options: { port: number; host: string; basePath?: string }): Promise<SiteServer> {
  const root = resolve(dir);
  const realRoot = await realpath(root).catch(() => root);
  const basePath = options.basePath ?? "/";
  // Hidden names are never the site's: a render builds the next site in `.blogroll-next/` inside a mount point.
  const files = serveStaticFiles(root, { index: "index.html", dotfiles: "ignore" });
  // The not-found page is a file of its own: never a range of it, nor a 304 in place of its 404.
  const notFoundPage = serveStaticFiles(root, { index: false, redirect: false, acceptRanges: false, etag: false, lastModified: false });

  const notFound = (req: IncomingMessage, res: ServerResponse): void => {
    req.url = "/404.html";
    res.statusCode = 404;
    notFoundPage(req, res, () => {
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end("Not found\n");
    });
  };

  const respond = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? "/";
    // Only a path (origin-form) is ours to answer: a request for `http://other.example/...` (proxy form) is not.
    const originForm = target.startsWith("/");
    const queryAt = target.indexOf("?");
    const path = !originForm ? "/" : queryAt === -1 ? target : target.slice(0, queryAt);
    const query = !originForm || queryAt === -1 ? "" : target.slice(queryAt);
    const inside = path.startsWith(basePath) ? path.slice(basePath.length - 1) : null;
    for (const [name, value] of headersFor(await readHeadersFile(root), inside ?? path)) res.setHeader(name, value);

    if (!originForm) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Bad request\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-length": 0 }).end();
      return;
    }
    // The site lives under its base path, as on a host that serves it from a sub-path (GitHub project pages).
    if (basePath !== "/" && (path === "/" || path === basePath.slice(0, -1))) {
      res.writeHead(path === "/" ? 302 : 301, { location: basePath + query }).end();
      return;
    }
    if (inside === null || !isCanonicalPath(path)) {
      notFound(req, res);
      return;
    }
    // A symlink in the site that leads out of it (`passwd.txt` → /etc/passwd) is not part of the site.
    if (!(await staysInside(realRoot, join(root, decodeURIComponent(inside))))) {
      notFound(req, res);
      return;
    }
    // Mounted as Express mounts it: serve-static reads the path inside the site, and redirects from the original.
    Object.assign(req, { originalUrl: target, url: inside + query });
    files(req, res, (error?: { statusCode: number; headers?: Record<string, string> }) => {
      // A range past the file's end is the client's mistake about a file that exists: 416, with the file's length.
      if (error?.statusCode === 416) res.writeHead(416, { ...error.headers, "content-type": "text/plain; charset=utf-8" }).end("Range not satisfiable\n");
      else if (error === undefined || error.statusCode < 500) notFound(req, res);
      else res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("Internal error\n");
    });
  };

  const server = createServer((req, res) => {
    respond(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Internal error\n");
    });
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port, options.host, () => {
      server.off("error", fail);
      done();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${displayHost(address)}:${port}${basePath}`,
    close: () =>
      new Promise<void>((done) => {
        // A browser keeps connections alive; they must not hold the server open.
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** `blogroll serve`: until Ctrl+C (or SIGTERM), under the path of site.baseUrl when there is a feeds.yaml to read it from. */
export async function runServe(options: CliOptions, io: CliIo): Promise<number> {
  let basePath = "/";
  if (existsSync(resolve(options.config))) {
    const config = await loadConfigOrExplain(options, io);
    if (!config) return EXIT_USAGE;
    basePath = new URL(config.site.baseUrl).pathname;
  }
  const root = resolve(options.out);
  if (!existsSync(join(root, "index.html"))) {
    io.err(terminalLine`There is no site in ${options.out}: run \`blogroll build\` (or \`blogroll render\`) first, or give the right folder with --out.`);
    return EXIT_USAGE;
  }
  for (const problem of (await readHeadersFile(root)).problems) io.err(terminalLine`${join(options.out, "_headers")}, ${problem}: left out.`);
  let server: SiteServer;
  try {
    server = await serveSite(root, { port: options.port, host: "127.0.0.1", basePath });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EADDRINUSE" && code !== "EACCES") throw error;
    io.err(`Cannot listen on port ${options.port}: ${code === "EADDRINUSE" ? "another program uses it" : "this user may not use it"}. Choose another with --port.`);
    return EXIT_FEEDS_FAILED;
  }
  io.out(terminalLine`Serving ${options.out} at ${server.url} (Ctrl+C to stop).`);
  await new Promise<void>((stop) => process.once("SIGINT", stop).once("SIGTERM", stop));
  await server.close();
  return EXIT_OK;
}

/** A wildcard address is not something to type into a browser. */
function displayHost(address: string): string {
  if (address === "0.0.0.0" || address === "::") return "localhost";
  return address.includes(":") ? `[${address}]` : address;
}
