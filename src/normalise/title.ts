// An item's title: never empty, never absurdly long.
import { plainText, truncateAtWord } from "./text.ts";
import type { RawText } from "../parse/types.ts";

// A title is a heading, not a body: a 100 KB "title" must not reach a page whole.
const MAX_TITLE_LENGTH = 500;
// Drupal took 255 characters of body; a heading reads better as the first few words.
const MAX_DERIVED_TITLE_LENGTH = 80;

export interface ChosenTitle {
  text: string;
  /** False when the entry has no title of its own and the text was made from its body (or is "Untitled"). */
  own: boolean;
}

/** `bodyText` is asked for only when the item has no title of its own. */
export function chooseTitle(raw: RawText | null, bodyText: () => string): ChosenTitle {
  const own = raw === null ? "" : plainText(raw);
  if (own !== "") return { text: truncateAtWord(own, MAX_TITLE_LENGTH), own: true };
  const derived = bodyText();
  return { text: derived !== "" ? truncateAtWord(derived, MAX_DERIVED_TITLE_LENGTH) : "Untitled", own: false };
}
