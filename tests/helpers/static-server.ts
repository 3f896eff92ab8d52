// Serves a built site on loopback for tests, with the same code `blogroll serve` uses.
import { serveSite, type SiteServer } from "../../src/cli/static-server.ts";

export type { SiteServer as StaticServer };

export function startStaticServer(dir: string): Promise<SiteServer> {
  return serveSite(dir, { port: 0, host: "127.0.0.1" });
}
