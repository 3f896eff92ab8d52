// One deadline for a whole exchange (every redirect hop and the body), so no feed can hold a run longer.
import { performance } from "node:perf_hooks";
import type { FeedError } from "../model.ts";
import { timeoutError } from "./errors.ts";

export interface Deadline {
  /** Aborts when the time is up; everything doing I/O for the exchange listens to it. */
  readonly signal: AbortSignal;
  /** The failure to report once the signal has aborted. */
  error(): FeedError;
  stop(): void;
}

/**
 * The clock counts only the time this process sat waiting for the network. While it parses another feed
 * (10,000 items take seconds) it cannot read this one, and a wall-clock timer would then blame a server that
 * had long answered. A run still ends: it lasts at most the timeout plus the work the run itself does.
 */
export function startDeadline(timeoutMs: number): Deadline {
  const controller = new AbortController();
  const started = performance.eventLoopUtilization();
  let timer: NodeJS.Timeout;
  const check = (): void => {
    const waited = performance.eventLoopUtilization(started).idle;
    if (waited >= timeoutMs) controller.abort();
    else timer = setTimeout(check, timeoutMs - waited);
  };
  timer = setTimeout(check, timeoutMs);
  return {
    signal: controller.signal,
    error: () => timeoutError(timeoutMs),
    stop: () => clearTimeout(timer),
  };
}
