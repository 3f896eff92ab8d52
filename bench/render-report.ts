// What the CLI says it made again in a build: `blogroll build --json` prints the render's report as a JSON line (beside
// one line per feed), with the pages made afresh (`pagesMade`; `rendered` in older versions) and the search index's
// segments (`searchSegments: { total, made }`). A version that does not say leaves the figure null ("n/a").
export interface MadeAgain {
  /** Pages rendered afresh (the others kept or only refreshed); null when the CLI did not say. */
  pagesMade: number | null;
  pages: number | null;
  searchSegments: { total: number; made: number } | null;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function numberAt(object: JsonObject, key: string): number | null {
  const value = object[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function segmentsOf(object: JsonObject): MadeAgain["searchSegments"] {
  const segments = object["searchSegments"];
  if (!isObject(segments)) return null;
  const total = numberAt(segments, "total");
  const made = numberAt(segments, "made");
  return total === null || made === null ? null : { total, made };
}

/** The report in a line, whether the line is the report or holds it under `render`. */
function reportIn(line: string): JsonObject | null {
  if (!line.startsWith("{")) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  const candidates = isObject(parsed) ? [parsed, parsed["render"]] : [];
  return candidates.find((candidate): candidate is JsonObject => isObject(candidate) && ("pagesMade" in candidate || "rendered" in candidate || "searchSegments" in candidate)) ?? null;
}

/** The last render report in a build's output; every figure null when there is none. */
export function madeAgain(output: string): MadeAgain {
  const report = output
    .split("\n")
    .map((line) => reportIn(line.trim()))
    .findLast((found) => found !== null);
  if (!report) return { pagesMade: null, pages: null, searchSegments: null };
  return { pagesMade: numberAt(report, "pagesMade") ?? numberAt(report, "rendered"), pages: numberAt(report, "pages"), searchSegments: segmentsOf(report) };
}
