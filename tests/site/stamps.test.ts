import { describe, expect, it } from "vitest";
import { agoStamp, dateStamp, refreshStamps, stampElement, stampsDigest, stampsOf } from "../../src/site/stamps.ts";
import { siteConfig } from "./fixtures.ts";

const site = siteConfig({ timezone: "UTC", dateFormat: "EEE, dd/MM/yyyy - HH:mm" });
const NOW = new Date("2019-02-21T15:15:00Z");
const LATER = new Date("2019-02-21T16:20:00Z");

function page(now: Date, lastChecked: string): { source: { updated: unknown }; posts: { published: unknown }[] } {
  return {
    source: { updated: agoStamp("updated", lastChecked, now) },
    posts: [
      { published: dateStamp("published-post-a", "2019-02-21T10:00:00Z", now, site) },
      { published: dateStamp("published-post-b", "2019-02-20T19:18:00Z", now, site) },
    ],
  };
}

function markup(view: ReturnType<typeof page>): string {
  const [first, second] = [...stampsOf(view.posts[0]).values(), ...stampsOf(view.posts[1]).values()];
  const updated = [...stampsOf(view.source).values()][0];
  if (!first || !second || !updated) throw new Error("fixture changed");
  return `<p class="updated">Updated: ${stampElement(updated)}</p><p>${stampElement(first, "dt-published")}</p><p>${stampElement(second, "dt-published")}</p>`;
}

describe("stamps", () => {
  it("print the instant, the build-time text and what the browser needs to redo it", () => {
    const stamp = dateStamp("published-post-a", "2019-02-21T10:00:00Z", NOW, site);
    expect(stampElement(stamp, "dt-published")).toBe(
      '<time class="dt-published" datetime="2019-02-21T10:00:00Z" data-relative data-absolute="Thu, 21/02/2019 - 10:00" data-stamp="published-post-a">5 hours 15 min ago</time>',
    );
  });

  it("escape what they print", () => {
    const stamp = dateStamp("x", "2019-01-01T00:00:00Z", NOW, siteConfig({ timezone: "UTC", dateFormat: "'<b>'yyyy" }));
    expect(stampElement(stamp)).toContain('data-absolute="&lt;b&gt;2019" data-stamp="x">&lt;b&gt;2019</time>');
  });

  it("are found in a page's view by id", () => {
    expect([...stampsOf(page(NOW, "2019-02-21T14:17:44Z")).keys()]).toEqual(["updated", "published-post-a", "published-post-b"]);
  });

  it("refresh in place to exactly what a new render prints", () => {
    const before = page(NOW, "2019-02-21T14:17:44Z");
    const after = page(LATER, "2019-02-21T16:19:00Z");
    expect(refreshStamps(Buffer.from(markup(before)), stampsOf(after))?.toString()).toBe(markup(after));
    expect(markup(after)).toContain(">1 min ago</time>");
    expect(markup(after)).toContain(">6 hours 20 min ago</time>");
  });

  it("refuse to refresh markup whose stamps are not the view's", () => {
    const view = page(NOW, "2019-02-21T14:17:44Z");
    const stamps = stampsOf(view);
    stamps.delete("published-post-b");
    expect(refreshStamps(Buffer.from(markup(view)), stamps)).toBeNull();
    expect(refreshStamps(Buffer.from("<p>no stamps</p>"), stampsOf(view))).toBeNull();
  });

  it("have a digest that changes with any of their values", () => {
    const digest = (now: Date, checked: string): string => stampsDigest(stampsOf(page(now, checked)));
    expect(digest(NOW, "2019-02-21T14:17:44Z")).toBe(digest(NOW, "2019-02-21T14:17:44Z"));
    expect(digest(NOW, "2019-02-21T14:17:45Z")).not.toBe(digest(NOW, "2019-02-21T14:17:44Z"));
    expect(digest(LATER, "2019-02-21T14:17:44Z")).not.toBe(digest(NOW, "2019-02-21T14:17:44Z"));
  });
});
