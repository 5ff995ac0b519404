/**
 * Calls the SDK saw go through an instrumentation's patched client methods, by the instrumentation's scope name
 * (the OpenAI promise guard sits above each wrapper it guards: openai-promise-guard.ts). `diagnose()` compares them
 * with the spans of that scope: calls made and no span started is evidence that the instrumentation is not recording
 * (its tracer pointed elsewhere, tracing suppressed, a version it does not handle). Process-wide; bounded by the
 * number of instrumentation scopes (at most {@link MAX_SCOPES}).
 */
import { sharedState } from "../internal/process-state";

const MAX_SCOPES = 64;

function counts(): Map<string, number> {
  const slot = sharedState();
  slot.observedCalls ??= new Map<string, number>();
  return slot.observedCalls as Map<string, number>;
}

/** Counts one call through a method `scope`'s instrumentation wrapped. */
export function noteObservedCall(scope: string): void {
  const map = counts();
  const seen = map.get(scope);
  if (seen !== undefined) map.set(scope, seen + 1);
  else if (map.size < MAX_SCOPES) map.set(scope, 1);
}

/** Calls observed so far, by instrumentation scope. */
export function observedCalls(): Readonly<Record<string, number>> {
  return Object.fromEntries(counts());
}
