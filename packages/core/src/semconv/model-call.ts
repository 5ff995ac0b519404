/**
 * The one rule for "one LLM call is one model event", shared by the SDK (decided when a span ends, before it
 * is exported, so HoneyHive's own backend gets one model event too) and the dev server's ingest (for spans of
 * other SDKs). See docs/decisions/0005-one-model-event-per-call.md.
 *
 * Two instrumentations report the same provider call as nested spans: a framework's span around the provider
 * client's (LangChain run, the AI SDK's `ai.*.doGenerate`, a `trace(fn, { eventType: "model" })` wrapper) or an
 * instrumentation's span around the provider SDK's built-in telemetry (OpenInference's `Anthropic Messages`
 * around `@anthropic-ai/sdk`'s `anthropic.messages.create`). The OUTERMOST model span of such a nest is the
 * call's model event: it is the call as the application made it (its messages, its parameters). A model span
 * inside it becomes a `chain` event linked to it (parent chain + {@link ATTR_SAME_CALL_AS}), keeping all its
 * data; when the model event reports no token usage of its own at its end, the usage of the spans it absorbed
 * is copied onto it (summed), so the call's tokens are counted exactly once.
 *
 * Two steps, because spans end inner first: {@link decideModelCall} at the inner span's end,
 * {@link completeModelUsage} at the model event's end. An ingest that sees whole traces applies both at once.
 *
 * Two reports of one call that are siblings (neither encloses the other) are matched by the sibling rule beside
 * this one, `sibling-call.ts` (decision record 0009).
 */
import { ATTR_EVENT_TYPE, namespacedKey } from "./attributes";

/** The metadata fields of the link below, as a backend stores them (`metadata.same_call_as`, `…_trace_id`). */
export const SAME_CALL_AS = "same_call_as";
export const SAME_CALL_AS_TRACE = "same_call_as_trace_id";

/**
 * On a span retyped by {@link decideModelCall} (or by the sibling rule): the span id (hex) of the model event of the
 * same call, as on the wire. A backend stores the link as that span's event id (the dev server does at ingest, with
 * the one function that derives event ids from spans: `metadata.same_call_as` names an event of the session).
 */
export const ATTR_SAME_CALL_AS = namespacedKey("metadata", SAME_CALL_AS);
/**
 * Beside {@link ATTR_SAME_CALL_AS}, only when the model event's span is in another trace than the linking span (the
 * sibling rule pairs spans of one session, and the OpenAI Agents SDK starts its own trace beside the client call's):
 * that span's trace id (hex), without which the span id names no event. Absent: the linking span's own trace.
 */
export const ATTR_SAME_CALL_AS_TRACE = namespacedKey("metadata", SAME_CALL_AS_TRACE);

/** A span as the rule reads it (OpenTelemetry attributes or decoded OTLP attributes). */
interface ModelCallSpan {
  /** The span's event type (explicit or inferred). */
  readonly eventType: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** The nearest enclosing span whose event type is `model` (same trace, an ancestor), as the rule reads it. */
interface EnclosingModelSpan {
  readonly spanId: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** What to do with a span (and its enclosing model span) at the end of the span. */
interface ModelCallDecision {
  /** The span's event type. */
  readonly eventType: string;
  /** Attributes to add to the span (the link to the model event), empty when it stays as it is. */
  readonly linkAttributes: Readonly<Record<string, string>>;
  /** The span's token usage, for {@link completeModelUsage} of the enclosing span (empty when unchanged). */
  readonly usageForEnclosing: Readonly<Record<string, number>>;
}

const UNCHANGED = (eventType: string): ModelCallDecision => ({ eventType, linkAttributes: {}, usageForEnclosing: {} });

/** Token usage attributes in every dialect read today (`gen_ai.usage.*`, `llm.token_count.*`, `ai.usage.*`, `llm.usage.*`). */
function isUsageKey(key: string): boolean {
  return key.includes(".usage.") || key.startsWith("llm.token_count.") || key.startsWith("ai.usage.") || key.startsWith("gen_ai.usage.");
}

/** The numeric token usage attributes of a span, in every dialect (see {@link isUsageKey}). */
export function usageOf(attributes: Readonly<Record<string, unknown>>): Record<string, number> {
  const usage: Record<string, number> = {};
  for (const key in attributes) {
    const value = attributes[key];
    if (isUsageKey(key) && typeof value === "number" && Number.isFinite(value)) usage[key] = value;
  }
  return usage;
}

/**
 * Decides whether `span` is its call's model event. A `model` span with an enclosing model span reports the
 * same call: it becomes a `chain` linked to the enclosing one, and hands its usage up. Anything else is
 * unchanged. Pure.
 */
export function decideModelCall(span: ModelCallSpan, enclosing: EnclosingModelSpan | undefined): ModelCallDecision {
  if (span.eventType !== "model" || enclosing === undefined) return UNCHANGED(span.eventType);
  return { eventType: "chain", linkAttributes: { [ATTR_EVENT_TYPE]: "chain", [ATTR_SAME_CALL_AS]: enclosing.spanId }, usageForEnclosing: usageOf(span.attributes) };
}

/** Adds `usage` into `total` key by key (the usage of several absorbed spans of one model event). */
export function addUsage(total: Record<string, number>, usage: Readonly<Record<string, number>>): Record<string, number> {
  for (const key in usage) total[key] = (total[key] ?? 0) + usage[key]!;
  return total;
}

/**
 * The attributes to set on a model event at its end: the usage handed up by the spans it absorbed, when it
 * reports no usage of its own (in any dialect); nothing otherwise. Pure.
 */
export function completeModelUsage(attributes: Readonly<Record<string, unknown>>, absorbedUsage: Readonly<Record<string, number>> | undefined): Readonly<Record<string, number>> {
  if (absorbedUsage === undefined || Object.keys(usageOf(attributes)).length > 0) return {};
  return absorbedUsage;
}
