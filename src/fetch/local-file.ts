// Feeds kept on disk (a path or a file:// URL): read with the same size cap and deadline as the web.
import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Deadline } from "./deadline.ts";
import { fileNotFoundError } from "./errors.ts";
import { readBody, type BodyResult } from "./response.ts";

/** http(s) addresses go over the network; everything else names a local file. */
export function isWebAddress(address: string): boolean {
  return /^https?:\/\//i.test(address);
}

export type LocalRead = BodyResult & {
  /** The file as an absolute file:// URL, so relative links in it resolve like a web document's. */
  url: string;
};

export async function readLocalFile(address: string, maxBytes: number, deadline: Deadline): Promise<LocalRead> {
  let path: string;
  try {
    path = /^file:/i.test(address) ? fileURLToPath(address) : resolve(address);
  } catch (error) {
    return { ok: false, error: fileNotFoundError(address, error), url: address };
  }
  const read = await readBody(createReadStream(path), null, maxBytes, deadline, (error) => fileNotFoundError(path, error));
  return { ...read, url: pathToFileURL(path).href };
}
