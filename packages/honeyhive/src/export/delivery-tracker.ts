/**
 * Bookkeeping behind `SpanPipeline.flush()`: every accepted span gets a sequence number; batches are
 * contiguous sequence ranges that settle (succeed or fail) in any order. A flush waits until every span
 * accepted before it has settled, and reports false when any of them failed — or when a failure happened
 * since the previous flush that no earlier flush reported (e.g. a span dropped because the queue was full).
 */

import { startDeadline, stopTimer } from "../internal/timers";
import { clampTimeout } from "../internal/timer-delay";

/** A contiguous range of span sequence numbers exported together. */
interface SeqRange {
  readonly first: number;
  readonly last: number;
}

interface FlushWaiter {
  readonly target: number;
  failed: boolean;
  /** A flush reports failures (the next one does not say them again); a mere wait for delivery does not. */
  readonly reports: boolean;
  readonly resolve: (ok: boolean) => void;
}

/** Tracks which accepted spans have settled, for flush semantics. Never throws. */
export class DeliveryTracker {
  private accepted = 0;
  private taken = 0;
  private readonly inFlight = new Set<SeqRange>();
  private readonly waiters = new Set<FlushWaiter>();
  private unreportedFailures = 0;

  /** Sequence number of the last span taken from the queue into a batch. */
  get lastTaken(): number {
    return this.taken;
  }

  /** Sequence number of the last accepted span. */
  get lastAccepted(): number {
    return this.accepted;
  }

  /** Records an accepted (queued) span. */
  accept(): void {
    this.accepted++;
  }

  /** Records a span lost before it was queued (queue full): the next flush reports false. */
  lostBeforeQueueing(): void {
    this.unreportedFailures++;
  }

  /** Records that the next `count` queued spans (oldest first) were taken into one batch. */
  take(count: number): SeqRange {
    const range = { first: this.taken + 1, last: this.taken + count };
    this.taken += count;
    this.inFlight.add(range);
    return range;
  }

  /** Records the outcome of a batch taken with {@link take}. */
  settle(range: SeqRange, ok: boolean): void {
    if (!this.inFlight.delete(range)) return;
    if (!ok) this.markFailed(range.first);
    this.resolveReady();
  }

  /** Records that queued spans were discarded without being exported (e.g. at shutdown). */
  discardQueued(count: number): void {
    if (count <= 0) return;
    const range = this.take(count);
    this.settle(range, false);
  }

  /**
   * Starts a flush covering every span accepted so far; resolves true when all of them are delivered,
   * false when any failed (or `timeoutMs` passed first). Returns the target sequence number too, so the
   * caller can export eagerly up to it. With `reports: false` it only waits: failures before it are left for the next
   * flush to report, and those it sees are reported again by the next flush.
   */
  waitForAll(timeoutMs: number, reports = true): { target: number; done: Promise<boolean> } {
    const target = this.accepted;
    const failedEarlier = reports && this.unreportedFailures > 0;
    if (reports) this.unreportedFailures = 0;
    if (this.settledThrough() >= target) return { target, done: Promise.resolve(!failedEarlier) };
    const done = new Promise<boolean>((resolve) => {
      const waiter: FlushWaiter = {
        target,
        failed: failedEarlier,
        reports,
        resolve: (ok) => {
          stopTimer(timer);
          this.waiters.delete(waiter);
          resolve(ok);
        },
      };
      // Ref'ed on purpose: a caller awaiting flush keeps the process alive until it resolves (at most timeoutMs),
      // even though export requests themselves never do.
      const timer = startDeadline(() => waiter.resolve(false), clampTimeout(timeoutMs));
      this.waiters.add(waiter);
    });
    return { target, done };
  }

  /** Resolves every pending flush with false (used when shutdown gives up). */
  failAllWaiters(): void {
    for (const waiter of [...this.waiters]) waiter.resolve(false);
  }

  private settledThrough(): number {
    let min = this.taken + 1;
    for (const range of this.inFlight) if (range.first < min) min = range.first;
    return min - 1;
  }

  private markFailed(first: number): void {
    let covered = false;
    for (const waiter of this.waiters) {
      if (waiter.target >= first) {
        waiter.failed = true;
        covered ||= waiter.reports;
      }
    }
    if (!covered) this.unreportedFailures++;
  }

  private resolveReady(): void {
    if (this.waiters.size === 0) return;
    const through = this.settledThrough();
    for (const waiter of [...this.waiters]) if (through >= waiter.target) waiter.resolve(!waiter.failed);
  }
}
