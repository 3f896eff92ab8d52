import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", "./tests/summary-reporter.ts"],
    projects: [
      { test: { name: "unit", include: ["tests/**/*.test.ts"], exclude: ["tests/e2e/**", "tests/corpus/**"], testTimeout: 20_000 } },
      { test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } },
      { test: { name: "corpus", include: ["tests/corpus/**/*.test.ts"], testTimeout: 120_000 } },
    ],
  },
});
