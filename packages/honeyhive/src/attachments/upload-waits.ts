/**
 * Values (a span's attributes, a session's inputs) waiting, after extraction, for the uploads their references name, so
 * a reference is sent only once its bytes are stored (decision record 0055). Each wait ends when every upload it
 * names ended, at `maxWaitMs`, or at {@link UploadWaits.releaseAll} (a flush's deadline), whichever comes first; an
 * upload still running then counts as not stored. At most `maxWaiting` values wait at once (an extracted value is
 * small: its payloads are in the upload queue, which has its own bound); beyond that a value goes at once, the
 * references whose uploads are running becoming placeholders.
 */
import { noteInternalError } from "../internal/guard";
import { startDeadline, stopTimer } from "../internal/timers";
import type { UploadOutcome } from "./upload-queue";

/** What became of the uploads one value waited for: the URIs not stored, and how many of them were still running. */
export interface UploadsEnded {
  readonly lost: ReadonlySet<string>;
  readonly unconfirmed: number;
}

/** Limits of {@link UploadWaits}. */
export interface UploadWaitLimits {
  /** Most values waiting at once. */
  readonly maxWaiting: number;
  /** Longest one value waits. */
  readonly maxWaitMs: number;
}

/** Default limits: 1,024 values, 60 s each (an upload's 30 s time limit, and a retry). */
export const DEFAULT_UPLOAD_WAIT_LIMITS: UploadWaitLimits = Object.freeze({ maxWaiting: 1024, maxWaitMs: 60_000 });

const NOTHING_LOST: UploadsEnded = Object.freeze({ lost: new Set<string>(), unconfirmed: 0 });

/** See the module comment. */
export class UploadWaits {
  readonly #limits: UploadWaitLimits;
  readonly #waiting = new Set<() => void>();
  #emptyWaiters: Array<() => void> = [];

  constructor(limits: UploadWaitLimits = DEFAULT_UPLOAD_WAIT_LIMITS) {
    this.#limits = limits;
  }

  /** Values waiting now. */
  get size(): number {
    return this.#waiting.size;
  }

  /** Calls `done` once (never throws into the caller) when the uploads of `outcomes` ended, or the wait ended first. */
  wait(outcomes: ReadonlyMap<string, Exclude<UploadOutcome, false>>, done: (ended: UploadsEnded) => void): void {
    const settled = new Map<string, boolean>();
    const running: Promise<void>[] = [];
    for (const [uri, outcome] of outcomes) {
      if (outcome === true) settled.set(uri, true);
      else running.push(outcome.then((stored) => void settled.set(uri, stored)));
    }
    if (running.length === 0) return report(done, NOTHING_LOST);
    if (this.#waiting.size >= this.#limits.maxWaiting) return report(done, endedOf(outcomes, settled));
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      stopTimer(timer);
      this.#waiting.delete(finish);
      report(done, endedOf(outcomes, settled));
      if (this.#waiting.size === 0) this.#wakeEmptyWaiters();
    };
    this.#waiting.add(finish);
    const timer = startDeadline(finish, this.#limits.maxWaitMs); // finish runs later: on the timer, the uploads or releaseAll
    timer.unref?.();
    void Promise.all(running).then(finish, finish);
  }

  /** Ends every wait now: what is still uploading counts as not stored. */
  releaseAll(): void {
    for (const finish of [...this.#waiting]) finish();
  }

  /** Resolves true once no value waits, false when `timeoutMs` passes first. Never rejects. */
  whenEmpty(timeoutMs: number): Promise<boolean> {
    if (this.#waiting.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = startDeadline(() => resolve(false), Math.max(1, timeoutMs));
      timer.unref?.();
      this.#emptyWaiters.push(() => {
        stopTimer(timer);
        resolve(true);
      });
    });
  }

  #wakeEmptyWaiters(): void {
    const waiters = this.#emptyWaiters;
    this.#emptyWaiters = [];
    for (const wake of waiters) wake();
  }
}

function endedOf(outcomes: ReadonlyMap<string, unknown>, settled: ReadonlyMap<string, boolean>): UploadsEnded {
  const lost = new Set<string>();
  let unconfirmed = 0;
  for (const uri of outcomes.keys()) {
    const stored = settled.get(uri);
    if (stored === true) continue;
    lost.add(uri);
    if (stored === undefined) unconfirmed++;
  }
  return { lost, unconfirmed };
}

function report(done: (ended: UploadsEnded) => void, ended: UploadsEnded): void {
  try {
    done(ended);
  } catch (error) {
    noteInternalError(error);
  }
}
