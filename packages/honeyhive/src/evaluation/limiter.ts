import type { HoldSlot } from "../runtime/worker-pool";

/**
 * A bound on how many calls run at once: `run` waits for a free slot, first come first served. A task may keep its
 * slot after it has settled with `holdSlot(until)` (called before it settles): the slot is then given to the next
 * call once `until` settles (a timed-out call still running, see `timed-out-calls.ts`), while `run` settles at once.
 */
export interface Limiter {
  run<T>(task: (holdSlot: HoldSlot) => Promise<T>): Promise<T>;
}

/** A limiter with `limit` slots (at least 1). */
export function createLimiter(limit: number): Limiter {
  const slots = Math.max(1, Math.floor(limit) || 1);
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  /** Runs `task` in the slot it was given; the slot is released (or handed over) once `task` has settled. */
  const runInSlot = <T>(task: (holdSlot: HoldSlot) => Promise<T>): Promise<T> => {
    let held: Promise<void> | undefined;
    let running: Promise<T>;
    try {
      running = task((until) => void (held = until));
    } catch (error) {
      running = Promise.reject(error);
    }
    const settled = (): void => {
      if (held) held.then(release, release);
      else release();
    };
    // released before the caller hears the outcome (its handler is added after this one); one promise per call
    running.then(settled, settled);
    return running;
  };
  return {
    run(task) {
      if (active < slots) {
        active += 1;
        return runInSlot(task);
      }
      // the releasing call hands its slot over
      return new Promise<void>((resolve) => waiting.push(resolve)).then(() => runInSlot(task));
    },
  };
}
