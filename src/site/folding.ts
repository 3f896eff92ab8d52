// Folding a run of posts from one feed on a page, so that one busy feed cannot fill the front list. It works on one
// page's posts alone: a page's rows never depend on its neighbours, so pages that stay put stay put.

export interface FoldedRow<T> {
  /** The newest post of its run, shown whole. */
  post: T;
  /** The run's other posts, newest first: folded into one `and N more` line; empty for a run that does not fold. */
  folded: T[];
}

/**
 * The page's posts (newest first) as rows: a run of more than `over` consecutive posts with the same `feedOf` folds
 * into its newest post; `over` 0 folds nothing.
 */
export function foldRuns<T>(posts: readonly T[], feedOf: (post: T) => string, over: number): FoldedRow<T>[] {
  const runs: { feed: string; posts: T[] }[] = [];
  for (const post of posts) {
    const last = runs.at(-1);
    if (last !== undefined && last.feed === feedOf(post)) last.posts.push(post);
    else runs.push({ feed: feedOf(post), posts: [post] });
  }
  return runs.flatMap(({ posts: [newest, ...rest] }): FoldedRow<T>[] => {
    if (newest === undefined) return [];
    if (over > 0 && rest.length >= over) return [{ post: newest, folded: rest }];
    return [newest, ...rest].map((post) => ({ post, folded: [] }));
  });
}
