// Serves a built site on loopback for tests, with the same code `blogroll serve` uses.
import { serveStatic, type StaticServer } from "../../src/cli/static-server.ts";

export type { StaticServer };

export function startStaticServer(dir: string): Promise<StaticServer> {
  return serveStatic(dir, { port: 0, host: "127.0.0.1" });
}
