// One Eleventy run over a batch of pages: templates/ in, `outDir` out, the pages as the global `blogroll`.
import path from "node:path";
import { Eleventy } from "@11ty/eleventy";
import type { SiteView } from "./view-types.ts";

const projectDir = path.resolve(import.meta.dirname, "../..");

export async function runEleventy(view: SiteView, outDir: string): Promise<void> {
  const eleventy = new Eleventy(path.join(projectDir, "templates"), outDir, {
    configPath: path.join(projectDir, ".eleventy.ts"),
    quietMode: true,
    config: (eleventyConfig) => eleventyConfig.addGlobalData("blogroll", view),
  });
  // Quiet mode still prints a summary line; the CLI reports the build itself. Warnings and errors still show.
  eleventy.logger.overrideLogger({ log: () => {}, warn: console.warn, error: console.error });
  await eleventy.write();
}
