// Repairs the commonest ways real feeds break XML, so one bad character does not lose a
// whole feed (weakness 5). Each repair is reported in plain words with its first line.
import { decodeHTMLStrict } from "entities";

export interface RepairResult {
  text: string;
  /** One line per kind of problem found, e.g. "undefined entity &nbsp; at line 3". */
  problems: string[];
}

const XML_ENTITIES = new Set(["amp", "lt", "gt", "quot", "apos"]);
// Characters XML 1.0 forbids anywhere, even as references.
const ILLEGAL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const AMPERSAND = /&(#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)?/g;
// CDATA sections and comments are left as they are: `&` inside them is legal.
const VERBATIM_SECTIONS = /(<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$))/;

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) line += 1;
  return line;
}

function toNumericReferences(decoded: string): string {
  return Array.from(decoded, (char) => `&#${char.codePointAt(0)};`).join("");
}

export function repairXml(input: string): RepairResult {
  const problems: string[] = [];
  const noted = new Set<string>();
  // Messages are built lazily: counting lines for every one of thousands of &nbsp; would be quadratic.
  const note = (key: string, message: () => string): void => {
    if (noted.has(key)) return;
    noted.add(key);
    problems.push(message());
  };

  let text = input.trimStart();
  const firstTag = text.indexOf("<");
  if (firstTag > 0) {
    note("junk", () => "text before the first tag was dropped");
    text = text.slice(firstTag);
  }

  let offset = 0;
  const parts = text.split(VERBATIM_SECTIONS).map((part, index) => {
    const start = offset;
    offset += part.length;
    // split() with one capture group puts the verbatim sections at odd indexes.
    if (index % 2 === 1) return part;
    return part
      .replace(ILLEGAL_CHARACTERS, (_char, at: number) => {
        note("control", () => `control characters not allowed in XML were removed (first at line ${lineAt(text, start + at)})`);
        return "";
      })
      .replace(AMPERSAND, (match, reference: string | undefined, at: number) => {
        if (reference === undefined) {
          note("ampersand", () => `a bare "&" at line ${lineAt(text, start + at)} was read as a literal ampersand`);
          return "&amp;";
        }
        // XML allows only a lower-case x in hexadecimal references; HTML habits write &#X41;.
        if (reference.startsWith("#")) return `&${reference.replace("X", "x")}`;
        const name = reference.slice(0, -1);
        if (XML_ENTITIES.has(name)) return match;
        const decoded = decodeHTMLStrict(match);
        const line = (): number => lineAt(text, start + at);
        if (decoded !== match) {
          note(`entity:${name}`, () => `undefined entity &${name}; at line ${line()}`);
          return toNumericReferences(decoded);
        }
        note(`entity:${name}`, () => `unknown entity &${name}; at line ${line()} was kept as text`);
        return `&amp;${reference}`;
      });
  });
  return { text: parts.join(""), problems };
}
