import type { InstrumentationScope } from "@opentelemetry/core";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

/** Spans that share one instrumentation scope (name + version + schemaUrl). */
interface ScopeGroup {
  scope: InstrumentationScope;
  spans: ReadableSpan[];
}

function sameScope(a: InstrumentationScope, b: InstrumentationScope): boolean {
  return a === b || (a.name === b.name && (a.version ?? "") === (b.version ?? "") && (a.schemaUrl ?? "") === (b.schemaUrl ?? ""));
}

/**
 * Groups spans into runs of one instrumentation scope (name, version, schemaUrl), in the order the spans came (the
 * order they ended): a new group starts where the scope changes, so a request lists its spans in that order. A
 * receiver that keeps spans with equal start times in the order it got them (the dev server does) then lists
 * siblings that started within one millisecond in call order, whichever library made them (decision record 0036).
 * Allocates nothing beyond one group when every span has the same scope object (the common case).
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
  const groups: ScopeGroup[] = [];
  let current: ScopeGroup | undefined;
  for (const span of spans) {
    const s = span.instrumentationScope;
    if (current !== undefined && sameScope(s, current.scope)) current.spans.push(span);
    else groups.push((current = { scope: s, spans: [span] }));
  }
  return groups;
}
