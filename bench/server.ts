// The corpus on loopback HTTP servers, one per host as feeds come from many hosts on the web (127.0.0.2, 127.0.0.3, …
// are distinct hosts that all route to lo on Linux, so a per-host limit on fetching meets what it would meet there):
// a set latency per response and real validators (ETag, Last-Modified, 304), so the benchmark measures what a
// conditional-GET client saves.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
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
  /** One origin per host, e.g. http://127.0.0.2:41234. Every host serves every document. */
  origins: string[];
  /** Publish (or replace) the document at `path`, as of `lastModified`. */
  put(path: string, body: Buffer, contentType: string, lastModified: Date): void;
  counts(): StatusCounts;
  resetCounts(): void;
  close(): Promise<void>;
}

export interface CorpusServerOptions {
  latencyMs: number;
  /** How many loopback hosts serve the corpus, from 127.0.0.2 up. */
  hosts: number;
}

/** 127.0.0.1 is left to whatever else runs on the machine; 127.0.0.255 is the broadcast address of a /24. */
const MAX_HOSTS = 253;

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
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? "/", "http://loopback").pathname;
    const document = documents.get(path) ?? linked(path);
    setTimeout(() => {
      const status = respond(req, res, document);
      counts[status] = (counts[status] ?? 0) + 1;
    }, options.latencyMs);
  };
  if (!Number.isInteger(options.hosts) || options.hosts < 1 || options.hosts > MAX_HOSTS) {
    throw new RangeError(`The corpus server runs on 1 to ${MAX_HOSTS} loopback hosts, not ${options.hosts}.`);
  }
  const servers: Server[] = [];
  const origins: string[] = [];
  for (let host = 0; host < options.hosts; host++) {
    const address = `127.0.0.${host + 2}`;
    const server = createServer(handle);
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    servers.push(server);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, address, resolve);
      });
    } catch (error) {
      // The hosts already listening must not keep the benchmark alive.
      await Promise.all(servers.map((started) => new Promise<void>((resolve) => started.close(() => resolve()))));
      throw error;
    }
    origins.push(`http://${address}:${(server.address() as AddressInfo).port}`);
  }
  return {
    origins,
    put(path, body, contentType, lastModified) {
      documents.set(path, { body, contentType, etag: etagOf(body), lastModified });
    },
    counts: () => ({ ...counts }),
    resetCounts() {
      counts = {};
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}
