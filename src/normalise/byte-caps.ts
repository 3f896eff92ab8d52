// A post's share of the archive, bounded: a body past its cap is cut between tags (or in a text, between words), a link past its cap is
// dropped, an id past it is replaced by its hash. The sanitiser re-serialises the cut body, closing every element
// left open, so what the archive keeps is well-formed HTML however the cut fell.
import { createHash } from "node:crypto";

const encoder = new TextEncoder();

/** How many UTF-16 units of `text` fit in `maxBytes` of UTF-8, never splitting a character. */
function unitsWithin(text: string, maxBytes: number): number {
  // Counting costs nothing for a text whose every character could be four bytes and still fit.
  if (text.length * 3 <= maxBytes) return text.length;
  return encoder.encodeInto(text, new Uint8Array(maxBytes)).read;
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * The longest start of `html` within `maxBytes` that cuts no tag or entity in half: between two tags, or inside a
 * text (a post of one long paragraph has no tag to cut at) at its last space, or between characters.
 */
export function cutHtml(html: string, maxBytes: number): string {
  const end = unitsWithin(html, maxBytes);
  if (end >= html.length) return html;
  const start = html.slice(0, end);
  const lastTagEnd = start.lastIndexOf(">");
  // Inside a tag (or a comment): cut before it.
  if (start.lastIndexOf("<") > lastTagEnd) return start.slice(0, start.lastIndexOf("<"));
  const entity = /&[#a-zA-Z0-9]*$/.exec(start);
  const text = entity === null ? start : start.slice(0, entity.index);
  const space = text.search(/\s\S*$/);
  return space > lastTagEnd && text.length - space < 1024 ? text.slice(0, space) : text;
}

/** The link, or null when it is longer than any server takes (a 3 MB `<link>` would be written on every page). */
export function cappedLink(link: string | null, maxBytes: number): string | null {
  return link !== null && byteLength(link) > maxBytes ? null : link;
}

/** An id as long as a link may be, or its hash: the same on every poll, so the post is still recognised. */
export function cappedId(id: string, maxBytes: number): string {
  return byteLength(id) > maxBytes ? `sha256:${createHash("sha256").update(id).digest("hex")}` : id;
}
