/**
 * Tracers that a configuration error made no-ops (`resilience: "balanced"`, the default), counted process-wide so
 * that `diagnose()` reports what each one's warning said once: nothing of theirs is recorded or sent.
 */
import { sharedState } from "../internal/process-state";

/** Counts one tracer made a no-op by its configuration. */
export function noteDisabledTracer(): void {
  const slot = sharedState();
  slot.disabledTracers = (slot.disabledTracers ?? 0) + 1;
}

/** How many tracers were made no-ops by their configuration since start (or the last `resetHoneyHiveGlobals()`). */
export function disabledTracerCount(): number {
  return sharedState().disabledTracers ?? 0;
}
