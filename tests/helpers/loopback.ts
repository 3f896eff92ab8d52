// A real HTTP server on 127.0.0.1 for tests: routes by path, records every request.
import { createServer, type IncomingMessage, type ServerResponse, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface Loopback {
  /** Origin without trailing slash, e.g. http://127.0.0.1:41234 */
  origin: string;
  url(path: string): string;
  requests: RecordedRequest[];
  /** Replace or add a route while the server runs. */
  route(path: string, handler: Route): void;
  close(): Promise<void>;
}

export async function startLoopback(routes: Record<string, Route> = {}): Promise<Loopback> {
  const table = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://loopback").pathname;
    requests.push({ method: req.method ?? "GET", path, headers: req.headers });
    const handler = table.get(path) ?? table.get(req.url ?? "");
    if (!handler) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => origin + path,
    requests,
    route: (path, handler) => void table.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        // Hung and dripping responses must not keep the test process alive.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
