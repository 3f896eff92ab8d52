// Reads the text dumps of the two Drupal pages we reproduce (../shared/seeds), in place: what each
// item showed (title, source, date text, body paragraphs) and the page's own texts.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

export const seedsDir = fileURLToPath(new URL("../../../shared/seeds/", import.meta.url));
export const sourceSeedFile = `${seedsDir}000_c1a257d656b7c2bf.txt`;
export const categorySeedFile = `${seedsDir}003_aeef5e99478c7a02.txt`;

export function seedsPresent(): boolean {
  return existsSync(sourceSeedFile) && existsSync(categorySeedFile);
}

export interface SeedItem {
  title: string;
  /** Null on a source's own page, where items carry no source. */
  source: string | null;
  /** Exactly as shown: `Thu, 25/05/2017 - 18:30` or `5 hours 15 min ago`. */
  dateText: string;
  /** The body's paragraphs as plain text, `Categories:` line excluded. */
  paragraphs: string[];
}

export interface SeedPage {
  heading: string;
  intro: string;
  /** `There are currently N posts ...` */
  count: number;
  disclaimer: string;
  /** Lines between the disclaimer and the first item (subscribe link, feed title, `Updated: ...`). */
  header: string[];
  items: SeedItem[];
  /** The last `Subscribe to ...` line after the items, if any. */
  footerSubscribe: string | null;
}

const ABSOLUTE_DATE = String.raw`[A-Z][a-z]{2}, \d{2}/\d{2}/\d{4} - \d{2}:\d{2}`;
const UNIT = String.raw`\d+ (?:years?|months?|weeks?|days?|hours?|min|sec)`;
const RELATIVE_DATE = String.raw`${UNIT}(?: ${UNIT})? ago`;
const META_LINE = new RegExp(String.raw`^(?:(.+) - )?(${ABSOLUTE_DATE}|${RELATIVE_DATE})$`);

export function parseSeedPage(text: string): SeedPage {
  const lines = text.split("\n").map((line) => line.trimEnd());
  const metaLines = lines.flatMap((line, index) => (META_LINE.test(line) && !line.startsWith("Updated:") ? [index] : []));
  const items = metaLines.map((metaIndex, position): SeedItem => {
    const match = META_LINE.exec(lines[metaIndex] ?? "");
    // The title sits two lines up, past a blank line (empty when the item had no title).
    const title = lines[metaIndex - 2] ?? "";
    const end = metaLines[position + 1] === undefined ? lines.length : (metaLines[position + 1] ?? lines.length) - 2;
    const body = lines.slice(metaIndex + 1, end);
    const categoriesAt = body.findIndex((line) => line.startsWith("Categories:"));
    const paragraphs = (categoriesAt === -1 ? body : body.slice(0, categoriesAt)).map((line) => line.trim()).filter((line) => line !== "");
    return { title, source: match?.[1] ?? null, dateText: match?.[2] ?? "", paragraphs };
  });
  const intro = lines.find((line) => line.includes("There are currently")) ?? "";
  const count = Number(/There are currently (\d+) posts/.exec(intro)?.[1] ?? Number.NaN);
  const disclaimerAt = lines.findIndex((line) => line.startsWith("Disclaimer:"));
  const firstTitleAt = (metaLines[0] ?? lines.length) - 2;
  const header = lines.slice(disclaimerAt + 1, firstTitleAt).filter((line) => line.trim() !== "");
  const footerSubscribe = lines.slice((metaLines.at(-1) ?? 0) + 1).find((line) => line.startsWith("Subscribe to ")) ?? null;
  const disclaimer = lines[disclaimerAt] ?? "";
  return { heading: lines[0] ?? "", intro, count, disclaimer, header, items, footerSubscribe };
}

export async function readSeedPage(file: string): Promise<SeedPage> {
  return parseSeedPage(await readFile(file, "utf8"));
}

/** `Thu, 25/05/2017 - 18:30` read in UTC (the time zone our reproduction uses). */
export function parseAbsoluteDate(text: string): Date {
  const match = /^[A-Z][a-z]{2}, (\d{2})\/(\d{2})\/(\d{4}) - (\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new Error(`Not a seed date: ${text}`);
  const [, day, month, year, hours, minutes] = match.map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day, hours, minutes));
}

const UNIT_MS: Record<string, number> = {
  year: 365 * 86_400_000,
  month: 30 * 86_400_000,
  week: 7 * 86_400_000,
  day: 86_400_000,
  hour: 3_600_000,
  min: 60_000,
  sec: 1000,
};

/** `5 hours 15 min ago` → milliseconds. */
export function parseAgo(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+) (year|month|week|day|hour|min|sec)s?/g)) {
    total += Number(amount) * (UNIT_MS[unit ?? ""] ?? Number.NaN);
  }
  return total;
}
