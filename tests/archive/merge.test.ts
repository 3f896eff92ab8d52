import { describe, expect, it } from "vitest";
import { mergeItems } from "../../src/archive/merge.ts";
import type { SanitizedHtml } from "../../src/model.ts";
import { makeItem } from "./items.ts";

const now = new Date("2019-03-01T00:00:00Z");
const DAY = 86_400_000;
const keepForever = { now, retentionMs: null, currentIds: new Set<string>() };

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
    const retention = { now, retentionMs: 10 * DAY, currentIds: new Set<string>() };

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
});
