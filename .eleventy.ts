// Eleventy renders the pages src/site/ describes: templates/ in, Nunjucks with autoescaping, public/ copied as is.
// The page data arrives as the global `blogroll` from src/site/eleventy-run.ts (a batch of pages per run).
import path from "node:path";
import type { EleventyUserConfig } from "@11ty/eleventy";

export default function configure(eleventyConfig: EleventyUserConfig): void {
  eleventyConfig.setQuietMode(true);
  eleventyConfig.setTemplateFormats(["njk"]);
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: true });
  // stamps.d.ts types stamps.js for the build; readers have no use for it.
  eleventyConfig.addPassthroughCopy({ [path.join(import.meta.dirname, "public")]: "/" }, { filter: ["**/*", "!**/*.d.ts"] });
}

export const config = { dir: { includes: "_includes", layouts: "_includes" } };
