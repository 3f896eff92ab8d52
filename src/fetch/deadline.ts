// One deadline for a whole exchange (every redirect hop and the body), so no feed can hold a run longer.
import type { FeedError } from "../model.ts";
import { timeoutError } from "./errors.ts";

export interface Deadline {
  /** Aborts when the time is up; everything doing I/O for the exchange listens to it. */
  readonly signal: AbortSignal;
  /** The failure to report once the signal has aborted. */
  error(): FeedError;
  stop(): void;
}

export function startDeadline(timeoutMs: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  return {
    signal: controller.signal,
    error: () => timeoutError(timeoutMs),
    stop: () => clearTimeout(timer),
  };
}
