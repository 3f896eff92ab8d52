// The owner's controls in feeds.yaml: filters (`include`, `exclude`, per feed and site-wide), how a feed's posts are
// shown (`show`), a feed's face (`face`) and the site's theme (`site.theme`). Each reader checks its value and
// reports what is wrong where it is written; schema.ts calls them.
import { extname, resolve } from "node:path";
import type { FeedConfig, FilterTerm, PostFilter } from "../model.ts";
import { resolveFeedLocation } from "./feed-location.ts";
import type { KeyPath } from "./schema.ts";

export type Report = (path: KeyPath, message: string, fix: string) => void;

/** Longer terms are a pasted paragraph, not a filter. */
const MAX_TERM_LENGTH = 200;
/** The flags a pattern may carry; `u` is always on. `g` and `y` make a RegExp stateful, which a filter must not be. */
const PATTERN_FLAGS = ["i", "m", "s"];
/** Image types a local face may be, by extension (the site checks the bytes when it copies the file). */
export const FACE_EXTENSIONS = [".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"];

function described(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object" && value !== null) return "a group of keys";
  return typeof value === "string" ? `the text ${JSON.stringify(value)}` : `${String(value)}`;
}

/** `include:` or `exclude:`: a list of words or `/patterns/`; absent or empty means no term. */
export function readFilterTerms(value: unknown, path: KeyPath, report: Report): FilterTerm[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    const example = typeof value === "string" ? value : "mysql";
    report(path, `must be a list of words or /regular expressions/, not ${described(value)}.`, `write it in brackets: ${String(path.at(-1))}: [${example}]`);
    return [];
  }
  const terms: FilterTerm[] = [];
  value.forEach((entry: unknown, index) => {
    const term = readTerm(entry, [...path, index], report);
    if (term !== null) terms.push(term);
  });
  return terms;
}

function readTerm(value: unknown, path: KeyPath, report: Report): FilterTerm | null {
  if (typeof value !== "string" && typeof value !== "number") {
    report(path, `must be a word or a /regular expression/, not ${described(value)}.`, 'write the word as text, in quotes if it holds ":" or "#".');
    return null;
  }
  const text = String(value).trim();
  if (text.length > MAX_TERM_LENGTH) {
    report(path, `is ${text.length} characters long; a filter term may have at most ${MAX_TERM_LENGTH}.`, "filter on a few distinctive words instead.");
    return null;
  }
  if (text.startsWith("/")) return readPattern(text, path, report);
  if (!/[\p{L}\p{N}]/u.test(text)) {
    report(path, `${JSON.stringify(text)} has no letter or digit to match.`, "write a word, or a /regular expression/ between slashes.");
    return null;
  }
  return { kind: "words", text: text.replace(/\s+/g, " ") };
}

function readPattern(text: string, path: KeyPath, report: Report): FilterTerm | null {
  // Letters after the last slash that are no RegExp flag at all make a path (`/usr/bin`), not a pattern.
  const parts = /^\/(.+)\/([dgimsuvy]*)$/su.exec(text);
  if (parts === null) {
    report(path, `${JSON.stringify(text)} starts with / but is not a /regular expression/ (it has no closing /).`, `close it with a slash (${text}/), or write the word without the leading /.`);
    return null;
  }
  const [, source = "", flags = ""] = parts;
  const unknown = [...flags].filter((flag) => !PATTERN_FLAGS.includes(flag));
  if (unknown.length > 0 || new Set(flags).size !== flags.length) {
    report(path, `${JSON.stringify(text)} has the flags "${flags}"; a filter takes only i (ignore case), m (multi-line) and s (dot matches newlines), each once.`, `write /${source}/${[...new Set(flags)].filter((flag) => PATTERN_FLAGS.includes(flag)).join("")}`);
    return null;
  }
  try {
    new RegExp(source, `${flags}u`);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, "") : String(error);
    report(path, `${JSON.stringify(text)} is not a valid regular expression: ${reason}.`, "correct the pattern (it is read in Unicode mode: escape only characters that need it), or write plain words.");
    return null;
  }
  const slow = slowConstruct(source);
  if (slow !== null) {
    report(path, `${JSON.stringify(text)} ${slow}, which can take exponential time on some posts and stall the build.`, "rewrite it without repeating a group that itself repeats (e.g. /(ab)+/ rather than /(a+b?)+/) and without back-references, or use plain words.");
    return null;
  }
  return { kind: "pattern", source, flags };
}

/**
 * Why a pattern risks catastrophic backtracking, or null: a repeated group that itself holds a repetition
 * (`(a+)+`, `(\w*\s?)*`), or a back-reference. A scan of the pattern's text, skipping escapes and character classes.
 */
function slowConstruct(source: string): string | null {
  if (/\\[1-9]|\\k</.test(source)) return "refers back to a group";
  // For each open group: whether it holds a repetition.
  const groups: boolean[] = [false];
  const repeatsAt = (index: number): boolean => source[index] === "*" || source[index] === "+" || (source[index] === "{" && /^\{\d*,\d*\}/.test(source.slice(index)));
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (char === "\\") {
      index += 1;
      continue;
    }
    if (char === "[") {
      // Skip the class, escapes included.
      for (index += 1; index < source.length && source[index] !== "]"; index += 1) if (source[index] === "\\") index += 1;
      continue;
    }
    if (char === "(") groups.push(false);
    else if (char === ")") {
      const heldRepetition = groups.pop() ?? false;
      if (heldRepetition && repeatsAt(index + 1)) return "repeats a group that itself repeats";
      if (groups.length === 0) groups.push(false);
      if (heldRepetition || repeatsAt(index + 1)) groups[groups.length - 1] = true;
    } else if (repeatsAt(index)) groups[groups.length - 1] = true;
  }
  return null;
}

/** `include` and `exclude` of one section (`site:` or a feed). */
export function readPostFilter(section: Record<string, unknown>, path: KeyPath, report: Report): PostFilter {
  return { include: readFilterTerms(section.include, [...path, "include"], report), exclude: readFilterTerms(section.exclude, [...path, "exclude"], report) };
}

/** `feeds[].show`: `full` (the default) or `summary`. */
export function readShow(value: unknown, path: KeyPath, report: Report): FeedConfig["show"] {
  if (value === undefined || value === null) return "full";
  if (value === "full" || value === "summary") return value;
  report(path, `must be full or summary, not ${described(value)}.`, "write `show: summary` to show this feed's summaries with a link to each whole post, or leave it out for whole posts.");
  return "full";
}

/** `feeds[].face`: an http(s) image URL, or a local image file (relative to feeds.yaml) that the build copies. */
export function readFace(value: unknown, path: KeyPath, report: Report, configDir: string): string | null {
  if (value === undefined || value === null) return null;
  const fix = "write an image's http(s) URL, or a path such as ./faces/ada.png (relative to feeds.yaml).";
  if (typeof value !== "string" || value.trim() === "") {
    report(path, `must be an image's address or file, not ${described(value)}.`, fix);
    return null;
  }
  const location = resolveFeedLocation(value, configDir);
  if (!location.ok) {
    report(path, location.message.replace("an http(s) URL or a file path", "an image's http(s) URL or file path"), fix);
    return null;
  }
  if (!/^https?:/i.test(location.url) && !FACE_EXTENSIONS.includes(extname(location.url).toLowerCase())) {
    report(path, `${JSON.stringify(value)} is not an image file the site can show (${FACE_EXTENSIONS.join(", ")}).`, "convert the picture to PNG, JPEG, GIF, WebP or AVIF, or give its web address.");
    return null;
  }
  return location.url;
}

/** `site.theme`: a folder, relative to feeds.yaml, whose templates and stylesheet are read before Blogroll's. */
export function readTheme(value: unknown, path: KeyPath, report: Report, configDir: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.trim() === "" || /^[a-z][a-z0-9+.-]*:/i.test(value.trim())) {
    report(path, `must be a folder on this machine, not ${described(value)}.`, "write the folder's path, such as ./theme (relative to feeds.yaml).");
    return null;
  }
  return resolve(configDir, value.trim());
}
