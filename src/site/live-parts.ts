// The parts of a page that move with the clock or with each poll: date stamps and the status page's picture of the
// latest polls. Each has one markup function, used by the templates (through a filter) and to refresh the parts in an
// otherwise unchanged page, so a run that changed no post rewrites a few elements instead of rendering pages again.
import { decodeHTML, escapeUTF8 } from "entities";
import type { SiteConfig } from "../model.ts";
import { stampText } from "../../public/stamps.js";
import { absoluteDateText, agoText, dateText } from "./dates.ts";
import { pollsFigure } from "./pictures.ts";
import type { PollsView, StampView } from "./view-types.ts";

/** A part a later run may redraw from the feeds' states alone, by its name. */
export type LiveValue = StampView | PollsView;

export function isLiveValue(value: unknown): value is LiveValue {
  const kind = typeof value === "object" && value !== null ? (value as { kind?: unknown }).kind : undefined;
  return kind === "stamp" || kind === "polls";
}

/**
 * `X ago` whatever the day (`Updated: 57 min 16 sec ago`), of an instant from the feed's state; null (never) when
 * there is none. `live` names it on every page that shows it (`checked-{slug}`), so a later run can move it.
 */
export function agoStamp(live: string, iso: string | null, now: Date): StampView | null {
  if (iso === null) return null;
  return { kind: "stamp", iso, text: agoText(new Date(iso), now), absolute: null, live };
}

/** `X ago` on the build's calendar day, the absolute date otherwise: a post's date, fixed by the page's content. */
export function dateStamp(iso: string, now: Date, site: SiteConfig): StampView {
  const instant = new Date(iso);
  const absolute = absoluteDateText(instant, site.timezone, site.dateFormat);
  return { kind: "stamp", iso, text: dateText(instant, now, site.timezone, site.dateFormat, absolute), absolute, live: null };
}

/** Whether a later build may print the part differently: it is live, or a stamp that still reads as an interval. */
export function partMoves(part: LiveValue): boolean {
  return part.live !== null || (part.kind === "stamp" && part.text !== part.absolute);
}

/** A stamp's element, as templates print it (the `stampElement` filter) and as a refresh rewrites it. */
export function stampElement(stamp: StampView, className: string | null = null): string {
  const classAttribute = className ? ` class="${escapeUTF8(className)}"` : "";
  const absolute = stamp.absolute === null ? "" : ` data-absolute="${escapeUTF8(stamp.absolute)}"`;
  const live = stamp.live === null ? "" : ` data-live="${escapeUTF8(stamp.live)}"`;
  return `<time${classAttribute} datetime="${escapeUTF8(stamp.iso)}" data-relative${absolute}${live}>${escapeUTF8(stamp.text)}</time>`;
}

/** Whether a view holds a part that a later render may print differently without its content changing. */
export function viewMoves(value: unknown): boolean {
  if (isLiveValue(value)) return partMoves(value);
  if (Array.isArray(value)) return value.some(viewMoves);
  if (typeof value === "object" && value !== null) return Object.values(value).some(viewMoves);
  return false;
}

/**
 * Exactly what stampElement and pollsFigure write. Each is found by the start of its element, never by words a post
 * may also hold as text (a post that says `data-relative` is text, escaped, between elements); a `<time>` of a post
 * body is not one of ours, and is left as it is (the sanitiser lets `time` keep only `datetime`, and drops
 * `figure`'s attributes and every `data-` one, so no post body holds an element of this shape).
 */
const STAMP_ELEMENT = /^<time( class="([^"]*)")? datetime="([^"]*)" data-relative(?: data-absolute="([^"]*)")?(?: data-live="([^"]*)")?>[^<]*<\/time>$/;
const STAMP = { start: Buffer.from("<time "), end: Buffer.from("</time>") };
const POLLS_ELEMENT = /^<figure class="polls" data-live="([^"]*)">/;
const POLLS = { start: Buffer.from('<figure class="polls" data-live="'), end: Buffer.from("</figure>") };

export interface RefreshedPage {
  html: Buffer;
  /** The page still has a part that a later build may move (see stampMoves). */
  moves: boolean;
}

/**
 * One live part found in a page: where it is, and what to print there now (null: the page must be rendered again);
 * an element of the same tag that is not a live part is not found at all.
 */
interface FoundPart {
  start: number;
  end: number;
  replacement: { markup: string; moves: boolean } | null;
}

function stampAt(html: Buffer, start: number, end: number, live: ReadonlyMap<string, LiveValue>, now: Date, site: SiteConfig): FoundPart["replacement"] | undefined {
  const match = STAMP_ELEMENT.exec(html.toString("utf8", start, end));
  if (match === null) return undefined;
  const [, , className, iso = "", absolute, name] = match;
  let stamp: LiveValue | undefined;
  if (name !== undefined) stamp = live.get(decodeHTML(name));
  else {
    const absoluteText = absolute === undefined ? null : decodeHTML(absolute);
    const instant = decodeHTML(iso);
    stamp = { kind: "stamp", iso: instant, text: stampText(Date.parse(instant), now.getTime(), site.timezone, absoluteText), absolute: absoluteText, live: null };
  }
  if (stamp?.kind !== "stamp") return null;
  return { markup: stampElement(stamp, className === undefined ? null : decodeHTML(className)), moves: partMoves(stamp) };
}

function pollsAt(html: Buffer, start: number, end: number, live: ReadonlyMap<string, LiveValue>): FoundPart["replacement"] {
  const name = POLLS_ELEMENT.exec(html.toString("utf8", start, end))?.[1];
  const polls = name === undefined ? undefined : live.get(decodeHTML(name));
  return polls?.kind === "polls" ? { markup: pollsFigure(polls), moves: true } : null;
}

/** Every element of one kind of live part, in order; `read` says undefined of an element that is not one. */
function findParts(html: Buffer, kind: typeof STAMP, read: (start: number, end: number) => FoundPart["replacement"] | undefined): FoundPart[] | null {
  const found: FoundPart[] = [];
  for (let start = html.indexOf(kind.start); start !== -1; start = html.indexOf(kind.start, start + 1)) {
    const close = html.indexOf(kind.end, start);
    if (close === -1) return null;
    const end = close + kind.end.length;
    const replacement = read(start, end);
    if (replacement !== undefined) found.push({ start, end, replacement });
  }
  return found;
}

/**
 * The page's bytes with every live part as a build at `now` prints it: a named part from `live`, any other stamp
 * from its own instant and absolute text. Null when the page holds a part this cannot redraw (a name `live` lacks):
 * it must be rendered again. It works on bytes and decodes only the parts: a rebuild refreshes hundreds of pages.
 */
export function refreshLiveParts(html: Buffer, live: ReadonlyMap<string, LiveValue>, now: Date, site: SiteConfig): RefreshedPage | null {
  const stamps = findParts(html, STAMP, (start, end) => stampAt(html, start, end, live, now, site));
  const polls = findParts(html, POLLS, (start, end) => pollsAt(html, start, end, live));
  if (stamps === null || polls === null) return null;
  const parts = [...stamps, ...polls].sort((a, b) => a.start - b.start);
  const chunks: Buffer[] = [];
  let copied = 0;
  let moves = false;
  for (const part of parts) {
    if (part.replacement === null || part.start < copied) return null;
    moves ||= part.replacement.moves;
    chunks.push(html.subarray(copied, part.start), Buffer.from(part.replacement.markup, "utf8"));
    copied = part.end;
  }
  chunks.push(html.subarray(copied));
  return { html: Buffer.concat(chunks), moves };
}
