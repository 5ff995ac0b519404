import { startDeadline, stopTimer } from "../internal/timers";

/** One export request in flight: its span count, its stop, and whether shutdown already counted it as dropped. */
interface BatchInFlight {
  readonly count: number;
  /**
   * Aborted at shutdown's deadline. One per request, not one shared by all: each request listens to its signal, and
   * Node warns about a leak past 10 listeners on one signal (more than 10 requests can be in flight with
   * `requestScopedIo`).
   */
  readonly signal: AbortSignal;
  abandoned: boolean;
}

interface Entry extends BatchInFlight {
  readonly stop: AbortController;
  readonly settled: () => void;
}

/**
 * The export requests a pipeline has in flight, for shutdown: it can wait (bounded) until they settle — with a disk
 * spool, an aborted request is written to the spool, and counting it before that write would count its spans twice,
 * as dropped now and as spooled (then sent by the next process) — and then abandon the ones still pending.
 */
export class BatchesInFlight {
  readonly #entries = new Set<Entry>();
  readonly #waiters = new Set<() => void>();

  /** Records a request of `count` spans. */
  add(count: number): BatchInFlight {
    const stop = new AbortController();
    const entry: Entry = { count, stop, signal: stop.signal, abandoned: false, settled: () => this.#settled(entry) };
    this.#entries.add(entry);
    return entry;
  }

  /** Records that a request from {@link add} settled. */
  settle(batch: BatchInFlight): void {
    (batch as Entry).settled();
  }

  /** Resolves once no request is in flight, or after `ms`; never rejects. */
  whenSettled(ms: number): Promise<void> {
    if (this.#entries.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        stopTimer(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = startDeadline(done, ms);
      this.#waiters.add(done);
    });
  }

  /** Aborts every request in flight (their senders stop retrying and answer). */
  abortAll(): void {
    for (const entry of this.#entries) entry.stop.abort();
  }

  /** Marks every request still in flight as abandoned (counted by the caller); returns their spans. */
  abandonAll(): number {
    let spans = 0;
    for (const entry of this.#entries) {
      if (entry.abandoned) continue;
      entry.abandoned = true;
      spans += entry.count;
    }
    return spans;
  }

  #settled(entry: Entry): void {
    if (!this.#entries.delete(entry) || this.#entries.size > 0) return;
    for (const waiter of [...this.#waiters]) waiter();
  }
}
