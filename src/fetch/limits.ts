// Runs tasks with a cap overall and a cap per host, so one slow site cannot hold every slot and no site
// gets more parallel requests than it should.

export interface Limits {
  concurrency: number;
  perHostConcurrency: number;
}

function warnTaskFailed(_task: unknown, error: unknown): void {
  process.emitWarning(`A task failed and was skipped: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * Runs every task, starting the first waiting one whose host has room whenever a slot frees. Resolves when all
 * have ended; a task that throws is handed to `onError` and the others go on.
 */
export async function forEachWithLimits<T>(
  tasks: T[],
  hostOf: (task: T) => string,
  limits: Limits,
  run: (task: T) => Promise<void>,
  onError: (task: T, error: unknown) => void = warnTaskFailed,
): Promise<void> {
  const overallLimit = Math.max(1, Math.floor(limits.concurrency));
  const hostLimit = Math.max(1, Math.floor(limits.perHostConcurrency));
  const waiting = tasks.map((task) => ({ task, host: hostOf(task) }));
  const runningPerHost = new Map<string, number>();
  let running = 0;

  await new Promise<void>((resolve) => {
    const startWhatFits = (): void => {
      for (let index = 0; index < waiting.length && running < overallLimit; ) {
        const next = waiting[index]!;
        const onHost = runningPerHost.get(next.host) ?? 0;
        if (onHost >= hostLimit) {
          index += 1;
          continue;
        }
        waiting.splice(index, 1);
        running += 1;
        runningPerHost.set(next.host, onHost + 1);
        void runOne(next.task, next.host);
      }
      if (running === 0 && waiting.length === 0) resolve();
    };
    const runOne = async (task: T, host: string): Promise<void> => {
      try {
        await run(task);
      } catch (error) {
        onError(task, error);
      } finally {
        running -= 1;
        runningPerHost.set(host, (runningPerHost.get(host) ?? 1) - 1);
        startWhatFits();
      }
    };
    startWhatFits();
  });
}
