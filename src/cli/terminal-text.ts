// Text a feed controls (titles, names, errors, warnings, URLs) on its way to the owner's terminal or
// into feeds.yaml. A terminal acts on control characters: ESC and the C1 controls start sequences that
// retitle the window, clear the screen or hide text, BEL rings, a newline forges a log line, and the
// bidirectional formatting marks reorder what is shown. None of them is ever written raw.
import { stripVTControlCharacters } from "node:util";

/** C0 and C1 controls and DEL (\p{Cc}), and the Unicode marks that reorder text (bidi embeddings, overrides, isolates). */
const CONTROL = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

const NAMED_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(character: string): string {
  const named = NAMED_ESCAPES[character];
  if (named !== undefined) return named;
  const code = character.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** The text with every control character spelled out as an escape (ESC → `\x1b`, a newline → `\n`). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/**
 * A line for the terminal: every interpolated value goes through escapeControls, while the literal parts
 * (the CLI's own words, and the newlines it writes between lines) are kept.
 */
export function terminalLine(literals: TemplateStringsArray, ...values: unknown[]): string {
  return literals.reduce((line, literal, index) => line + escapeControls(String(values[index - 1])) + literal);
}

/**
 * JSON for the terminal. JSON.stringify escapes the C0 controls inside strings, so a raw one left is its own
 * indentation; DEL, the C1 controls and the bidi marks it leaves raw become \u escapes, which every JSON reader
 * decodes to the same value.
 */
export function terminalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(CONTROL, (character) =>
    character < " " ? character : `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Text from a document (a feed's title, an OPML outline's name or folder) made fit for feeds.yaml: terminal
 * escape sequences removed whole (Node's stripVTControlCharacters), then any control character left; whitespace
 * runs collapsed to one space. Empty when nothing printable is left.
 */
export function withoutControls(text: string): string {
  return stripVTControlCharacters(text)
    .replace(CONTROL, (character) => (/\s/.test(character) ? " " : ""))
    .replace(/\s+/g, " ")
    .trim();
}

/** The control characters a typed value holds, each spelled out (`\x1b, \x07`), or null when it holds none. */
export function controlsIn(text: string): string | null {
  const found = [...new Set(text.match(CONTROL) ?? [])];
  return found.length === 0 ? null : found.map(escapeOne).join(", ");
}
