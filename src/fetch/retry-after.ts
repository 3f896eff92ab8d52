// Retry-After (RFC 9110 §10.2.3): a number of seconds or an HTTP-date.

/** A server's request to wait longer than this is taken as a mistake; we wait this long at most. */
const LONGEST_WAIT_MS = 7 * 24 * 60 * 60 * 1000;

/** The instant before which the server asks not to be polled, or null when the header says nothing usable. */
export function parseRetryAfter(value: string | null, now: Date): Date | null {
  if (value === null) return null;
  const text = value.trim();
  let waitMs: number;
  if (/^\d+$/.test(text)) {
    waitMs = Number(text) * 1000;
  } else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return null;
    waitMs = at - now.getTime();
  }
  if (waitMs <= 0) return null;
  return new Date(now.getTime() + Math.min(waitMs, LONGEST_WAIT_MS));
}
