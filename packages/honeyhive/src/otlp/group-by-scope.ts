import type { InstrumentationScope } from "@opentelemetry/core";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

/** Spans that share one instrumentation scope (name + version + schemaUrl). */
interface ScopeGroup {
  scope: InstrumentationScope;
  spans: ReadableSpan[];
}

/**
 * Groups spans by instrumentation scope (name, version, schemaUrl), keeping the order in which scopes
 * first appear and the order of spans within a scope. Allocates nothing beyond one group when every span
 * has the same scope object (the common case).
 */
export function groupByScope(spans: readonly ReadableSpan[]): ScopeGroup[] {
  const first = spans[0];
  if (first === undefined) return [];
  const scope = first.instrumentationScope;
  let same = true;
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.instrumentationScope !== scope) {
      same = false;
      break;
    }
  }
  if (same) return [{ scope, spans: spans as ReadableSpan[] }];
  const byObject = new Map<InstrumentationScope, ScopeGroup>();
  const byKey = new Map<string, ScopeGroup>();
  const groups: ScopeGroup[] = [];
  for (const span of spans) {
    const s = span.instrumentationScope;
    let group = byObject.get(s);
    if (group === undefined) {
      const key = `${s.name}\u0000${s.version ?? ""}\u0000${s.schemaUrl ?? ""}`;
      group = byKey.get(key);
      if (group === undefined) {
        group = { scope: s, spans: [] };
        byKey.set(key, group);
        groups.push(group);
      }
      byObject.set(s, group);
    }
    group.spans.push(span);
  }
  return groups;
}
