/**
 * The closing work of a run's datapoints (each one's session update and tracer shutdown), which runs in the
 * background so a slow backend never holds a pool slot, and which the run awaits once at its end. At most `limit`
 * of it is unsettled at once: a run of quick datapoints otherwise starts work faster than any backend takes it, and
 * its requests wait in the client's queue until their own timeouts end them.
 */
class ClosingWindow {
  readonly #waiters: (() => void)[] = [];
  readonly #idleWaiters: (() => void)[] = [];
  #open = 0;

  constructor(readonly limit: number) {}

  /** Takes one datapoint's closing work (it must never reject: {@link runDatapoint}'s is bounded and caught). */
  add(work: Promise<void>): void {
    this.#open += 1;
    const settled = (): void => {
      this.#open -= 1;
      this.#waiters.shift()?.();
      if (this.#open === 0) for (const idle of this.#idleWaiters.splice(0)) idle();
    };
    work.then(settled, settled);
  }

  /** `undefined` while fewer than `limit` are unsettled (start at once), else a promise of the next one settling. */
  room(): Promise<void> | undefined {
    if (this.#open < this.limit) return undefined;
    return new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** Settles once every closing taken so far has settled (the count, not a list of every datapoint's promise). */
  settled(): Promise<void> {
    if (this.#open === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }
}

/** The window of a run with `concurrency` datapoints in flight. */
export function closingWindowFor(concurrency: number): ClosingWindow {
  return new ClosingWindow(Math.max(256, 4 * concurrency));
}
