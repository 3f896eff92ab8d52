import type { Item } from "../model.ts";

export interface MergeContext {
  now: Date;
  /** null keeps items forever. */
  retentionMs: number | null;
  /** Ids the feed document lists right now: never expired, whatever their age. */
  currentIds: ReadonlySet<string>;
}

export interface MergeResult {
  /** Newest first. */
  items: Item[];
  added: number;
  updated: number;
  expired: number;
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
 * The union of what the archive holds and what the feed lists now: edited items replace their stored
 * copy, new ones are added, old ones expire by retention. Call it only after a successful poll.
 */
export function mergeItems(stored: readonly Item[], incoming: readonly Item[], context: MergeContext): MergeResult {
  const byId = new Map(stored.map((item) => [item.id, item]));
  let added = 0;
  let updated = 0;
  for (const item of incoming) {
    const previous = byId.get(item.id);
    if (!previous) {
      byId.set(item.id, item);
      added++;
    } else if (isEdited(previous, item)) {
      const next = refreshed(previous, item);
      if (isEdited(previous, next)) {
        byId.set(item.id, next);
        updated++;
      }
    }
  }
  const kept: Item[] = [];
  let expired = 0;
  for (const item of byId.values()) {
    if (isExpired(item, context)) expired++;
    else kept.push(item);
  }
  kept.sort(compareNewestFirst);
  return { items: kept, added, updated, expired };
}
