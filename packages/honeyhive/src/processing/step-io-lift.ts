/**
 * Inputs and outputs for agent and step spans that record none (decision record 0020), decided in the SDK where the
 * tree is known as it ends: children end before their parents, so when a span ends, every model call it contains
 * has ended and has been handed up to it. Each route keeps only the first and the last call ended below it (two
 * references, dropped with the route); a third-party `chain` span missing a side gets it from them through the one
 * rule (semconv/genai/step-io-from-calls.ts): the first call's messages as inputs, the last call's reply as outputs,
 * and `honeyhive_metadata.io_from_model_calls` names the sides so derived. The SDK's own spans (`trace()`,
 * `startSpan`) are left as the application recorded them. What HoneyHive's backend receives already carries the
 * fields; the dev server reads them like any `honeyhive_inputs` / `honeyhive_outputs`.
 */
import type { Attributes } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { noteInternalError } from "../internal/guard";
import { WHOLE_STRINGS_BUDGET, flattenInto } from "../normalize/index";
import { ATTR_EVENT_TYPE, OWN_SCOPE_NAME } from "@honeyhive/core/semconv/attributes";
import { ATTR_IO_FROM_MODEL_CALLS, type GenAiSpanLike, callInputsField, callOutputsField, ownStepSides } from "@honeyhive/core/semconv/genai";
import type { ContainedCall, ContainedCalls, SpanRoute } from "../span/span-route";

type Write = (attributes: Attributes) => void;

/** The span as the GenAI translation reads it (messages and steps need no times). */
function spanLike(span: ReadableSpan, attributes: Readonly<Record<string, unknown>> = span.attributes): GenAiSpanLike {
  const events = (span.events ?? []).map((e) => ({ name: e.name, attributes: (e.attributes ?? {}) as Readonly<Record<string, unknown>> }));
  return { name: span.name, attributes, events, scopeName: span.instrumentationScope?.name };
}

/** What a route's `calls` holds once its span ended and handed them up (both end hooks may run: the second does nothing). */
const HANDED_UP: ContainedCalls = Object.freeze({ first: Object.freeze({ span: undefined as never }), last: Object.freeze({ span: undefined as never }) });

/** Hands `first` .. `last` (calls ended below a span) up to the span's parent: the earliest first, the latest last. */
function handUp(parent: SpanRoute | undefined, first: ContainedCall, last: ContainedCall): void {
  if (parent === undefined || parent.calls === HANDED_UP) return; // a child ending after its parent: too late
  if (parent.calls === undefined) parent.calls = { first, last };
  else parent.calls.last = last;
}

function inputsOf(call: ContainedCall): Record<string, unknown> | undefined {
  if (call.inputs === undefined) call.inputs = callInputsField(spanLike(call.span)) ?? null;
  return call.inputs ?? undefined;
}

function outputsOf(call: ContainedCall): Record<string, unknown> | undefined {
  if (call.outputs === undefined) call.outputs = callOutputsField(spanLike(call.span)) ?? null;
  return call.outputs ?? undefined;
}

/** The attributes giving `span` the sides it lacks from `calls`, or undefined when it lacks none (or none was read). */
function derivedAttributes(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>, calls: ContainedCalls): Attributes | undefined {
  const own = ownStepSides(spanLike(span, attributes));
  const inputs = own.inputs ? undefined : inputsOf(calls.first);
  const outputs = own.outputs ? undefined : outputsOf(calls.last);
  if (inputs === undefined && outputs === undefined) return undefined;
  const added: Attributes = {};
  // values read from the calls' attributes: kept whole here, cut and counted by the export budget like those attributes
  if (inputs !== undefined) flattenInto(added, "honeyhive_inputs", inputs, WHOLE_STRINGS_BUDGET);
  if (outputs !== undefined) flattenInto(added, "honeyhive_outputs", outputs, WHOLE_STRINGS_BUDGET);
  added[ATTR_IO_FROM_MODEL_CALLS] = [...(inputs ? ["inputs"] : []), ...(outputs ? ["outputs"] : [])];
  return added;
}

/**
 * At the end of a routed span (its event type decided, still writable through `write`): a model call outside any
 * other is handed up to its parent; a span that contains calls hands them up too and, when it is a third-party
 * `chain` span missing inputs or outputs, gets them from its calls. Runs once per span (a second call does nothing).
 */
export function liftStepIo(span: ReadableSpan, route: SpanRoute, attributes: Readonly<Record<string, unknown>>, write: Write): void {
  try {
    liftOnce(span, route, attributes, write);
  } catch (error) {
    noteInternalError(error); // a span without derived fields still ends and is exported
  }
}

function liftOnce(span: ReadableSpan, route: SpanRoute, attributes: Readonly<Record<string, unknown>>, write: Write): void {
  const calls = route.calls;
  if (calls === HANDED_UP) return;
  route.calls = HANDED_UP;
  const eventType = attributes[ATTR_EVENT_TYPE];
  if (eventType === "model") {
    if (route.enclosing !== undefined) return; // part of another call: that call is handed up
    const call: ContainedCall = { span };
    return handUp(route.parent, call, call);
  }
  if (calls === undefined) return;
  handUp(route.parent, calls.first, calls.last);
  if (eventType !== "chain" || span.instrumentationScope?.name === OWN_SCOPE_NAME) return;
  const added = derivedAttributes(span, attributes, calls);
  if (added !== undefined) write(added);
}
