// The corpus on a loopback HTTP server: a set latency per response and real validators
// (ETag, Last-Modified, 304), so the benchmark measures what a conditional-GET client saves.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ServedDocument {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}

/** Responses sent since the last `resetCounts`, by status. */
export type StatusCounts = Record<number, number>;

export interface CorpusServer {
  origin: string;
  /** Publish (or replace) the document at `path`, as of `lastModified`. */
  put(path: string, body: Buffer, contentType: string, lastModified: Date): void;
  counts(): StatusCounts;
  resetCounts(): void;
  close(): Promise<void>;
}

export interface CorpusServerOptions {
  latencyMs: number;
}

// A 1×1 transparent PNG: images in the content point at the server and should resolve.
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

// What a blog's post page offers a reader that fetches it for a summary (osmosfeed does, for every new item).
const ARTICLE_PAGE = Buffer.from(
  '<!doctype html><html><head><title>A post</title><meta property="og:description" content="A post on a benchmark blog.">' +
    "</head><body><article><p>The full post lives in the feed.</p></article></body></html>",
);

function etagOf(body: Buffer): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison, and `*` matches any current document. */
function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const strip = (tag: string): string => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => strip(tag) === strip(etag));
}

/** RFC 9110 §13.2.2: If-Modified-Since counts only when If-None-Match is absent. */
function isNotModified(req: IncomingMessage, document: ServedDocument): boolean {
  const ifNoneMatch = req.headers["if-none-match"];
  if (ifNoneMatch !== undefined) return matchesEtag(ifNoneMatch, document.etag);
  const ifModifiedSince = req.headers["if-modified-since"];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds; compare at that precision.
  return !Number.isNaN(since) && Math.floor(document.lastModified.getTime() / 1000) * 1000 <= since;
}

function respond(req: IncomingMessage, res: ServerResponse, document: ServedDocument | undefined): number {
  if (!document) {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    return 404;
  }
  const validators = { etag: document.etag, "last-modified": document.lastModified.toUTCString() };
  if (isNotModified(req, document)) {
    res.writeHead(304, validators).end();
    return 304;
  }
  res.writeHead(200, { ...validators, "content-type": document.contentType, "content-length": document.body.length });
  res.end(req.method === "HEAD" ? undefined : document.body);
  return 200;
}

export async function startCorpusServer(options: CorpusServerOptions): Promise<CorpusServer> {
  const documents = new Map<string, ServedDocument>();
  const pixel: ServedDocument = { body: PIXEL, contentType: "image/png", etag: etagOf(PIXEL), lastModified: new Date(0) };
  const article: ServedDocument = { body: ARTICLE_PAGE, contentType: "text/html; charset=utf-8", etag: etagOf(ARTICLE_PAGE), lastModified: new Date(0) };
  // Images and pages the feeds' content links to, so following a link never ends in a 404.
  const linked = (path: string): ServedDocument | undefined =>
    !path.startsWith("/blogs/") ? undefined : path.endsWith(".png") ? pixel : path.endsWith(".html") ? article : undefined;
  let counts: StatusCounts = {};
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://loopback").pathname;
    const document = documents.get(path) ?? linked(path);
    setTimeout(() => {
      const status = respond(req, res, document);
      counts[status] = (counts[status] ?? 0) + 1;
    }, options.latencyMs);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    put(path, body, contentType, lastModified) {
      documents.set(path, { body, contentType, etag: etagOf(body), lastModified });
    },
    counts: () => ({ ...counts }),
    resetCounts() {
      counts = {};
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
