import { describe, expect, it } from "vitest";
import { agoStamp, dateStamp, refreshLiveParts, stampElement, type LiveValue } from "../../src/site/live-parts.ts";
import { pollsFigure, pollsView } from "../../src/site/pictures.ts";
import type { FeedState } from "../../src/model.ts";
import { newFeedState } from "../../src/archive/feed-state.ts";
import { siteConfig } from "./fixtures.ts";

const site = siteConfig({ timezone: "UTC", dateFormat: "EEE, dd/MM/yyyy - HH:mm" });
const NOW = new Date("2019-02-21T15:15:00Z");
const LATER = new Date("2019-02-21T16:20:00Z");
const NEXT_DAY = new Date("2019-02-22T09:00:00Z");

function state(lastChecked: string, polls: FeedState["polls"]): FeedState {
  return { ...newFeedState("https://example.org/feed.xml"), lastChecked, polls };
}

/** A page as a build at `now` prints it, and the live parts that build knows by name. */
function build(now: Date, lastChecked: string, polls: FeedState["polls"]): { html: Buffer; live: Map<string, LiveValue> } {
  const checked = agoStamp("checked-blog", lastChecked, now);
  const picture = pollsView("blog", state(lastChecked, polls));
  if (checked === null) throw new Error("fixture changed");
  const html = [
    `<p class="updated">Updated: ${stampElement(checked)}</p>`,
    `<p>${stampElement(dateStamp("2019-02-21T10:00:00Z", now, site), "dt-published")}</p>`,
    `<p>${stampElement(dateStamp("2019-02-20T19:18:00Z", now, site), "dt-published")}</p>`,
    // A post body may hold a time element of its own: it is not a stamp.
    `<div class="e-content"><time datetime="2001-01-01">long ago</time></div>`,
    pollsFigure(picture),
  ].join("\n");
  return { html: Buffer.from(html), live: new Map<string, LiveValue>([["checked-blog", checked], ["polls-blog", picture]]) };
}

const onePoll: FeedState["polls"] = [{ at: "2019-02-21T14:17:44Z", outcome: "new-items", status: 200 }];
const twoPolls: FeedState["polls"] = [...onePoll, { at: "2019-02-21T16:19:00Z", outcome: "not-modified", status: 304 }];

describe("live parts", () => {
  it("print the instant, the build-time text and what the browser needs to redo it", () => {
    expect(stampElement(dateStamp("2019-02-21T10:00:00Z", NOW, site), "dt-published")).toBe(
      '<time class="dt-published" datetime="2019-02-21T10:00:00Z" data-relative data-absolute="Thu, 21/02/2019 - 10:00">5 hours 15 min ago</time>',
    );
    expect(stampElement(agoStamp("checked-blog", "2019-02-21T14:17:44Z", NOW)!)).toBe(
      '<time datetime="2019-02-21T14:17:44Z" data-relative data-live="checked-blog">57 min 16 sec ago</time>',
    );
  });

  it("escape what they print", () => {
    const stamp = dateStamp("2019-01-01T00:00:00Z", NOW, siteConfig({ timezone: "UTC", dateFormat: "'<b>'yyyy" }));
    expect(stampElement(stamp)).toContain('data-absolute="&lt;b&gt;2019">&lt;b&gt;2019</time>');
  });

  it("refresh an hour later to exactly what a new build prints", () => {
    const before = build(NOW, "2019-02-21T14:17:44Z", onePoll);
    const after = build(LATER, "2019-02-21T16:19:00Z", twoPolls);
    const refreshed = refreshLiveParts(before.html, after.live, LATER, site);
    expect(refreshed?.html.toString()).toBe(after.html.toString());
    expect(after.html.toString()).toContain(">1 min ago</time>");
    expect(after.html.toString()).toContain(">6 hours 20 min ago</time>");
    expect(after.html.toString()).toContain("The latest not modified (HTTP 304).");
    expect(refreshed?.moves).toBe(true);
  });

  it("turn today's dates into absolute ones the next day, from their own markup", () => {
    const html = Buffer.from(`<p>${stampElement(dateStamp("2019-02-21T10:00:00Z", NOW, site))}</p>`);
    const refreshed = refreshLiveParts(html, new Map(), NEXT_DAY, site);
    expect(refreshed?.html.toString()).toBe(`<p>${stampElement(dateStamp("2019-02-21T10:00:00Z", NEXT_DAY, site))}</p>`);
    expect(refreshed?.html.toString()).toContain(">Thu, 21/02/2019 - 10:00</time>");
    expect(refreshed?.moves).toBe(false);
  });

  it("refuse to refresh a page naming a part the new build does not know", () => {
    const { html, live } = build(NOW, "2019-02-21T14:17:44Z", onePoll);
    live.delete("polls-blog");
    expect(refreshLiveParts(html, live, LATER, site)).toBeNull();
  });

  it("leave a page without live parts as it is", () => {
    const html = Buffer.from("<p>no stamps</p>");
    expect(refreshLiveParts(html, new Map(), LATER, site)).toEqual({ html, moves: false });
  });
});
