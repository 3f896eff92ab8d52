// Item ids: stable within a feed across runs, so the archive can recognise an item it has seen.
import { createHash } from "node:crypto";

export interface IdSources {
  /** guid, Atom id or JSON Feed id. */
  ownId: string | null;
  link: string | null;
  siteLink: string | null;
  /** The entry's own title; null when it has none (the title shown is then made from the body). */
  ownTitle: string | null;
  /** The date text the feed gave, not a parsed or first-seen time, which could differ between runs. */
  dateText: string | null;
  /** Everything else the entry holds (body, attachments): what tells apart entries with nothing above. */
  content: string;
  /** The title the item shows, made from the body when the entry has none. */
  title: string;
}

/** What an id was made from: only ids made from content may repeat for distinct entries. */
export type IdBasis = "own" | "link" | "title" | "content";

const sha256 = (text: string): string => `sha256:${createHash("sha256").update(text).digest("hex")}`;

export function itemId(sources: IdSources): { id: string; basis: IdBasis } {
  const ownId = sources.ownId?.trim();
  if (ownId) return { id: ownId, basis: "own" };
  // A link equal to the feed's own site link is shared by every item that lacks one (REFERENCE.md).
  if (sources.link !== null && sources.link !== sources.siteLink) return { id: sources.link, basis: "link" };
  // REFERENCE.md de-duplicates by title; with the date, two posts of one title on different days stay two.
  if (sources.ownTitle !== null || sources.dateText !== null) return { id: sha256(`${sources.title}\n${sources.dateText ?? ""}`), basis: "title" };
  // No id, link, title or date: only what the entry says can tell it from the others.
  return { id: sha256(`content\n${sources.content}`), basis: "content" };
}
