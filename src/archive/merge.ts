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
  return { items: capped.kept, added: added.length, updated, expired, dropped: capped.dropped, deferred: fresh.length - added.length };
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

/** What a cap held back, in plain words with the numbers, for the log and `status`. */
export function describeCap(cap: CapHit): string {
  const parts: string[] = [];
  if (cap.notKept > 0) parts.push(`the feed lists ${cap.listed} posts, more than maxItems (${cap.maxItems}): its ${cap.notKept} oldest were not taken`);
  if (cap.dropped > 0) parts.push(`${cap.dropped} older posts it no longer lists were dropped to keep at most ${cap.maxItems} (maxItems)`);
  if (cap.deferred > 0) parts.push(`${cap.deferred} new posts wait for the next runs (fetch.maxNewItemsPerRun: ${cap.maxNewItemsPerRun})`);
  return `Capped: ${parts.join("; ")}.`;
}
