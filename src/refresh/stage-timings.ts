/**
 * Milliseconds spent per pipeline stage in one run, for `--timings` and the benchmark. `pages` (Eleventy's own runs) is
 * a part of `render`; `search` (the index) runs beside it.
 */
export type Stage = "fetch" | "parse" | "sanitise" | "archive" | "render" | "pages" | "search";

export class StageTimings {
  readonly totals: Record<Stage, number> = { fetch: 0, parse: 0, sanitise: 0, archive: 0, render: 0, pages: 0, search: 0 };

  add(stage: Stage, ms: number): void {
    this.totals[stage] += ms;
  }

  async measure<T>(stage: Stage, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }
}
