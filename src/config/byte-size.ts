// Sizes as the owner writes them in feeds.yaml: `15MiB`, `500kB`, or a plain number of bytes.

const BYTES_PER_UNIT: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

const SIZE_PATTERN = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

/** `"15MiB"` or `15728640` → bytes; null when it is not a positive size. */
export function parseByteSize(value: string | number): number | null {
  if (typeof value === "number") return Number.isInteger(value) && value > 0 ? value : null;
  const match = SIZE_PATTERN.exec(value.trim());
  if (match === null) return null;
  const [, amount, unit] = match;
  const multiplier = unit === "" ? 1 : BYTES_PER_UNIT[(unit ?? "").toLowerCase()];
  if (multiplier === undefined) return null;
  const bytes = Math.floor(Number(amount) * multiplier);
  return bytes > 0 ? bytes : null;
}
