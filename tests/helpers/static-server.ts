// Serves a built site on loopback for tests, with the same code `blogroll serve` uses.
import { serveSite, type SiteServer } from "../../src/cli/static-server.ts";

export type { SiteServer as StaticServer };

/** `basePath` is the path of the site's baseUrl, where the site is mounted (`/` by default). */
export function startStaticServer(dir: string, basePath?: string): Promise<SiteServer> {
  return serveSite(dir, { port: 0, host: "127.0.0.1", basePath });
}
