/** Runs `work` over every item, a few at a time: file-system calls overlap instead of waiting one behind another. */
export async function eachConcurrently<T>(items: readonly T[], work: (item: T) => Promise<void>, limit = 32): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
