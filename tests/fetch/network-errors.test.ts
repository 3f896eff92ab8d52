import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fetchFeed } from "../../src/fetch/fetch-feed.ts";
import { startLoopback } from "../helpers/loopback.ts";
import { NOW, failedOf, testSettings } from "./settings.ts";

function get(url: string, timeoutMs = 5_000) {
  return fetchFeed({ url, etag: null, lastModified: null }, testSettings({ timeoutMs }), NOW);
}

/** A port that was open a moment ago and is closed now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function openssl(): string | null {
  for (const candidate of ["/usr/bin/openssl", "/usr/local/bin/openssl"]) if (existsSync(candidate)) return candidate;
  return null;
}

describe("network failures", () => {
  it("names a refused connection", async () => {
    const failure = failedOf(await get(`http://127.0.0.1:${await closedPort()}/feed`));
    expect(failure).toMatchObject({ status: null, error: { kind: "connection_refused" } });
    expect(failure.error.detail).toContain("ECONNREFUSED");
  });

  it("names a host that does not resolve as dns", async () => {
    const failure = failedOf(await get("http://nonexistent.invalid/feed.xml", 15_000));
    expect(failure.error.kind).toBe("dns");
    expect(failure.error.message).toContain("nonexistent.invalid");
  });

  it("names https spoken to a plain HTTP server as tls", async () => {
    const server = await startLoopback({ "/feed": (_req, res) => void res.end("x") });
    try {
      const failure = failedOf(await get(server.origin.replace("http:", "https:") + "/feed"));
      expect(failure.error.kind).toBe("tls");
    } finally {
      await server.close();
    }
  });

  it.skipIf(openssl() === null)("names a self-signed certificate as tls", async () => {
    const dir = mkdtempSync(join(tmpdir(), "blogroll-tls-"));
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    execFileSync(openssl()!, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"], {
      stdio: "ignore",
    });
    const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end("<rss/>"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const failure = failedOf(await get(`https://127.0.0.1:${port}/feed`));
      expect(failure.error.kind).toBe("tls");
      expect(failure.error.detail).toMatch(/self.signed/i);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("names a server that answers with something other than HTTP as network", async () => {
    const server = createServer((socket) => socket.once("data", () => socket.end("SSH-2.0-OpenSSH\r\n\r\n")).resume());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(failedOf(await get(`http://127.0.0.1:${port}/`)).error.kind).toBe("network");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("names a connection cut in the middle of the body as network", async () => {
    const server = await startLoopback({
      "/cut": (_req, res) => {
        res.writeHead(200, { "content-length": "1000" });
        res.write("<rss>", () => res.socket?.destroy());
      },
    });
    try {
      expect(failedOf(await get(server.url("/cut"))).error.kind).toBe("network");
    } finally {
      await server.close();
    }
  });

  it("fails an address that is not a valid URL", async () => {
    expect(failedOf(await get("http://exa mple.org/feed")).error.kind).toBe("network");
  });
});
