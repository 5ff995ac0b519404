import type { CircuitBreaker } from "../transport/circuit-breaker";
import { BreakerWaiters } from "../transport/breaker-waiters";

// A created run's writes wait through backend outages, `RUN_WRITE_WAIT_MS` each (`run-write-wait.ts`), in a waiting set
// this module gives the run's breaker: the waiting loads with the evaluation engine, not with the SDK.

/** The share of its datapoints' time a run waits, after the last one, for writes held by an outage. */
export const END_OF_RUN_WAIT_SHARE = 0.05;

/**
 * How long a run waits for the backend once its datapoints are done: {@link END_OF_RUN_WAIT_SHARE} of the time since
 * `started` (a `performance.now()`), and at least `floorMs` (2 s by default: a short run's last reads still get a chance).
 */
export function endOfRunWaitMs(started: number, floorMs = 2_000): number {
  return Math.max(floorMs, (performance.now() - started) * END_OF_RUN_WAIT_SHARE);
}

/**
 * Lets the writes of a created run wait through outages on its `breaker`, `waitMs` each (none for a run that was not
 * created: it sends nothing); `datapointsDone()` then bounds what is left of the waiting by {@link END_OF_RUN_WAIT_SHARE}.
 */
export function waitThroughOutages(breaker: CircuitBreaker | undefined, waitMs: number | undefined, created: boolean): OutageWaits {
  if (breaker === undefined || !created || waitMs === undefined || waitMs <= 0) return { closingWindowFull: () => undefined, datapointsDone: () => undefined };
  const started = performance.now();
  breaker.waitUpTo(waitMs, (now) => new BreakerWaiters(now));
  return {
    closingWindowFull: () => breaker.releaseWaiters(),
    datapointsDone: () => breaker.limitWaits(endOfRunWaitMs(started, 0)),
  };
}

/** What the run tells its outage waits. */
export interface OutageWaits {
  /**
   * The run's closing window is full (`closing-window.ts`): a datapoint would wait for room, so the writes waiting now
   * give up (counted lost). A datapoint never waits in its pool slot for a backend (issue 24).
   */
  closingWindowFull(): void;
  /** The last datapoint is done: what is left of the waiting is bounded by {@link END_OF_RUN_WAIT_SHARE}. */
  datapointsDone(): void;
}
