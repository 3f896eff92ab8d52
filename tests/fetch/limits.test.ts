import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { forEachWithLimits } from "../../src/fetch/limits.ts";

interface Task {
  id: number;
  host: string;
  ms: number;
}

/** Runs tasks through the limiter and records the most that ran at once, overall and per host. */
async function observe(tasks: Task[], limits: { concurrency: number; perHostConcurrency: number }) {
  let running = 0;
  let peak = 0;
  const perHost = new Map<string, number>();
  const peakPerHost = new Map<string, number>();
  const done: number[] = [];
  const started: number[] = [];
  await forEachWithLimits(tasks, (task) => task.host, limits, async (task) => {
    started.push(task.id);
    running += 1;
    peak = Math.max(peak, running);
    const onHost = (perHost.get(task.host) ?? 0) + 1;
    perHost.set(task.host, onHost);
    peakPerHost.set(task.host, Math.max(peakPerHost.get(task.host) ?? 0, onHost));
    await sleep(task.ms);
    perHost.set(task.host, (perHost.get(task.host) ?? 1) - 1);
    running -= 1;
    done.push(task.id);
  });
  return { peak, peakPerHost, done, started };
}

describe("forEachWithLimits", () => {
  it("never passes either limit, fills every slot, and finishes every task", async () => {
    const hosts = ["a.example", "b.example", "c.example"];
    const tasks = Array.from({ length: 30 }, (_, id) => ({ id, host: hosts[id % 3]!, ms: 2 + ((id * 7) % 11) }));
    const { peak, peakPerHost, done } = await observe(tasks, { concurrency: 4, perHostConcurrency: 2 });
    expect(peak).toBe(4);
    for (const host of hosts) expect(peakPerHost.get(host)).toBe(2);
    expect(done.sort((a, b) => a - b)).toEqual(tasks.map((task) => task.id));
  });

  it("starts a task of a free host ahead of a queue stuck on a busy one", async () => {
    const tasks = [
      ...Array.from({ length: 4 }, (_, id) => ({ id, host: "busy.example", ms: 40 })),
      { id: 4, host: "free.example", ms: 1 },
    ];
    const { started, peakPerHost } = await observe(tasks, { concurrency: 3, perHostConcurrency: 2 });
    expect(started.slice(0, 3)).toEqual([0, 1, 4]);
    expect(peakPerHost.get("busy.example")).toBe(2);
  });

  it("goes on with the others when a task throws, and reports the failure", async () => {
    const finished: string[] = [];
    const failures: string[] = [];
    await forEachWithLimits(
      ["ok-1", "boom", "ok-2"],
      () => "one.example",
      { concurrency: 2, perHostConcurrency: 1 },
      async (task) => {
        if (task === "boom") throw new Error("kaput");
        finished.push(task);
      },
      (task, error) => failures.push(`${task}: ${(error as Error).message}`),
    );
    expect(finished).toEqual(["ok-1", "ok-2"]);
    expect(failures).toEqual(["boom: kaput"]);
  });

  it("resolves at once with no tasks", async () => {
    await expect(forEachWithLimits([], () => "", { concurrency: 2, perHostConcurrency: 1 }, async () => {})).resolves.toBeUndefined();
  });
});
