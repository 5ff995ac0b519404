/** A bound on how many calls run at once: `run` waits for a free slot, first come first served. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
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
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
