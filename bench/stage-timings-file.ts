// Reads the file `blogroll … --timings FILE` writes: `{ stages: { fetch: ms, parse: ms, … } }`.
import { readFile } from "node:fs/promises";
import type { Stage } from "../src/refresh/stage-timings.ts";

// A record, not a list, so the compiler notices when the CLI gains a stage the table lacks.
const STAGE_COLUMNS: Record<Stage, true> = { fetch: true, parse: true, sanitise: true, archive: true, render: true, pages: true, search: true };
export const STAGE_NAMES = Object.keys(STAGE_COLUMNS) as Stage[];

export type StageTimes = Partial<Record<Stage, number>>;

/** Null when the file is absent or not the expected shape; a stage it lacks is left out. */
export async function readStageTimings(file: string): Promise<StageTimes | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || !("stages" in parsed)) return null;
  const stages: unknown = parsed.stages;
  if (typeof stages !== "object" || stages === null) return null;
  const times: StageTimes = {};
  for (const name of STAGE_NAMES) {
    const value: unknown = (stages as Record<string, unknown>)[name];
    if (typeof value === "number") times[name] = value;
  }
  return times;
}
