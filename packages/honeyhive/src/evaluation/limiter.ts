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
  return {
    async run(task) {
      if (active < slots) active += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve)); // the releasing call hands its slot over
      let held: Promise<void> | undefined;
      try {
        return await task((until) => void (held = until));
      } finally {
        if (held) held.then(release, release);
        else release();
      }
    },
  };
}
