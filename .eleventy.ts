// Eleventy renders the pages src/site/ describes: templates/ in, Nunjucks with autoescaping. public/ is copied by
// src/site/render.ts, so that a run with no page to render need not start Eleventy at all.
// The page data arrives as the global `blogroll` from src/site/eleventy-run.ts (a batch of pages per run).
import type { EleventyUserConfig } from "@11ty/eleventy";
import { stampElement } from "./src/site/stamps.ts";
import type { StampView } from "./src/site/view-types.ts";

export default function configure(eleventyConfig: EleventyUserConfig): void {
  eleventyConfig.setQuietMode(true);
  eleventyConfig.setTemplateFormats(["njk"]);
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: true });
  // A stamp's markup is written in one place, which also refreshes the stamps of an otherwise unchanged page.
  eleventyConfig.addFilter("stampElement", (stamp: StampView, className: string) => stampElement(stamp, className || null));
}

export const config = { dir: { includes: "_includes", layouts: "_includes" } };
