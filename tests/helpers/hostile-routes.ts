// Loopback routes that misbehave the way real servers do: they hang, drip, never end, inflate or bounce.
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import type { OutgoingHttpHeaders } from "node:http";
import { gzipSync } from "node:zlib";
import type { Route } from "./loopback.ts";

export function respond(status: number, headers: OutgoingHttpHeaders = {}, body: string | Buffer = ""): Route {
  return (req, res) => void res.writeHead(status, headers).end(body);
}

export function redirectTo(status: number, location: string): Route {
  return respond(status, { location });
}

/** Accepts the request and never answers; the client's deadline is the only way out. */
export const neverAnswers: Route = () => undefined;

/** Sends the headers, then one byte a second for ever. */
export const dripsBytes: Route = (req, res) => {
  res.writeHead(200, { "content-type": "application/rss+xml" });
  res.flushHeaders();
  const timer = setInterval(() => res.write("<"), 1000);
  res.on("close", () => clearInterval(timer));
};

/** A body that never ends, written as fast as the client reads it. */
export const endlessBody: Route = (req, res) => {
  res.writeHead(200, { "content-type": "application/rss+xml" });
  const chunk = Buffer.alloc(64 * 1024, "a");
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on("drain", pump);
  pump();
};

/** A small gzip body that inflates to `inflatedBytes` of zeros. */
export function gzipBomb(inflatedBytes: number): Route {
  const compressed = gzipSync(Buffer.alloc(inflatedBytes));
  return respond(200, { "content-type": "application/rss+xml", "content-encoding": "gzip", "content-length": compressed.length }, compressed);
}

/** A URL on a loopback port that was just opened and closed, so connecting to it is refused. */
export async function refusedUrl(path: string): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}
