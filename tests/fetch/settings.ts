// Fetch settings for tests: small and fast, overridable per case.
import type { FetchSettings } from "../../src/model.ts";
import type { FetchOutcome } from "../../src/fetch/fetch-feed.ts";

export const NOW = new Date("2024-03-01T12:00:00Z");

export function testSettings(overrides: Partial<FetchSettings> = {}): FetchSettings {
  return {
    timeoutMs: 5_000,
    maxBodyBytes: 1024 * 1024,
    concurrency: 4,
    perHostConcurrency: 2,
    maxRedirects: 5,
    userAgent: "Blogroll-test/1.0",
    maxNewItemsPerRun: 10_000,
    ...overrides,
  };
}

export function fetchedOf(outcome: FetchOutcome): Extract<FetchOutcome, { kind: "fetched" }> {
  if (outcome.kind !== "fetched") throw new Error(`expected a fetched outcome, got ${JSON.stringify(outcome)}`);
  return outcome;
}

export function failedOf(outcome: FetchOutcome): Extract<FetchOutcome, { kind: "failed" }> {
  if (outcome.kind !== "failed") throw new Error(`expected a failed outcome, got ${outcome.kind}`);
  return outcome;
}
