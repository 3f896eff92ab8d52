// Serves a built site on loopback for tests, with the same code `blogroll serve` uses.
import { serveStatic, type StaticServer } from "../../src/cli/static-server.ts";

export type { StaticServer };

/** `basePath` is the path of the site's baseUrl, where the site is mounted (`/` by default). */
export function startStaticServer(dir: string, basePath?: string): Promise<StaticServer> {
  return serveStatic(dir, { port: 0, host: "127.0.0.1", basePath });
}
