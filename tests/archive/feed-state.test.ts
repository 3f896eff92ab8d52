import { describe, expect, it } from "vitest";
import { feedHealth, newFeedState } from "../../src/archive/feed-state.ts";
import type { FeedState } from "../../src/model.ts";

const checked: FeedState = { ...newFeedState("https://a.example/feed"), lastChecked: "2019-02-21T12:00:00.000Z", lastSuccess: "2019-02-21T12:00:00.000Z" };
const unavailable = { kind: "http_unavailable", message: "The server said it is unavailable (503).", detail: null } as const;

describe("feedHealth", () => {
  it("is never-checked for a feed without a state, or one not polled yet", () => {
    expect(feedHealth(undefined)).toBe("never-checked");
    expect(feedHealth(null)).toBe("never-checked");
    expect(feedHealth(newFeedState("https://a.example/feed"))).toBe("never-checked");
  });

  it("is ok when the last poll reached the feed", () => {
    expect(feedHealth(checked)).toBe("ok");
  });

  it("is failing from the first failed poll until one succeeds, whatever the count says", () => {
    expect(feedHealth({ ...checked, lastError: unavailable, consecutiveFailures: 3, failingSince: checked.lastChecked })).toBe("failing");
    // A count lost from a hand-edited state does not hide the error.
    expect(feedHealth({ ...checked, lastError: unavailable, consecutiveFailures: 0 })).toBe("failing");
  });

  it("is gone after a 410, before failing", () => {
    const gone = { kind: "http_gone", message: "gone", detail: null } as const;
    expect(feedHealth({ ...checked, gone: true, lastError: gone, consecutiveFailures: 1 })).toBe("gone");
  });
});
