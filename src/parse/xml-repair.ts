// Repairs the commonest ways real feeds break XML at the character level, so one bad character
// does not lose a whole feed (weakness 5). Each repair is reported in plain words with its first
// line; lines are kept where they were, so the tree reader's lines match the document's too.
import { decodeHTMLStrict } from "entities";
import { lineAt, ProblemNotes } from "./problems.ts";

export interface RepairResult {
  text: string;
  /** One line per kind of problem found, e.g. "undefined entity &nbsp; at line 3". */
  problems: string[];
}

// One pass finds everything: CDATA sections and comments (kept verbatim: `&` and `<` are legal
// there), the doctype, characters XML forbids, references XML does not define, and `<` that
// starts no markup. Well-formed references (the five XML ones, numeric ones) are not matched at
// all, so a clean document costs one scan.
const REPAIR_TARGETS = new RegExp(
  [
    String.raw`(<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$))`,
    String.raw`(<![Dd][Oo][Cc][Tt][Yy][Pp][Ee]\b[^>[]*(?:\[([\s\S]*?)\])?\s*>)`,
    // Controls, U+FFFE/U+FFFF and (in a `u` regex) lone surrogates are not XML characters, even as references.
    String.raw`([\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs})`,
    String.raw`&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)(#[xX][0-9a-fA-F]+;|[A-Za-z][\w.-]*;)?`,
    String.raw`<(?![\p{L}_:/!?])`,
  ].join("|"),
  "gu",
);

// `<!ENTITY name "value">` in the internal subset; parameter (`%`) and external (SYSTEM/PUBLIC)
// entities are not read: nothing is ever fetched on a feed's say-so.
const ENTITY_DECLARATION = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;

// Declared entities are expanded once, never recursively, and only this far: a small entity
// referenced a million times must not turn a 15 MiB document into gigabytes.
const MAX_EXPANSION = 1 << 20;

function declaredEntities(subset: string): Map<string, string> {
  const entities = new Map<string, string>();
  for (const match of subset.matchAll(ENTITY_DECLARATION)) {
    const [, name, doubleQuoted, singleQuoted] = match;
    // XML 1.0 §4.2: the first declaration of an entity is binding.
    if (name !== undefined && !entities.has(name)) entities.set(name, doubleQuoted ?? singleQuoted ?? "");
  }
  return entities;
}

const onlyNewlines = (text: string): string => text.replace(/[^\n]/g, "");

function toNumericReferences(decoded: string): string {
  return Array.from(decoded, (char) => `&#${char.codePointAt(0)};`).join("");
}

export function repairXml(input: string): RepairResult {
  const notes = new ProblemNotes();
  const line = (offset: number): number => lineAt(input, offset);
  let declared = new Map<string, string>();
  let expanded = 0;

  const leading = /^\s*/.exec(input)?.[0].length ?? 0;
  const firstTag = input.indexOf("<", leading);
  const junkEnd = firstTag === -1 ? leading : firstTag;
  if (junkEnd > leading) notes.note("junk", () => "text before the first tag was dropped");

  const repaired = input.slice(junkEnd).replace(
    REPAIR_TARGETS,
    (match: string, verbatim: string | undefined, doctype: string | undefined, subset: string | undefined, illegal: string | undefined, reference: string | undefined, ...rest: unknown[]) => {
      const at = junkEnd + (rest[0] as number);
      if (verbatim !== undefined) return match;
      if (doctype !== undefined) {
        // The tokenizer would end the doctype at the first `>` of its subset; it carries nothing else we read.
        if (subset !== undefined) declared = declaredEntities(subset);
        return onlyNewlines(doctype);
      }
      if (illegal !== undefined) {
        notes.note("control", () => `control characters not allowed in XML were removed (first at line ${line(at)})`);
        return "";
      }
      if (match === "<") {
        notes.note("less-than", () => `a bare "<" at line ${line(at)} was read as text`);
        return "&lt;";
      }
      if (reference === undefined) {
        notes.note("ampersand", () => `a bare "&" at line ${line(at)} was read as a literal ampersand`);
        return "&amp;";
      }
      // XML allows only a lower-case x in hexadecimal references; HTML habits write &#X41;.
      if (reference.startsWith("#")) return `&#x${reference.slice(2)}`;
      const name = reference.slice(0, -1);
      const value = declared.get(name);
      if (value !== undefined && expanded + value.length <= MAX_EXPANSION) {
        expanded += value.length;
        return value;
      }
      if (value !== undefined) {
        notes.note("expansion", () => `the entity &${name}; at line ${line(at)} was expanded too often and was kept as text`);
        return `&amp;${reference}`;
      }
      const decoded = decodeHTMLStrict(match);
      if (decoded !== match) {
        notes.note(`entity:${name}`, () => `undefined entity &${name}; at line ${line(at)}`);
        return toNumericReferences(decoded);
      }
      notes.note(`entity:${name}`, () => `unknown entity &${name}; at line ${line(at)} was kept as text`);
      return `&amp;${reference}`;
    },
  );
  return { text: onlyNewlines(input.slice(0, junkEnd)) + repaired, problems: notes.messages };
}
