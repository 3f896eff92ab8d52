import { createHash } from "node:crypto";

/**
 * The longest slug Blogroll accepts. Slugs name files and folders (`sources/{slug}/`, the archive's
 * `.{slug}.damaged.json.tmp-{pid}`, 26 characters longer), which most file systems allow 255 bytes; slugs are ASCII.
 */
export const MAX_SLUG_LENGTH = 200;

/** A slug made from a name is cut to this length, so that a long name still gives an address one can read. */
export const MAX_MADE_SLUG_LENGTH = 100;

/**
 * `Drupal Contrib Security` → `drupal-contrib-security`: lower-case ASCII words joined by `-`. A longer result is
 * cut, and a hash of the whole is appended, so the same name always gives the same slug and two long names that
 * share a beginning give different ones; a slug that fits is never changed.
 */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= MAX_MADE_SLUG_LENGTH) return slug;
  const hash = createHash("sha256").update(slug).digest("hex").slice(0, 8);
  const head = slug.slice(0, MAX_MADE_SLUG_LENGTH - hash.length - 1);
  // At a word boundary when one is near, so the address does not end in half a word.
  const wordEnd = head.lastIndexOf("-");
  return `${wordEnd > head.length / 2 ? head.slice(0, wordEnd) : head.replace(/-+$/, "")}-${hash}`;
}
