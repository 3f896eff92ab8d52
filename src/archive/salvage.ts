// What can still be read from a damaged items file that has no previous generation to stand in: every whole post
// it holds. A file cut short (a copy interrupted, a disk that lost its tail) is a JSON object whose `items` array
// stops in the middle of a post; the posts before that one are whole, and each is checked as any post read from
// disk is (the zod schema), so nothing half-read or misshapen enters the archive.
import { check, FORMAT_VERSION, itemSchema, itemsHeaderSchema } from "./schema.ts";
import type { Item } from "../model.ts";

export interface SalvagedItems {
  /** The sanitiser policy the posts were cleaned by, as the file's head says (1 when it cannot be read: clean again). */
  policy: number;
  items: Item[];
  /** Whole posts that the schema refused (a post damaged in place, not cut short). */
  refused: number;
}

/**
 * The end (exclusive) of each whole element of the top-level object's `items` array, in order. A scanner rather than
 * a parser: JSON.parse gives nothing for a text cut short, and the file may be cut anywhere, inside a string too.
 */
function wholeItemEnds(text: string): number[] {
  const ends: number[] = [];
  // Each open container, and whether it is the `items` array of the top-level object.
  const open: { array: boolean; items: boolean }[] = [];
  let lastKey: string | null = null;
  let inString = false;
  let stringStart = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === "\\") index++;
      else if (char === '"') {
        inString = false;
        // A string directly inside the top-level object, before a colon, is a key.
        if (open.length === 1) lastKey = text.slice(stringStart + 1, index);
      }
      continue;
    }
    if (char === '"') {
      inString = true;
      stringStart = index;
    } else if (char === "{" || char === "[") {
      open.push({ array: char === "[", items: char === "[" && open.length === 1 && lastKey === "items" });
    } else if (char === "}" || char === "]") {
      open.pop();
      const parent = open.at(-1);
      if (parent?.items === true && open.length === 2) ends.push(index + 1);
      if (open.length === 0) break;
    }
  }
  return ends;
}

/** Every whole post of a damaged items file, or null when it is not an items file of this format at all. */
export function salvageItems(text: string): SalvagedItems | null {
  const ends = wholeItemEnds(text);
  const start = text.indexOf("[", text.search(/"items"\s*:/));
  if (start < 0) return null;
  // The file's head (version, policy) read as JSON: the text up to the items array, closed.
  let head: unknown;
  try {
    head = JSON.parse(`${text.slice(0, start)}[]}`);
  } catch {
    return null;
  }
  const header = check(itemsHeaderSchema, head);
  if (!header.ok || header.value.version !== FORMAT_VERSION) return null;
  const items: Item[] = [];
  let refused = 0;
  let from = start + 1;
  for (const end of ends) {
    const element = text.slice(from, end).replace(/^\s*,/, "");
    from = end;
    let value: unknown;
    try {
      value = JSON.parse(element);
    } catch {
      refused++;
      continue;
    }
    const post = check(itemSchema, value);
    if (post.ok) items.push(post.value);
    else refused++;
  }
  return { policy: header.value.policy, items, refused };
}
