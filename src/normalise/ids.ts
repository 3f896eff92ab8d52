// Item ids: stable within a feed across runs, so the archive can recognise an item it has seen.
import { createHash } from "node:crypto";

export interface IdSources {
  /** guid, Atom id or JSON Feed id. */
  ownId: string | null;
  link: string | null;
  siteLink: string | null;
  title: string;
  /** The date text the feed gave, not a parsed or first-seen time, which could differ between runs. */
  dateText: string | null;
}

export function itemId(sources: IdSources): string {
  const ownId = sources.ownId?.trim();
  if (ownId) return ownId;
  // A link equal to the feed's own site link is shared by every item that lacks one (REFERENCE.md).
  if (sources.link !== null && sources.link !== sources.siteLink) return sources.link;
  return `sha256:${createHash("sha256").update(`${sources.title}\n${sources.dateText ?? ""}`).digest("hex")}`;
}
