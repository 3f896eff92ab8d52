// Durations as the owner writes them in feeds.yaml: a number and one unit, e.g. 20s, 112d, 2w.

const MILLISECONDS_PER_UNIT: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  // A calendar-free year, as Drupal's retention options counted it.
  y: 365 * 86_400_000,
};

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|y)$/;

/** `"112d"` → milliseconds; null when the text is not a positive duration with a unit. */
export function parseDuration(text: string): number | null {
  const match = DURATION_PATTERN.exec(text.trim());
  if (match === null) return null;
  const [, amount, unit] = match;
  const milliseconds = Math.round(Number(amount) * (MILLISECONDS_PER_UNIT[unit ?? ""] ?? Number.NaN));
  return milliseconds > 0 ? milliseconds : null;
}
