/** Largest delay Node's timers accept (a larger one fires after 1 ms, with a TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The one conversion of a delay (often user-given: a flush or shutdown timeout, `timeoutMs`) into what a Node timer
 * accepts: NaN and values beyond the maximum become the maximum, negative values 0.
 */
export function clampTimeout(ms: number): number {
  if (Number.isNaN(ms)) return MAX_TIMER_MS;
  return Math.min(Math.max(0, ms), MAX_TIMER_MS);
}
