// Serves a built site folder over HTTP, the way a static host would: `index.html` for folders,
// `404.html` for misses, and content types a browser needs (Pagefind loads WebAssembly and its
// own `.pf_*` / `.pagefind` files with fetch, so they must come back as bytes, unaltered).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";

export interface StaticServer {
  /** Root URL of the site, ending in `/`. */
  url: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".rss": "application/rss+xml; charset=utf-8",
  ".atom": "application/atom+xml; charset=utf-8",
  ".opml": "text/x-opml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  // Pagefind's index files are gzip data it inflates itself; a Content-Encoding would break that.
  ".pagefind": "application/octet-stream",
  ".pf_meta": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
  ".pf_filter": "application/octet-stream",
};

export function contentTypeFor(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? "application/octet-stream";
}

type Resolved =
  | { kind: "file"; path: string; size: number }
  | { kind: "redirect"; location: string }
  | { kind: "missing" };

/** Maps a request path to a file under root, never outside it. */
async function resolveRequest(root: string, rawPath: string): Promise<Resolved> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPath);
  } catch {
    return { kind: "missing" };
  }
  const target = resolve(root, "." + pathname);
  if (target !== root && !target.startsWith(root + sep)) return { kind: "missing" };
  const found = await statOrNull(target);
  if (found?.isFile()) return { kind: "file", path: target, size: found.size };
  if (found?.isDirectory()) {
    // Relative links in an index page only resolve from a URL that ends in `/`.
    if (!pathname.endsWith("/")) return { kind: "redirect", location: encodeURI(pathname) + "/" };
    const index = join(target, "index.html");
    const indexStat = await statOrNull(index);
    if (indexStat?.isFile()) return { kind: "file", path: index, size: indexStat.size };
  }
  return { kind: "missing" };
}

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

async function respond(root: string, basePath: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  const { pathname, search } = new URL(req.url ?? "/", "http://static.invalid");
  // The site lives under its base path, as on a host that serves it from a sub-path (GitHub project pages).
  if (pathname === "/" && basePath !== "/") {
    res.writeHead(302, { location: basePath }).end();
    return;
  }
  const inside = pathname.startsWith(basePath) ? pathname.slice(basePath.length - 1) : null;
  const resolved: Resolved = inside === null ? { kind: "missing" } : await resolveRequest(root, inside);
  if (resolved.kind === "redirect") {
    res.writeHead(301, { location: basePath.slice(0, -1) + resolved.location + search }).end();
    return;
  }
  let status = 200;
  let file: { path: string; size: number } | null = resolved.kind === "file" ? resolved : null;
  if (!file) {
    status = 404;
    const notFound = join(root, "404.html");
    const notFoundStat = await statOrNull(notFound);
    file = notFoundStat?.isFile() ? { path: notFound, size: notFoundStat.size } : null;
  }
  if (!file) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
    return;
  }
  res.writeHead(status, {
    "content-type": contentTypeFor(file.path),
    "content-length": file.size,
    // A local preview must show the latest build, never a cached one.
    "cache-control": "no-cache",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

/** `basePath` (default `/`, always ending in `/`) is where the site is mounted: the path of its baseUrl. */
export async function serveStatic(dir: string, options: { port: number; host: string; basePath?: string }): Promise<StaticServer> {
  const root = resolve(dir);
  const basePath = options.basePath ?? "/";
  const server = createServer((req, res) => {
    respond(root, basePath, req, res).catch(() => {
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

/** A wildcard address is not something to type into a browser. */
function displayHost(address: string): string {
  if (address === "0.0.0.0" || address === "::") return "localhost";
  return address.includes(":") ? `[${address}]` : address;
}
