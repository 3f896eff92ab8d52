// The status page's two pictures of a feed, drawn at build time as inline SVG (no script), each with the same facts
// in words as its caption: the picture is for a glance, the words for everyone.
import { escapeUTF8 } from "entities";
import type { FeedState, Item, PollOutcome } from "../model.ts";
import type { PollsView, RhythmView } from "./view-types.ts";

/** As many polls as the archive remembers (src/refresh keeps the latest 30). */
const POLL_SLOTS = 30;
/** Half a year of weeks: long enough to tell a weekly blog from a monthly one. */
const RHYTHM_WEEKS = 26;
const WEEK_MS = 7 * 86_400_000;

const OUTCOME_WORDS: Record<PollOutcome, string> = {
  "new-items": "brought new or updated posts",
  unchanged: "unchanged",
  "not-modified": "not modified",
  failed: "failed",
  skipped: "skipped",
};
/** Bar heights out of 10: what happened is told by the height as well as the colour. */
const OUTCOME_HEIGHT: Record<PollOutcome, number> = { "new-items": 10, unchanged: 4, "not-modified": 4, failed: 10, skipped: 2 };

export function pollsView(slug: string, state: FeedState | undefined): PollsView {
  return { kind: "polls", live: `polls-${slug}`, polls: (state?.polls ?? []).slice(-POLL_SLOTS).map(({ outcome, status }) => ({ outcome, status })) };
}

function pollsCaption(view: PollsView): string {
  const last = view.polls[view.polls.length - 1];
  if (last === undefined) return "Not polled yet.";
  const counts = new Map<PollOutcome, number>();
  for (const { outcome } of view.polls) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  const parts = [...counts].map(([outcome, count]) => `${count} ${OUTCOME_WORDS[outcome]}`);
  const status = last.status === null ? "" : ` (HTTP ${last.status})`;
  const polls = view.polls.length === 1 ? "poll" : `${view.polls.length} polls`;
  return `Last ${polls}: ${parts.join(", ")}. The latest ${OUTCOME_WORDS[last.outcome]}${status}.`;
}

/** The latest polls, oldest on the left: tall green bars for new posts, low grey ones for no change, red for failures. */
export function pollsFigure(view: PollsView): string {
  const bars = view.polls
    .map(({ outcome }, index) => {
      const height = OUTCOME_HEIGHT[outcome];
      return `<rect class="poll-${outcome}" x="${index * 4}" y="${10 - height}" width="3" height="${height}"/>`;
    })
    .join("");
  return (
    `<figure class="polls" data-live="${escapeUTF8(view.live)}">` +
    `<svg viewBox="0 0 ${POLL_SLOTS * 4} 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">${bars}</svg>` +
    `<figcaption>${escapeUTF8(pollsCaption(view))}</figcaption></figure>`
  );
}

/** Monday 00:00 UTC of the week holding `now`: the picture's window moves once a week, not with every build. */
export function weekStart(now: Date): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000);
}

/** Posts per week over the weeks up to the one that starts on `week` (a Monday, see weekStart). */
export function rhythmView(items: readonly Item[], week: Date): RhythmView {
  const end = week.getTime() + WEEK_MS;
  const start = end - RHYTHM_WEEKS * WEEK_MS;
  const weeks = new Array<number>(RHYTHM_WEEKS).fill(0);
  for (const item of items) {
    const at = Date.parse(item.published);
    if (at >= start && at < end) weeks[Math.floor((at - start) / WEEK_MS)] = (weeks[Math.floor((at - start) / WEEK_MS)] ?? 0) + 1;
  }
  return { weeks, since: new Date(start).toISOString().slice(0, 10) };
}

function rhythmCaption(view: RhythmView): string {
  const total = view.weeks.reduce((sum, count) => sum + count, 0);
  if (total === 0) return `No posts in the ${view.weeks.length} weeks since ${view.since}.`;
  const busiest = Math.max(...view.weeks);
  const active = view.weeks.filter((count) => count > 0).length;
  return `${total} post${total === 1 ? "" : "s"} in the ${view.weeks.length} weeks since ${view.since}, in ${active} of them; at most ${busiest} in a week.`;
}

/** Posts per week over half a year, oldest week on the left, each bar scaled to the busiest week. */
export function rhythmFigure(view: RhythmView): string {
  const busiest = Math.max(1, ...view.weeks);
  const bars = view.weeks
    .map((count, index) => {
      const height = count === 0 ? 0.5 : (count / busiest) * 10;
      return `<rect class="${count === 0 ? "week-quiet" : "week-posts"}" x="${index * 4}" y="${(10 - height).toFixed(2)}" width="3" height="${height.toFixed(2)}"/>`;
    })
    .join("");
  return (
    `<figure class="rhythm"><svg viewBox="0 0 ${view.weeks.length * 4} 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">${bars}</svg>` +
    `<figcaption>${escapeUTF8(rhythmCaption(view))}</figcaption></figure>`
  );
}
