// Reads the `Expect:` lines of the Universal Feed Parser's conformance cases: conjunctions of
// `(feed|entries[i])['key']... == <python literal>`. Anything else is reported as not understood.

export type PythonValue = string | number | null | PythonValue[];

export interface Comparison {
  root: "feed" | "entries";
  entryIndex: number;
  /** The keys and indexes after the root, e.g. ["content", 0, "value"]. */
  path: (string | number)[];
  expected: PythonValue;
}

export interface ParsedExpectation {
  comparisons: Comparison[];
  /** A conjunct we cannot read or have no counterpart for (`bozo`, `encoding == ...`, `1`). */
  unsupported: string[];
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };

/** One Python literal at `text[start]`; returns it and where it ends. */
function readLiteral(text: string, start: number): { value: PythonValue; end: number } | null {
  let position = start;
  while (text[position] === " ") position++;
  const char = text[position];
  if (char === "(" || char === "[") {
    const close = char === "(" ? ")" : "]";
    const values: PythonValue[] = [];
    position++;
    for (;;) {
      while (text[position] === " " || text[position] === ",") position++;
      if (text[position] === close) return { value: values, end: position + 1 };
      const item = readLiteral(text, position);
      if (item === null) return null;
      values.push(item.value);
      position = item.end;
    }
  }
  const number = /^-?\d+(\.\d+)?/.exec(text.slice(position));
  if (number) return { value: Number(number[0]), end: position + number[0].length };
  if (text.startsWith("None", position)) return { value: null, end: position + 4 };
  if (text[position] === "u" || text[position] === "b") position++;
  const quote = text[position];
  if (quote !== "'" && quote !== '"') return null;
  let value = "";
  for (position++; position < text.length; position++) {
    const current = text[position];
    if (current === quote) return { value, end: position + 1 };
    if (current !== "\\") {
      value += current;
      continue;
    }
    const next = text[++position] ?? "";
    const hexLength = next === "x" ? 2 : next === "u" ? 4 : next === "U" ? 8 : 0;
    if (hexLength > 0) {
      value += String.fromCodePoint(parseInt(text.slice(position + 1, position + 1 + hexLength), 16));
      position += hexLength;
    } else {
      value += ESCAPES[next] ?? `\\${next}`;
    }
  }
  return null;
}

/** Splits on ` and ` outside string literals. */
function conjuncts(expression: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let index = 0; index < expression.length; index++) {
    const char = expression[index];
    if (quote !== null) {
      if (char === "\\") index++;
      else if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (expression.startsWith(" and ", index)) {
      parts.push(expression.slice(start, index));
      start = index + 5;
    }
  }
  parts.push(expression.slice(start));
  return parts.map((part) => part.trim());
}

// `feed['title']`, `entries[0]['tags'][1]['term']`, or with attribute access, `feed.link` (a FeedParserDict reads both alike).
const SUBJECT = /^(feed|entries\[(\d+)\])((?:\[(?:'[^']*'|\d+)\]|\.[A-Za-z_]\w*)+)\s*==\s*/;

function subjectOf(match: RegExpExecArray): Omit<Comparison, "expected"> {
  const path = [...(match[3] ?? "").matchAll(/\[(?:'([^']*)'|(\d+))\]|\.([A-Za-z_]\w*)/g)].map((part) => part[1] ?? part[3] ?? Number(part[2]));
  return { root: match[1] === "feed" ? "feed" : "entries", entryIndex: Number(match[2] ?? 0), path };
}

export function parseExpectation(expression: string): ParsedExpectation {
  const result: ParsedExpectation = { comparisons: [], unsupported: [] };
  for (const part of conjuncts(expression)) {
    // DIFF: feedparser's bozo flag also covers things we accept on purpose (a text/plain
    // Content-Type, say), so `not bozo` is not checked; the values after it are.
    if (part === "not bozo") continue;
    // A chain `a == b == 'x'` says each of a and b equals 'x'.
    const subjects: Omit<Comparison, "expected">[] = [];
    let rest = part;
    for (let head = SUBJECT.exec(rest); head !== null; head = SUBJECT.exec(rest)) {
      subjects.push(subjectOf(head));
      rest = rest.slice(head[0].length);
    }
    const literal = subjects.length > 0 ? readLiteral(rest, 0) : null;
    if (literal === null || rest.slice(literal.end).trim() !== "") {
      result.unsupported.push(part);
      continue;
    }
    for (const subject of subjects) result.comparisons.push({ ...subject, expected: literal.value });
  }
  return result;
}
