/** Outcome of {@link runWorkerPool}. */
export interface PoolOutcome<T> {
  /** Results by item index; `undefined` where an item never started (cancelled). */
  results: (T | undefined)[];
  /** Items whose task settled. */
  completed: number;
  /** True when `signal` aborted before every item started. */
  cancelled: boolean;
}

/**
 * Runs `task(index)` for `index` in `[0, total)` with at most `concurrency` tasks in flight at all times:
 * `min(concurrency, total)` workers share one index and each takes the next item as soon as its previous
 * one settles (no fixed batches, so a slow item never holds the others back). Results are stored by index.
 * A task that throws rejects nothing: its error must be captured by the task itself (tasks here never throw;
 * a throw is stored as `undefined`). Once `signal` aborts no new item starts; in-flight tasks are awaited
 * (they receive the abort through their own signal and are expected to settle promptly).
 */
export async function runWorkerPool<T>(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
  signal?: AbortSignal,
): Promise<PoolOutcome<T>> {
  const results: (T | undefined)[] = new Array<T | undefined>(total).fill(undefined);
  let next = 0;
  let completed = 0;
  const workers = Math.max(1, Math.min(Math.floor(concurrency) || 1, total));
  const worker = async (): Promise<void> => {
    while (next < total && !signal?.aborted) {
      const index = next++;
      try {
        results[index] = await task(index);
      } catch {
        results[index] = undefined;
      }
      completed += 1;
    }
  };
  await Promise.all(Array.from({ length: total === 0 ? 0 : workers }, worker));
  return { results, completed, cancelled: next < total };
}
