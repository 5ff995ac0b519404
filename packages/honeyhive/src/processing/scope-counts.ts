/**
 * Spans seen by HoneyHiveSpanProcessor since start, by instrumentation scope name (what each instrumentation,
 * framework telemetry or `getTracer()` user actually produced): read by `diagnose()`. Counting is on the routing
 * hot path, so it is one map lookup and two field increments per span; a new entry is made only for a scope not seen
 * before, and the number of entries is bounded (scopes beyond it are counted under {@link OTHER_SCOPES}).
 */
import { sharedState } from "../internal/process-state";

/** What one scope produced. */
export interface ScopeCount {
  /** Spans started under the scope that reached a HoneyHiveSpanProcessor. */
  started: number;
  /** Of those, spans handed to a HoneyHive tracer (the others had no tracer in context and no default). */
  routed: number;
}

/** The entry that counts scopes beyond the bound. */
export const OTHER_SCOPES = "(other scopes)";
const MAX_SCOPES = 256;

interface ScopeWithName {
  instrumentationScope?: { name?: unknown };
  /** @opentelemetry/sdk-trace-base 1.x */
  instrumentationLibrary?: { name?: unknown };
}

function counts(): Map<string, ScopeCount> {
  const slot = sharedState();
  return (slot.spanScopeCounts ??= new Map<string, ScopeCount>()) as Map<string, ScopeCount>;
}

/** The counter of the span's instrumentation scope (created on the scope's first span). */
export function scopeCountOf(span: object): ScopeCount {
  const scoped = span as ScopeWithName;
  const raw = (scoped.instrumentationScope ?? scoped.instrumentationLibrary)?.name;
  const name = typeof raw === "string" && raw !== "" ? raw : "(unnamed scope)";
  const map = counts();
  let entry = map.get(name);
  if (entry === undefined) {
    const key = map.size < MAX_SCOPES ? name : OTHER_SCOPES;
    entry = map.get(key);
    if (entry === undefined) map.set(key, (entry = { started: 0, routed: 0 }));
  }
  return entry;
}

/** A copy of the counts, by scope name (for `diagnose()`). */
export function spanCountsByScope(): Record<string, ScopeCount> {
  const out: Record<string, ScopeCount> = {};
  for (const [name, count] of counts()) out[name] = { started: count.started, routed: count.routed };
  return out;
}
