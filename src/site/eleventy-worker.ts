// A worker thread that runs Eleventy over one batch of pages and ends: whatever Eleventy keeps in memory goes with it.
import { workerData } from "node:worker_threads";
import { runEleventy } from "./eleventy-run.ts";
import type { SiteView } from "./view-types.ts";

const { view, outDir } = workerData as { view: SiteView; outDir: string };
await runEleventy(view, outDir);
