import { describe, expect, it } from "vitest";
import { mergeItems } from "../../src/archive/merge.ts";
import type { SanitizedHtml } from "../../src/model.ts";
import { makeItem } from "./items.ts";

const now = new Date("2019-03-01T00:00:00Z");
const DAY = 86_400_000;
const uncapped = { maxItems: 10_000, maxNewItems: 10_000, maxBytes: 50 * 1024 * 1024 };
const keepForever = { now, retentionMs: null, currentIds: new Set<string>(), ...uncapped };

describe("mergeItems", () => {
  it("keeps the union of two overlapping snapshots of one feed", () => {
    const first = [makeItem({ id: "a" }), makeItem({ id: "b" }), makeItem({ id: "c" })];
    const second = [makeItem({ id: "c" }), makeItem({ id: "d" })];
    const merged = mergeItems(mergeItems([], first, keepForever).items, second, keepForever);
    expect(merged.items.map((item) => item.id).sort()).toEqual(["a", "b", "c", "d"]);
    expect(merged.added).toBe(1);
    expect(merged.updated).toBe(0);
  });

  it("replaces an item edited upstream but keeps when it was first seen", () => {
    const stored = [makeItem({ id: "a", title: "Old title", firstSeen: "2019-02-01T00:00:00.000Z" })];
    const edited = makeItem({ id: "a", title: "New title", contentHtml: "<p>Fixed</p>" as SanitizedHtml, firstSeen: now.toISOString() });
    const merged = mergeItems(stored, [edited], keepForever);
    expect(merged.updated).toBe(1);
    expect(merged.items[0]?.title).toBe("New title");
    expect(merged.items[0]?.firstSeen).toBe("2019-02-01T00:00:00.000Z");
  });

  it("does not count an unchanged item as updated", () => {
    const stored = [makeItem({ id: "a" })];
    const again = makeItem({ id: "a", firstSeen: now.toISOString() });
    expect(mergeItems(stored, [again], keepForever).updated).toBe(0);
  });

  it("keeps the first-seen date of an undated post across polls", () => {
    const stored = [makeItem({ id: "a", published: "2019-02-01T00:00:00.000Z", dateSource: "first-seen" })];
    const again = makeItem({ id: "a", published: now.toISOString(), dateSource: "first-seen", firstSeen: now.toISOString() });
    const merged = mergeItems(stored, [again], keepForever);
    expect(merged.items[0]?.published).toBe("2019-02-01T00:00:00.000Z");
    expect(merged.updated).toBe(0);
  });

  it("sorts newest first with the id breaking ties", () => {
    const items = [
      makeItem({ id: "b", published: "2019-01-01T00:00:00.000Z" }),
      makeItem({ id: "a", published: "2019-01-01T00:00:00.000Z" }),
      makeItem({ id: "c", published: "2019-02-01T00:00:00.000Z" }),
    ];
    expect(mergeItems([], items, keepForever).items.map((item) => item.id)).toEqual(["c", "a", "b"]);
  });

  describe("retention", () => {
    const retention = { now, retentionMs: 10 * DAY, currentIds: new Set<string>(), ...uncapped };

    it("expires items whose date and first-seen time are both older than the limit", () => {
      const old = makeItem({ id: "old", published: "2019-01-01T00:00:00.000Z", firstSeen: "2019-01-01T00:00:00.000Z" });
      const merged = mergeItems([old], [], retention);
      expect(merged.items).toEqual([]);
      expect(merged.expired).toBe(1);
    });

    it("keeps an old back-catalogue in the run that imports it", () => {
      const imported = makeItem({ id: "old", published: "2015-01-01T00:00:00.000Z", firstSeen: now.toISOString() });
      expect(mergeItems([], [imported], retention).items).toHaveLength(1);
    });

    it("never expires an item the current feed document still lists", () => {
      const old = makeItem({ id: "old", published: "2019-01-01T00:00:00.000Z", firstSeen: "2019-01-01T00:00:00.000Z" });
      expect(mergeItems([old], [], { ...retention, currentIds: new Set(["old"]) }).items).toHaveLength(1);
    });
  });

  describe("caps", () => {
    /** `count` items an hour apart, newest first, ids prefixed. */
    function hourly(prefix: string, count: number, newest = Date.parse("2019-02-28T00:00:00Z")): ReturnType<typeof makeItem>[] {
      return Array.from({ length: count }, (_, index) => makeItem({ id: `${prefix}${index}`, published: new Date(newest - index * 3_600_000).toISOString() }));
    }
    const ids = (items: readonly { id: string }[]): string[] => items.map((item) => item.id);

    it("drops the oldest items past maxItems, never one the feed lists now", () => {
      const stored = hourly("old", 4, Date.parse("2019-02-01T00:00:00Z"));
      const incoming = hourly("new", 2);
      // old3 is the oldest, but the feed lists it again: old2 and old1 go instead.
      const merged = mergeItems(stored, [...incoming, stored[3]!], { ...keepForever, maxItems: 4, currentIds: new Set([...ids(incoming), "old3"]) });
      expect(ids(merged.items)).toEqual(["new0", "new1", "old0", "old3"]);
      expect(merged).toMatchObject({ added: 2, dropped: 2, deferred: 0 });
    });

    it("adds at most maxNewItems new items, the newest, and counts the others as deferred", () => {
      const merged = mergeItems([], hourly("n", 5).reverse(), { ...keepForever, maxNewItems: 2 });
      expect(ids(merged.items)).toEqual(["n0", "n1"]);
      expect(merged).toMatchObject({ added: 2, deferred: 3, dropped: 0 });
    });

    it("stays within maxItems however the ids rotate", () => {
      let archive: ReturnType<typeof makeItem>[] = [];
      for (let run = 0; run < 5; run++) {
        const document = hourly(`run${run}-`, 100, Date.parse("2019-02-01T00:00:00Z") + run * 100 * 3_600_000);
        const merged = mergeItems(archive, document, { ...keepForever, maxItems: 150, currentIds: new Set(ids(document)) });
        archive = merged.items;
        expect(archive.length).toBe(Math.min(150, 100 * (run + 1)));
        expect(ids(archive).slice(0, 100)).toEqual(ids(document));
      }
    });
  });
});

describe("mergeItems within a feed's bytes", () => {
  const big = (id: string, hour: number): ReturnType<typeof makeItem> =>
    makeItem({ id, published: new Date(Date.UTC(2019, 1, 1, hour)).toISOString(), contentHtml: `<p>${"x".repeat(10_000)}</p>` as SanitizedHtml });

  it("drops the oldest posts the feed no longer lists, then does not take the oldest new ones, and never drops a listed post", () => {
    const stored = [big("old-1", 1), big("old-2", 2), big("listed", 3)];
    const incoming = [big("new-1", 4), big("new-2", 5), big("new-3", 6), big("listed", 3)];
    const merged = mergeItems(stored, incoming, { ...keepForever, maxBytes: 45_000, currentIds: new Set(["listed", "new-1", "new-2", "new-3"]) });
    expect(merged.items.map((item) => item.id)).toEqual(["new-3", "new-2", "new-1", "listed"]);
    expect(merged).toMatchObject({ added: 3, droppedForSize: 2, notTakenForSize: 0 });
    const tighter = mergeItems(stored, incoming, { ...keepForever, maxBytes: 25_000, currentIds: new Set(["listed", "new-1", "new-2", "new-3"]) });
    expect(tighter.items.map((item) => item.id)).toEqual(["new-3", "listed"]);
    expect(tighter).toMatchObject({ added: 1, droppedForSize: 2, notTakenForSize: 2 });
  });
});
