/**
 * The one guard for "never throw into user code": SDK work that could fail on hostile input runs through
 * {@link guard} (or reports its caught error with {@link noteInternalError}); what was swallowed is counted
 * process-wide and shown by every tracer's `diagnostics().internalErrors`.
 */
import { sharedState } from "./process-state";

/** Counts an error the SDK caught instead of letting it reach user code. Never throws. */
export function noteInternalError(_error?: unknown): void {
  const state = sharedState();
  state.internalErrors = (state.internalErrors ?? 0) + 1;
}

/** Errors swallowed so far in this process (since start or the last `resetHoneyHiveGlobals()`). */
export function internalErrorCount(): number {
  return sharedState().internalErrors ?? 0;
}

/** Runs `fn`; if it throws, counts the error and returns `fallback`. */
export function guard<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    noteInternalError(error);
    return fallback;
  }
}
