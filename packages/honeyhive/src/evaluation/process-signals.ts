import { scopedAnySignal } from "../internal/any-signal";
import { safeInvoke } from "../internal/safe-invoke";
import type { EvaluationPlan } from "./plan-evaluation";
import type { DatapointTracerFactory } from "./tracer-contract";

/** The process's termination signals as one evaluation hears them. */
interface SignalCancellation {
  /** Aborted (the reason naming the signal) on a SIGTERM or SIGINT the application does not handle; undefined when none is heard. */
  readonly signal: AbortSignal | undefined;
  /** Stops hearing them (call once the run is closed and its result reported); the process then ends by the signal. */
  end(): void;
}

const NOT_HEARD: SignalCancellation = { signal: undefined, end: () => undefined };

/**
 * Lets a SIGTERM or SIGINT that the application does not handle cancel an evaluation while it is in progress, exactly
 * as an aborted `signal` option does (the abort reason names the signal, as `honeyhive eval` does), when the tracer
 * factory offers it (the production one does: `cancelOnExitSignals` of `tracer/live-tracers.ts`, whose exit hooks
 * wait for {@link SignalCancellation.end} before the process ends by the signal). Never throws.
 */
export function cancellationBySignals(createTracer: DatapointTracerFactory): SignalCancellation {
  const watch = createTracer.cancelOnSignals;
  if (typeof watch !== "function") return NOT_HEARD;
  const controller = new AbortController();
  const endWatch = safeInvoke(() => watch((signal) => controller.abort(new Error(`cancelled by ${signal}`))), undefined);
  return { signal: controller.signal, end: () => safeInvoke(() => endWatch?.(), undefined) };
}

/** `plan` cancelled by `signal` too; `release()` detaches from the plan's signal once the run is over. */
export function planCancelledBy(plan: EvaluationPlan, signal: AbortSignal | undefined): { plan: EvaluationPlan; release(): void } {
  if (!signal) return { plan, release: () => undefined };
  const composed = scopedAnySignal([plan.signal, signal]);
  return { plan: { ...plan, signal: composed.signal }, release: composed.release };
}
