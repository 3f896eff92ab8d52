// Plain text out of feed text constructs, and cutting text to a length.
import { htmlToText } from "../sanitise/sanitise.ts";
import type { TextOptions } from "../sanitise/html-to-text.ts";
import type { RawText } from "../parse/types.ts";

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** With `enough`, HTML is read only until that many characters of text are known (see htmlToText). */
export function plainText(raw: RawText, enough = Infinity, options: TextOptions = {}): string {
  return raw.type === "text" ? collapseWhitespace(raw.value) : htmlToText(raw.value, enough, options);
}

/** At most `max` characters, cut at a word where one is near, with an ellipsis when cut. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never between the two halves of a surrogate pair (an emoji), which would leave a lone surrogate.
  const cut = text.slice(0, /[\uD800-\uDBFF]/.test(text[max - 2] ?? "") ? max - 2 : max - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
