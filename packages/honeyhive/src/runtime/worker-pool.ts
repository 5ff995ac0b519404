import { runtime } from "./platform";

/**
 * Longest the pool starts items back to back without letting timers and I/O run. A task that never waits on I/O (a
 * synchronous function, sessions started in the background) settles in microtasks only: without a turn of the
 * event loop a large run would starve every socket and timer of the process, its own requests included.
 */
const MAX_TURN_MS = 20;

/** Outcome of {@link runWorkerPool}. */
interface PoolOutcome<T> {
  /** Results by item index; `undefined` where an item never started (cancelled). */
  results: (T | undefined)[];
  /** Items whose task settled. */
  completed: number;
  /** True when `signal` aborted before every item started. */
  cancelled: boolean;
}

/**
 * Called by a task before it settles: keeps its slot taken after it has settled, until `until` settles (work it
 * started still running: a timed-out call, see `timed-out-calls.ts`). `until` must settle by itself in bounded time.
 */
export type HoldSlot = (until: Promise<void>) => void;

/**
 * The waits of the workers whose last task holds its slot: each ends when its `until` settles, or all at once
 * ({@link endAll}) once no item is left to start or the signal aborts (one resolver per waiting worker, not a reaction
 * per held slot on a promise that lives as long as the run).
 */
class HeldSlots {
  readonly #waiting = new Set<() => void>();

  wait(until: Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.#waiting.delete(done);
        resolve();
      };
      this.#waiting.add(done);
      until.then(done, done);
    });
  }

  readonly endAll = (): void => {
    for (const done of this.#waiting) done();
  };
}

/**
 * Runs `task(index)` for `index` in `[0, total)` with at most `concurrency` tasks in flight at all times:
 * `min(concurrency, total)` workers share one index and each takes the next item as soon as its previous
 * one settles (no fixed batches, so a slow item never holds the others back). Results are stored by index.
 * A task that throws rejects nothing: its error must be captured by the task itself (tasks here never throw;
 * a throw is stored as `undefined`). A task may keep its slot after it settles with `holdSlot(until)`: its worker
 * then takes its next item once `until` settles — or at once when no item is left to start or `signal` has aborted
 * (nothing would use the slot). Once `signal` aborts no new item starts; in-flight tasks are awaited
 * (they receive the abort through their own signal and are expected to settle promptly). When the
 * event loop has not turned for `maxTurnMs` ({@link MAX_TURN_MS}), the workers let it turn before taking their next item.
 */
export async function runWorkerPool<T>(
  total: number,
  concurrency: number,
  task: (index: number, holdSlot: HoldSlot) => Promise<T>,
  signal?: AbortSignal,
  maxTurnMs = MAX_TURN_MS,
): Promise<PoolOutcome<T>> {
  const results: (T | undefined)[] = new Array<T | undefined>(total).fill(undefined);
  let next = 0;
  let completed = 0;
  const workers = Math.max(1, Math.min(Math.floor(concurrency) || 1, total));
  // One probe pending at a time notes each turn of the event loop; when none came for MAX_TURN_MS (every task so far
  // settled in microtasks), the workers all wait for the probe, then share the next MAX_TURN_MS.
  let turnStarted = performance.now();
  let probe: Promise<void> | undefined;
  const nextTurn = (): Promise<void> => (probe ??= new Promise<void>((resolve) => void runtime.soon(() => {
    probe = undefined;
    turnStarted = performance.now();
    resolve();
  })));
  const letEventLoopTurn = (): Promise<void> | undefined => {
    const turn = nextTurn();
    return performance.now() - turnStarted < maxTurnMs ? undefined : turn;
  };
  const held = new HeldSlots();
  signal?.addEventListener("abort", held.endAll, { once: true });
  const worker = async (): Promise<void> => {
    let holding: Promise<void> | undefined;
    const holdSlot: HoldSlot = (until) => void (holding = until);
    while (next < total && !signal?.aborted) {
      const waiting = letEventLoopTurn();
      if (waiting) await waiting;
      if (next >= total || signal?.aborted) break;
      const index = next++;
      if (next >= total) held.endAll(); // the last item has started: nothing will use a held slot
      try {
        results[index] = await task(index, holdSlot);
      } catch {
        results[index] = undefined;
      }
      completed += 1;
      if (holding) {
        const until = holding;
        holding = undefined;
        if (next < total && !signal?.aborted) await held.wait(until);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: total === 0 ? 0 : workers }, worker));
  } finally {
    signal?.removeEventListener("abort", held.endAll);
  }
  return { results, completed, cancelled: next < total };
}
