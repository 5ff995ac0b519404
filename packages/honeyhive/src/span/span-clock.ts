import type { HrTime, TimeInput } from "@opentelemetry/api";
import { timeInputToHrTime } from "@opentelemetry/core";

/**
 * The clock of the SDK's own spans. It follows the rule of the OpenTelemetry SDK's spans (`sdk-trace-base` 2.x),
 * so that own spans and the spans of instrumentations (made by the OpenTelemetry SDK provider) share one clock
 * (decision record 0036):
 * - a span starts at the wall clock, `Date.now()`: whole milliseconds, read once per span;
 * - its later times (its end, its events) are its start plus the monotonic time elapsed since, `performance.now()`
 *   deltas: durations keep their sub-millisecond precision and never see a wall-clock adjustment.
 *
 * `performance.timeOrigin + performance.now()` is not used for times: it is a second clock that drifts from the wall
 * clock in a long-lived process, and it has sub-millisecond starts that the SDK's spans, in whole milliseconds, would
 * sort against in the wrong order.
 */

/** The start of a span at `epochMs`, a `Date.now()` reading, as an HrTime. */
export function wallStart(epochMs: number): HrTime {
  const seconds = Math.floor(epochMs / 1000);
  return [seconds, Math.round((epochMs - seconds * 1000) * 1e6)];
}

/** `start` plus `elapsedMs` of monotonic time (a difference of two `performance.now()` readings), to the nanosecond. */
export function afterStart(start: HrTime, elapsedMs: number): HrTime {
  const nanos = start[1] + Math.round(elapsedMs * 1e6);
  const carry = Math.floor(nanos / 1e9);
  return [start[0] + carry, nanos - carry * 1e9];
}

/**
 * An explicit time given to a span that started at `start`, when `performance.now()` read `startedAt`: a
 * `performance.now()` reading (a number not after the current one) is placed on the span's clock, as the SDK span
 * does; HrTime, Date and epoch milliseconds are taken as they are.
 */
export function explicitTime(time: TimeInput, start: HrTime, startedAt: number): HrTime {
  if (typeof time === "number" && time <= performance.now()) return afterStart(start, time - startedAt);
  return timeInputToHrTime(time);
}
