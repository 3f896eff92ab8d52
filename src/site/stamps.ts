// Date stamps as templates print them: the build-time text plus what public/stamps.js needs to redo it later.
import type { SiteConfig } from "../model.ts";
import { absoluteDateText, agoText, dateTextOr } from "./dates.ts";
import type { StampView } from "./view-types.ts";

/** Always `X ago`, like Drupal's `Updated:`; null (never) when there is no instant. */
export function agoStamp(iso: string | null, now: Date): StampView | null {
  if (iso === null) return null;
  return { iso, text: agoText(new Date(iso), now), absolute: null };
}

/** `X ago` on the build's calendar day, the absolute date otherwise. */
export function dateStamp(iso: string, now: Date, site: SiteConfig): StampView {
  const instant = new Date(iso);
  const absolute = absoluteDateText(instant, site.timezone, site.dateFormat);
  return { iso, text: dateTextOr(instant, now, site.timezone, absolute), absolute };
}
