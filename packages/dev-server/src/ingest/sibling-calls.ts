/**
 * The sibling half of "one LLM call is one model event" at ingest (decision record 0009), for spans that arrive
 * without the SDK's decision (other SDKs, a collector): in one OTLP request, two model spans of the same session
 * that report the same call (semconv/sibling-call.ts, the rule the SDK applies before export) become one model
 * event and one `chain` event linked to it (`metadata.same_call_as`), usage handed over when the kept one has none.
 *
 * Candidates are `model` spans that carry no decision yet (`honeyhive_metadata.same_call_as`) and are not nested in
 * another model span of the request (the nested rule counts those: domain/call-usage.ts). Twins exported in two
 * different requests are not paired (an exporter batches by time and both end within milliseconds, so they
 * normally travel together). The rule's tie-break reads the scope of each span's parent: known when the span is a
 * root or its parent is in the same request, else unknown (the store keeps no scope), and the rule then decides by
 * the times, as it did before it read parents. Pure.
 */
import { ATTR_SESSION_ID } from "@honeyhive/core/semconv/attributes";
import { spanEventType } from "@honeyhive/core/semconv/event-type";
import { readModelCall } from "@honeyhive/core/semconv/genai";
import { ATTR_SAME_CALL_AS } from "@honeyhive/core/semconv/model-call";
import { type SiblingCallSpan, callRequestOf, pairSiblingCalls } from "@honeyhive/core/semconv/sibling-call";
import type { DecodedSpan } from "../otlp/index";
import { nanosToMillis } from "./span-to-event";

function sessionOf(span: DecodedSpan): string {
  const session = span.attributes[ATTR_SESSION_ID];
  return typeof session === "string" ? session : span.traceId;
}

/** The scope of the span's parent: null for a root, undefined when the parent is not among `scopes` (not in the request). */
function parentScopeOf(span: DecodedSpan, scopes: ReadonlyMap<string, string>): string | null | undefined {
  return span.parentSpanId === undefined ? null : scopes.get(span.traceId + span.parentSpanId);
}

function siblingCallSpan(span: DecodedSpan, scopes: ReadonlyMap<string, string>): SiblingCallSpan {
  const attributes = span.attributes as Readonly<Record<string, unknown>>;
  return {
    spanId: span.spanId, traceId: span.traceId, session: sessionOf(span), scope: span.scope.name, attributes,
    parentScope: parentScopeOf(span, scopes),
    startMs: nanosToMillis(span.startTimeUnixNano), endMs: nanosToMillis(span.endTimeUnixNano),
    request: callRequestOf(readModelCall({ name: span.name, attributes, scopeName: span.scope.name })),
  };
}

/** True when every span of the request was reported under the same instrumentation scope. */
function oneScope(spans: readonly DecodedSpan[]): boolean {
  const scope = spans[0]?.scope.name;
  for (let i = 1; i < spans.length; i++) if (spans[i]!.scope.name !== scope) return false;
  return true;
}

/** Model spans of the request that may have a sibling twin, by session (only sessions with two scopes or more). */
function candidatesBySession(spans: readonly DecodedSpan[]): DecodedSpan[][] {
  if (oneScope(spans)) return []; // twins are reported by two scopes: no type needs working out
  const models = spans.filter((s) => spanEventType(s.attributes, s.name) === "model" && s.attributes[ATTR_SAME_CALL_AS] === undefined);
  if (models.length < 2) return [];
  const scope = models[0]!.scope.name;
  if (models.every((s) => s.scope.name === scope)) return []; // twins are reported by two scopes
  const modelIds = new Set(models.map((s) => s.traceId + s.spanId));
  const bySession = new Map<string, DecodedSpan[]>();
  for (const span of models) {
    if (span.parentSpanId !== undefined && modelIds.has(span.traceId + span.parentSpanId)) continue; // nested: not a sibling
    const key = sessionOf(span);
    const group = bySession.get(key);
    if (group) group.push(span); // push, not a copy per span: one session's 500 model spans made that quadratic
    else bySession.set(key, [span]);
  }
  return [...bySession.values()].filter((group) => new Set(group.map((s) => s.scope.name)).size > 1);
}

/**
 * `spans` with every pair of sibling reports of one call decided: the kept span gets the absorbed usage when it has
 * none, the other becomes a `chain` naming it. Spans not in a pair are returned as they are (same objects).
 */
export function decideSiblingCalls(spans: readonly DecodedSpan[]): readonly DecodedSpan[] {
  const groups = candidatesBySession(spans);
  if (groups.length === 0) return spans;
  const added = new Map<string, Readonly<Record<string, unknown>>>();
  const scopes = new Map(spans.map((span) => [span.traceId + span.spanId, span.scope.name]));
  for (const group of groups) {
    const byCall = new Map<SiblingCallSpan, DecodedSpan>();
    for (const span of group) byCall.set(siblingCallSpan(span, scopes), span);
    for (const decision of pairSiblingCalls([...byCall.keys()])) {
      added.set(byCall.get(decision.kept)!.traceId + decision.kept.spanId, decision.keptAttributes);
      added.set(byCall.get(decision.absorbed)!.traceId + decision.absorbed.spanId, decision.absorbedAttributes);
    }
  }
  if (added.size === 0) return spans;
  return spans.map((span) => {
    const extra = added.get(span.traceId + span.spanId);
    return extra === undefined ? span : { ...span, attributes: { ...span.attributes, ...extra } as DecodedSpan["attributes"] };
  });
}
