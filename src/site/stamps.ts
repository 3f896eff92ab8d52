// Date stamps: the build-time text plus what public/stamps.js needs to redo it later, and their one markup.
// Stamps are the only part of a page that moves with the clock, so a page unchanged but for its stamps has them
// refreshed in place (refreshStamps) instead of being rendered again.
import { createHash } from "node:crypto";
import { escapeUTF8 } from "entities";
import type { SiteConfig } from "../model.ts";
import { absoluteDateText, agoText, dateText } from "./dates.ts";
import type { StampView } from "./view-types.ts";

/** Always `X ago`, like Drupal's `Updated:`; null (never) when there is no instant. `id` names it on its page. */
export function agoStamp(id: string, iso: string | null, now: Date): StampView | null {
  if (iso === null) return null;
  return { id, iso, text: agoText(new Date(iso), now), absolute: null };
}

/** `X ago` on the build's calendar day, the absolute date otherwise. `id` names it on its page. */
export function dateStamp(id: string, iso: string, now: Date, site: SiteConfig): StampView {
  const instant = new Date(iso);
  const absolute = absoluteDateText(instant, site.timezone, site.dateFormat);
  return { id, iso, text: dateText(instant, now, site.timezone, site.dateFormat, absolute), absolute };
}

function stampMarkup(stamp: StampView, classAttribute: string): string {
  const absolute = stamp.absolute === null ? "" : ` data-absolute="${escapeUTF8(stamp.absolute)}"`;
  return `<time${classAttribute} datetime="${escapeUTF8(stamp.iso)}" data-relative${absolute} data-stamp="${escapeUTF8(stamp.id)}">${escapeUTF8(stamp.text)}</time>`;
}

/** A stamp's element, as templates print it (the `stampElement` filter) and as refreshStamps rewrites it. */
export function stampElement(stamp: StampView, className: string | null = null): string {
  return stampMarkup(stamp, className ? ` class="${escapeUTF8(className)}"` : "");
}

/** Exactly what stampMarkup writes; post bodies cannot hold it (the sanitiser lets `time` keep only `datetime`). */
const STAMP_ELEMENT = /^<time( class="[^"]*")? datetime="[^"]*" data-relative(?: data-absolute="[^"]*")? data-stamp="([^"]*)">[^<]*<\/time>$/;
const STAMP_ATTRIBUTE = Buffer.from(' data-stamp="');
const TIME_START = Buffer.from("<time");
const TIME_END = Buffer.from("</time>");

export function isStampView(value: unknown): value is StampView {
  if (typeof value !== "object" || value === null) return false;
  const { id, iso, text, absolute } = value as Record<string, unknown>;
  return typeof id === "string" && typeof iso === "string" && typeof text === "string" && (absolute === null || typeof absolute === "string");
}

/** Every stamp in a page's view, by id as it stands in the markup. */
export function stampsOf(value: unknown, found = new Map<string, StampView>()): Map<string, StampView> {
  if (isStampView(value)) found.set(escapeUTF8(value.id), value);
  else if (Array.isArray(value)) for (const element of value) stampsOf(element, found);
  else if (typeof value === "object" && value !== null) for (const field of Object.values(value)) stampsOf(field, found);
  return found;
}

/** A digest of the stamps' values: equal digests mean equal stamp markup. */
export function stampsDigest(stamps: Map<string, StampView>): string {
  return createHash("sha256").update(JSON.stringify([...stamps])).digest("hex");
}

/**
 * The page's bytes with every stamp element rewritten from `stamps`; null when the page has a stamp the view does not
 * know, or lacks one it has (then the page must be rendered again). It works on bytes and decodes only the stamp
 * elements: a page held as a string is a large object that stays in the heap until a full collection, and a
 * rebuild refreshes thousands of pages.
 */
export function refreshStamps(html: Buffer, stamps: Map<string, StampView>): Buffer | null {
  const parts: Buffer[] = [];
  const seen = new Set<string>();
  let copied = 0;
  for (let at = html.indexOf(STAMP_ATTRIBUTE); at !== -1; at = html.indexOf(STAMP_ATTRIBUTE, at + 1)) {
    const start = html.lastIndexOf(TIME_START, at);
    const end = html.indexOf(TIME_END, at);
    if (start < copied || end === -1) return null;
    const match = STAMP_ELEMENT.exec(html.toString("utf8", start, end + TIME_END.length));
    const stamp = match?.[2] === undefined ? undefined : stamps.get(match[2]);
    if (match === null || stamp === undefined) return null;
    seen.add(match[2] ?? "");
    parts.push(html.subarray(copied, start), Buffer.from(stampMarkup(stamp, match[1] ?? ""), "utf8"));
    copied = end + TIME_END.length;
  }
  if (seen.size !== stamps.size) return null;
  parts.push(html.subarray(copied));
  return Buffer.concat(parts);
}
