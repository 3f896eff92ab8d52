// Reads feeds.yaml: YAML syntax via the `yaml` Document API (so every problem has a line and column),
// then the rules in schema.ts.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from "yaml";
import { isMissing } from "../disk.ts";
import type { Config } from "../model.ts";
import { fileError, type ConfigError } from "./config-error.ts";
import { validateConfig, type KeyPath, type Locate } from "./schema.ts";

export type { ConfigError } from "./config-error.ts";
export { formatConfigError } from "./config-error.ts";
export { DEFAULT_FETCH, DEFAULT_SITE, defaultUserAgent } from "./defaults.ts";
export { parseDuration } from "./durations.ts";
export { parseByteSize } from "./byte-size.ts";

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: ConfigError[] };

export async function loadConfig(file: string): Promise<ConfigResult> {
  const read = await readConfigText(file);
  return read.ok ? parseConfigText(read.text, file) : { ok: false, errors: [read.error] };
}

export async function readConfigText(file: string): Promise<{ ok: true; text: string } | { ok: false; error: ConfigError }> {
  try {
    return { ok: true, text: await readFile(file, "utf8") };
  } catch (error) {
    const missing = isMissing(error);
    return {
      ok: false,
      error: fileError(
        file,
        "",
        missing ? "The configuration file does not exist." : `The configuration file cannot be read (${(error as Error).message}).`,
        missing ? "create it (start from the feeds.yaml that comes with Blogroll), or name another with --config FILE." : "check the file's permissions.",
      ),
    };
  }
}

/** The same checks as loadConfig on text not (yet) on disk; `file` places errors and anchors relative feed paths. */
export function parseConfigText(text: string, file: string): ConfigResult {
  const parsed = parseConfigDocument(text, file);
  if (!parsed.ok) return parsed;
  const { document, lineCounter } = parsed;
  let data: unknown;
  try {
    // The alias limit stops a "billion laughs" file from expanding without bound.
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, errors: [fileError(file, "", `The file cannot be read as data: ${(error as Error).message}.`, "write each value out instead of repeating it through many `*aliases`.")] };
  }
  const absoluteFile = resolve(file);
  return validateConfig(data, {
    file,
    absoluteFile,
    configDir: dirname(absoluteFile),
    locate: locator(document, lineCounter),
  });
}

export type ParsedConfigDocument = { ok: true; document: Document.Parsed; lineCounter: LineCounter } | { ok: false; errors: ConfigError[] };

/** YAML syntax only: the document with its line counter, or every syntax error with its place. */
export function parseConfigDocument(text: string, file: string): ParsedConfigDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length === 0) return { ok: true, document, lineCounter };
  return { ok: false, errors: document.errors.map((error) => syntaxError(error, file, lineCounter)) };
}

function syntaxError(error: YAMLError, file: string, lineCounter: LineCounter): ConfigError {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  const fixes: Partial<Record<string, string>> = {
    DUPLICATE_KEY: "keep one of the two keys and delete the other.",
    TAB_AS_INDENT: "indent with spaces, not tabs.",
  };
  return {
    file,
    line,
    column: col,
    key: "",
    message: `The file is not valid YAML: ${error.message}.`.replace(/\.\.$/, "."),
    fix: fixes[error.code] ?? "check the indentation (spaces, not tabs), the colon after each key, and quotes around values that contain \": \" or \" #\".",
  };
}

/** Finds where a key path is written; falls back to the nearest enclosing node when the path stops early. */
function locator(document: Document.Parsed, lineCounter: LineCounter): Locate {
  return (path: KeyPath, part: "key" | "value") => {
    let offset = document.contents?.range[0] ?? null;
    let node: unknown = document.contents;
    for (const [depth, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(document);
      let child: unknown;
      if (isMap(node) && typeof segment === "string") {
        const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment);
        if (pair === undefined) break;
        const keyOffset = isNode(pair.key) ? (pair.key.range?.[0] ?? offset) : offset;
        // The key is the place for an unknown key, and for a key whose value was left empty.
        if ((part === "key" && depth === path.length - 1) || !isNode(pair.value)) {
          offset = keyOffset;
          break;
        }
        child = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        child = node.items[segment];
      }
      if (!isNode(child)) break;
      offset = child.range?.[0] ?? offset;
      node = child;
    }
    if (offset === null) return null;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}
