// Plain text out of feed text constructs, and cutting text to a length.
import { htmlToText } from "../sanitise/sanitise.ts";
import type { RawText } from "../parse/types.ts";

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function plainText(raw: RawText): string {
  return raw.type === "text" ? collapseWhitespace(raw.value) : htmlToText(raw.value);
}

/** At most `max` characters, cut at a word where one is near, with an ellipsis when cut. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
