import type { CapHit, Item } from "../model.ts";

export interface MergeContext {
  now: Date;
  /** null keeps items forever. */
  retentionMs: number | null;
  /** Ids the feed document lists right now: never expired or dropped, whatever their age. */
  currentIds: ReadonlySet<string>;
  /** The most items the feed keeps: past it, the oldest items it no longer lists are dropped. */
  maxItems: number;
  /** The most new items this merge adds, newest first; the others wait for a later merge. */
  maxNewItems: number;
  /** The most bytes the feed's items may take in the archive (as JSON). */
  maxBytes: number;
}

export interface MergeResult {
  /** Newest first. */
  items: Item[];
  added: number;
  updated: number;
  expired: number;
  /** Items dropped to stay within maxItems. */
  dropped: number;
  /** New items left out by maxNewItems. */
  deferred: number;
  /** Items the feed no longer lists, dropped to stay within maxBytes. */
  droppedForSize: number;
  /** New items not taken, oldest first, because the feed was at maxBytes. */
  notTakenForSize: number;
}

/** Newest first; ties broken by id so the order never depends on input order. */
export function compareNewestFirst(a: Item, b: Item): number {
  if (a.published !== b.published) return a.published < b.published ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Fields whose change upstream means the post was edited (Drupal never refreshed an item: weakness 1). */
function isEdited(stored: Item, incoming: Item): boolean {
  return (
    stored.title !== incoming.title ||
    stored.link !== incoming.link ||
    stored.contentHtml !== incoming.contentHtml ||
    stored.summary !== incoming.summary ||
    stored.author !== incoming.author ||
    stored.updated !== incoming.updated ||
    stored.published !== incoming.published ||
    stored.categories.join("\n") !== incoming.categories.join("\n") ||
    stored.tags.join("\n") !== incoming.tags.join("\n")
  );
}

/** The incoming copy, keeping what only the archive knows: when we first saw the post. */
function refreshed(stored: Item, incoming: Item): Item {
  // A post without a date of its own keeps its first-seen time, not the time of each poll.
  const keepsFirstSeenDate = incoming.dateSource !== "feed" && stored.dateSource !== "feed";
  return {
    ...incoming,
    firstSeen: stored.firstSeen,
    published: keepsFirstSeenDate ? stored.published : incoming.published,
    dateSource: keepsFirstSeenDate ? stored.dateSource : incoming.dateSource,
  };
}

/**
 * An item expires when both its date and the time we first saw it are older than the retention:
 * a back-catalogue older than the limit is not deleted in the run that imports it (Drupal's weakness 2).
 */
function isExpired(item: Item, context: MergeContext): boolean {
  if (context.retentionMs === null || context.currentIds.has(item.id)) return false;
  const cutoff = context.now.getTime() - context.retentionMs;
  return Date.parse(item.published) < cutoff && Date.parse(item.firstSeen) < cutoff;
}

/**
 * The union of what the archive holds and what the feed lists now: edited items replace their stored copy, new
 * ones are added (the newest `maxNewItems` of them), old ones expire by retention, and past `maxItems` the oldest
 * the feed no longer lists are dropped. Call it only after a successful poll, with at most `maxItems` incoming
 * items (normalise reads no more of a document): then no merge leaves more than `maxItems`, whatever the archive
 * held before.
 */
export function mergeItems(stored: readonly Item[], incoming: readonly Item[], context: MergeContext): MergeResult {
  const byId = new Map(stored.map((item) => [item.id, item]));
  const fresh: Item[] = [];
  let updated = 0;
  for (const item of incoming) {
    const previous = byId.get(item.id);
    if (!previous) fresh.push(item);
    else if (isEdited(previous, item)) {
      const next = refreshed(previous, item);
      if (isEdited(previous, next)) {
        byId.set(item.id, next);
        updated++;
      }
    }
  }
  const added = fresh.length <= context.maxNewItems ? fresh : fresh.sort(compareNewestFirst).slice(0, context.maxNewItems);
  for (const item of added) byId.set(item.id, item);

  const kept: Item[] = [];
  let expired = 0;
  for (const item of byId.values()) {
    if (isExpired(item, context)) expired++;
    else kept.push(item);
  }
  kept.sort(compareNewestFirst);
  const capped = dropOldest(kept, kept.length - context.maxItems, context.currentIds);
  const sized = withinBytes(capped.kept, context.maxBytes, context.currentIds, new Set(added));
  return {
    items: sized.kept,
    added: added.length - sized.notTaken,
    updated,
    expired,
    dropped: capped.dropped,
    deferred: fresh.length - added.length,
    droppedForSize: sized.dropped,
    notTakenForSize: sized.notTaken,
  };
}

/** An item's bytes in the items file, near enough: its JSON without the file's indentation. */
function itemBytes(item: Item): number {
  return Buffer.byteLength(JSON.stringify(item), "utf8");
}

/**
 * The list within `maxBytes`: first the oldest items the feed no longer lists go, then the oldest of the new ones are
 * not taken. Items archived before and still listed stay, so a lowered cap never makes the feed's posts come and go.
 */
function withinBytes(newestFirst: Item[], maxBytes: number, currentIds: ReadonlySet<string>, added: ReadonlySet<Item>): { kept: Item[]; dropped: number; notTaken: number } {
  // Every UTF-16 unit is at most three bytes of UTF-8: a list far under the cap is not measured.
  let rough = 0;
  for (const item of newestFirst) rough += item.contentHtml.length + item.summary.length + item.title.length + (item.link?.length ?? 0) + 1024;
  if (rough * 3 <= maxBytes) return { kept: newestFirst, dropped: 0, notTaken: 0 };
  const sizes = new Map(newestFirst.map((item) => [item, itemBytes(item)]));
  let total = [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0);
  const leaving = new Set<Item>();
  let dropped = 0;
  let notTaken = 0;
  for (const mayGo of [(item: Item) => !currentIds.has(item.id) && !added.has(item), (item: Item) => added.has(item)]) {
    for (let index = newestFirst.length - 1; index >= 0 && total > maxBytes; index--) {
      const item = newestFirst[index];
      if (item === undefined || leaving.has(item) || !mayGo(item)) continue;
      leaving.add(item);
      total -= sizes.get(item) ?? 0;
      if (added.has(item)) notTaken++;
      else dropped++;
    }
  }
  return { kept: leaving.size === 0 ? newestFirst : newestFirst.filter((item) => !leaving.has(item)), dropped, notTaken };
}

/** The list without up to `excess` items from its old end, never one listed now, and how many went. */
function dropOldest(newestFirst: Item[], excess: number, currentIds: ReadonlySet<string>): { kept: Item[]; dropped: number } {
  if (excess <= 0) return { kept: newestFirst, dropped: 0 };
  const dropping = new Set<Item>();
  for (let index = newestFirst.length - 1; index >= 0 && dropping.size < excess; index--) {
    const item = newestFirst[index];
    if (item !== undefined && !currentIds.has(item.id)) dropping.add(item);
  }
  return { kept: newestFirst.filter((item) => !dropping.has(item)), dropped: dropping.size };
}

/** `524288` → `512 KiB`, as the owner would write it in feeds.yaml. */
function sizeText(bytes: number): string {
  for (const [unit, size] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** What a cap held back, in plain words with the numbers, for the log and `status`. */
export function describeCap(cap: CapHit): string {
  const parts: string[] = [];
  if (cap.notKept > 0) parts.push(`the feed lists ${cap.listed} posts, more than maxItems (${cap.maxItems}): its ${cap.notKept} oldest were not taken`);
  if (cap.dropped > 0) parts.push(`${cap.dropped} older posts it no longer lists were dropped to keep at most ${cap.maxItems} (maxItems)`);
  if (cap.deferred > 0) parts.push(`${cap.deferred} new posts wait for the next runs (fetch.maxNewItemsPerRun: ${cap.maxNewItemsPerRun})`);
  if (cap.bodiesCut > 0) parts.push(`${cap.bodiesCut} ${cap.bodiesCut === 1 ? "post was" : "posts were"} cut to ${sizeText(cap.caps.postBodyBytes)} (site.maxPostSize), each ending with a link to the whole post`);
  if (cap.linksDropped > 0) parts.push(`${cap.linksDropped} ${cap.linksDropped === 1 ? "link" : "links"} longer than ${sizeText(cap.caps.linkBytes)} (site.maxLinkSize) ${cap.linksDropped === 1 ? "was" : "were"} dropped`);
  if (cap.droppedForSize > 0) parts.push(`${cap.droppedForSize} older posts it no longer lists were dropped to keep the feed within ${sizeText(cap.caps.feedBytes)} (site.maxFeedSize)`);
  if (cap.notTakenForSize > 0) parts.push(`${cap.notTakenForSize} new posts were not taken: the feed's archive is at ${sizeText(cap.caps.feedBytes)} (site.maxFeedSize)`);
  return `Capped: ${parts.join("; ")}.`;
}
