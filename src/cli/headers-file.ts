// The `_headers` file the site writes for hosts that read it (Netlify, Cloudflare Pages): a path pattern, then
// the headers for the paths it matches, indented below it. `blogroll serve` reads it to send the same headers.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isMissing } from "../disk.ts";

/** One block of a `_headers` file: a path pattern and the headers sent for the paths it matches. */
export interface HeaderRule {
  /** `*` matches any run of characters (Netlify's and Cloudflare's splat); anything else matches itself. */
  pattern: string;
  headers: [name: string, value: string][];
}

export interface HeadersFile {
  rules: HeaderRule[];
  /** Lines that are neither a path, a header under one, a comment nor blank: `line 3: ...`. */
  problems: string[];
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Reads the `_headers` format Netlify and Cloudflare Pages read: a path, then its headers indented below it. */
export function parseHeadersFile(text: string): HeadersFile {
  const rules: HeaderRule[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    if (!/^\s/.test(line)) {
      if (trimmed.startsWith("/")) rules.push({ pattern: trimmed, headers: [] });
      else problems.push(`line ${index + 1}: ${JSON.stringify(trimmed)} is not a path (a path starts with /)`);
      return;
    }
    const rule = rules.at(-1);
    const colon = trimmed.indexOf(":");
    const name = trimmed.slice(0, colon).trim();
    if (rule === undefined || colon === -1 || !HEADER_NAME.test(name)) {
      problems.push(`line ${index + 1}: ${JSON.stringify(trimmed)} is not a "Name: value" header under a path`);
      return;
    }
    rule.headers.push([name, trimmed.slice(colon + 1).trim()]);
  });
  return { rules, problems };
}

function matches(pattern: string, path: string): boolean {
  const expression = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${expression}$`).test(path);
}

/** The headers for a path of the site, in file order; a later rule's header of the same name wins, as on Netlify. */
export function headersFor(file: HeadersFile, path: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const rule of file.rules) {
    if (matches(rule.pattern, path)) for (const [name, value] of rule.headers) headers.set(name.toLowerCase(), value);
  }
  return headers;
}

/** The site's `_headers`, read afresh for each request so a rebuild shows at once; no file, no rules. */
export async function readHeadersFile(root: string): Promise<HeadersFile> {
  try {
    return parseHeadersFile(await readFile(join(root, "_headers"), "utf8"));
  } catch (error) {
    if (isMissing(error)) return { rules: [], problems: [] };
    throw error;
  }
}
