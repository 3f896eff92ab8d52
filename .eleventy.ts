// Eleventy renders the pages src/site/ describes: templates/ in, Nunjucks with autoescaping. public/ is copied by
// src/site/render.ts, so that a run with no page to render need not start Eleventy at all.
// The page data arrives as the global `blogroll` from src/site/eleventy.ts (a run of pages at a time).
import type { EleventyUserConfig } from "@11ty/eleventy";
import { stampElement } from "./src/site/live-parts.ts";
import { pollsFigure, rhythmFigure } from "./src/site/pictures.ts";
import type { PollsView, RhythmView, StampView } from "./src/site/view-types.ts";

export default function configure(eleventyConfig: EleventyUserConfig): void {
  eleventyConfig.setQuietMode(true);
  eleventyConfig.setTemplateFormats(["njk"]);
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: true });
  // Live parts (stamps, the polls picture) are drawn in one place, which also redraws them in an unchanged page.
  eleventyConfig.addFilter("stampElement", (stamp: StampView, className: string) => stampElement(stamp, className || null));
  eleventyConfig.addFilter("pollsFigure", (polls: PollsView) => pollsFigure(polls));
  eleventyConfig.addFilter("rhythmFigure", (rhythm: RhythmView) => rhythmFigure(rhythm));
}

export const config = { dir: { includes: "_includes", layouts: "_includes" } };
