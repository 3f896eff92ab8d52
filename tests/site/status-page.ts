// The /status/ page as an owner reads it: one entry per feed, by its name.
import { byClass, byTag, parseHtml, textOf } from "./html.ts";

export interface FeedStatusEntry {
  /** Where the feed is read from, and where it moved permanently, if it did. */
  location: string;
  health: string;
  /** What the page says beside each label (`Posts archived`, `Last error`...). */
  facts: Map<string, string>;
  /** The captions of the pictures: the latest polls, then the posts per week. */
  pictures: string[];
}

export function readStatusPage(html: string): Map<string, FeedStatusEntry> {
  const entries = new Map<string, FeedStatusEntry>();
  for (const section of byClass(parseHtml(html), "feed-status")) {
    const heading = byTag(section, "h2")[0];
    if (heading === undefined) continue;
    // A feed without a page of its own (never read, no posts) is named without a link.
    const link = byTag(heading, "a")[0];
    const bare = heading.children.find((child) => child.type === "text");
    const name = link !== undefined ? textOf(link) : bare !== undefined && "data" in bare ? bare.data : undefined;
    const labels = byTag(section, "dt").map(textOf);
    const values = byTag(section, "dd").map(textOf);
    if (name === undefined) continue;
    entries.set(name.trim(), {
      location: byClass(section, "url").map(textOf).join(" "),
      health: byClass(heading, "health").map(textOf).join(""),
      facts: new Map(labels.map((label, index) => [label, values[index] ?? ""])),
      pictures: byTag(section, "figcaption").map(textOf),
    });
  }
  return entries;
}
