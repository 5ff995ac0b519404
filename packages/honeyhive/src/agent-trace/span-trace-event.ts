/**
 * An ended span as the trace reads it (core `agent-trace/trace-types`' `TraceEvent`), through the same readers the dev
 * server stores events with: the event type and name (core `semconv/event-type`, `semconv/event-name`), a tool's
 * inputs and outputs (the SDK's own `honeyhive_inputs.*` / `honeyhive_outputs.*`, else the dialect's, core
 * `readStepIo`), a model call's facts (core `readModelCall`, without the conversation sent: it is read only when a
 * result is asked for). Reading never throws: an unreadable part reads as nothing.
 */
import { hrTimeToMilliseconds } from "@opentelemetry/core";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_LLM_BATCH, isLlmBatchMark, NAMESPACE_PREFIX } from "@honeyhive/core/semconv/attributes";
import { spanErrorMessage } from "@honeyhive/core/semconv/span-error";
import { eventNameOf } from "@honeyhive/core/semconv/event-name";
import { spanEventType } from "@honeyhive/core/semconv/event-type";
import { type CanonicalModelEvent, type GenAiSpanLike, honeyHiveMessage, readModelCall, readStepIo } from "@honeyhive/core/semconv/genai";
import { HONEYHIVE_TOKEN_METADATA } from "@honeyhive/core/semconv/genai/token-keys";
import { REPORTED_COST_KEYS } from "@honeyhive/core/pricing/usage-keys";
import { count } from "@honeyhive/core/values/count";
import { unflattenAttributes } from "@honeyhive/core/values/unflatten";
import { replyText, requestedToolCalls, sentMessages } from "@honeyhive/core/agent-trace/message-facts";
import { TOOL_CALL_ID_KEYS, toolArguments, toolResult } from "@honeyhive/core/agent-trace/tool-values";
import type { ModelFacts, TraceEvent } from "@honeyhive/core/agent-trace/trace-types";
import type { DevServerPrices } from "../processing/dev-server-prices";

/** Prices a model call from its tokens (the dev server's price table, when installed); null when it has no price. */
export type CallPricer = NonNullable<DevServerPrices["modelCallCost"]>;

const INPUTS_PREFIX = `${NAMESPACE_PREFIX}inputs`;
const OUTPUTS_PREFIX = `${NAMESPACE_PREFIX}outputs`;

function firstText(attributes: Readonly<Record<string, unknown>>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = attributes[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/** The span's error, by the rule the dev server stores it with (core `semconv/span-error`). */
function spanError(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>): string | undefined {
  return spanErrorMessage({ statusCode: span.status?.code, statusMessage: span.status?.message, attributes, events: span.events });
}

/** The span as the GenAI translation reads it. */
function genAiSpan(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>, withoutInputMessages: boolean): GenAiSpanLike {
  return {
    name: span.name, attributes, scopeName: span.instrumentationScope?.name, withoutInputMessages,
    startTimeUnixNano: span.startTime[0] * 1e9 + span.startTime[1],
    events: span.events?.map((e) => ({ name: e.name, attributes: (e.attributes ?? {}) as Readonly<Record<string, unknown>> })),
  };
}

/** One side of a tool span: the SDK's own `honeyhive_<side>.*`, else what its dialect recorded. */
function toolSide(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>, side: "inputs" | "outputs"): unknown {
  const own = unflattenAttributes(attributes as Record<string, unknown>, side === "inputs" ? INPUTS_PREFIX : OUTPUTS_PREFIX);
  if (own !== undefined) return own;
  return readStepIo(genAiSpan(span, attributes, false))?.[side]?.field;
}

function tokenCount(call: CanonicalModelEvent, attributes: Readonly<Record<string, unknown>>, field: "input" | "output" | "total"): number | undefined {
  return call.tokens[field] ?? count(attributes[`${NAMESPACE_PREFIX}metadata.${HONEYHIVE_TOKEN_METADATA[field]}`]);
}

function reportedCost(attributes: Readonly<Record<string, unknown>>): number | undefined {
  for (const key of REPORTED_COST_KEYS) {
    const value = count(attributes[key === "cost" ? `${NAMESPACE_PREFIX}metadata.cost` : key]);
    if (value !== undefined && value >= 0) return value;
  }
  return undefined;
}

function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined || value[key] === null) delete value[key];
  return value;
}

/** A model span's facts (its reply read, its conversation not). */
function modelFacts(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>, pricer: CallPricer | undefined): ModelFacts | undefined {
  const call = readModelCall(genAiSpan(span, attributes, true));
  if (call === undefined) return { reply: "", requested: [] };
  const reply = call.output ? honeyHiveMessage(call.output) : undefined;
  const facts = {
    model: call.model ?? undefined, provider: call.provider ?? undefined,
    inputTokens: tokenCount(call, attributes, "input"), outputTokens: tokenCount(call, attributes, "output"), totalTokens: tokenCount(call, attributes, "total"),
    cost: reportedCost(attributes), timeToFirstTokenMs: call.time_to_first_token_ms ?? undefined,
    reply: replyText(reply), requested: requestedToolCalls(reply),
  };
  if (facts.cost === undefined && pricer !== undefined && (facts.inputTokens !== undefined || facts.outputTokens !== undefined)) {
    const tokens = { ...call.tokens, input: facts.inputTokens ?? null, output: facts.outputTokens ?? null };
    facts.cost = pricer({ provider: call.provider, model: call.model, tokens, at: hrTimeToMilliseconds(span.startTime), batch: isLlmBatchMark(attributes[ATTR_LLM_BATCH]) }) ?? undefined;
  }
  return defined(facts);
}

/** The conversation a model span sent, as far as tool results go (read in full: only on demand). */
function spanSentMessages(span: ReadableSpan, attributes: Readonly<Record<string, unknown>>): ReturnType<typeof sentMessages> {
  const call = readModelCall(genAiSpan(span, attributes, false));
  return call === undefined ? [] : sentMessages(call.messages.map(honeyHiveMessage));
}

/** An ended span as a trace event (see the module comment). */
export function spanTraceEvent(span: ReadableSpan, pricer?: CallPricer): TraceEvent {
  const attributes = span.attributes as Readonly<Record<string, unknown>>;
  const scope = span.instrumentationScope?.name;
  const type = spanEventType(attributes, span.name, scope);
  const event: { -readonly [K in keyof TraceEvent]: TraceEvent[K] } = {
    id: span.spanContext().spanId, type, name: eventNameOf(attributes, span.name),
    startMs: hrTimeToMilliseconds(span.startTime), endMs: hrTimeToMilliseconds(span.endTime),
  };
  const parent = span.parentSpanContext?.spanId;
  if (parent !== undefined) event.parentId = parent;
  const error = spanError(span, attributes);
  if (error !== undefined) event.error = error;
  if (type === "tool") {
    const id = firstText(attributes, TOOL_CALL_ID_KEYS);
    if (id !== undefined) event.toolCallId = id;
    event.toolArguments = () => toolArguments(toolSide(span, attributes, "inputs"));
    event.toolResult = () => toolResult(toolSide(span, attributes, "outputs"));
  } else if (type === "model") {
    event.modelFacts = () => modelFacts(span, attributes, pricer);
    event.sentMessages = () => spanSentMessages(span, attributes);
  }
  return event;
}

/** The value `read` gives, read now: what it returns, or undefined when it throws (as the trace reads it). */
function readNow<T>(read: (() => T) | undefined): (() => T | undefined) | undefined {
  if (read === undefined) return undefined;
  let value: T | undefined;
  try {
    value = read();
  } catch {
    value = undefined; // unreadable: read as nothing, as when the trace is built
  }
  return () => value;
}

/**
 * An ended span read ahead, as it goes to export (`processing/session-spans.ts`): the same event as
 * {@link spanTraceEvent}, with a model call's facts and a tool call's arguments and result read now; the
 * conversation a model call sent is still read only when a result is asked for.
 */
export function spanTraceEventReadAhead(span: ReadableSpan, pricer?: CallPricer): TraceEvent {
  const event: { -readonly [K in keyof TraceEvent]: TraceEvent[K] } = spanTraceEvent(span, pricer);
  if (event.modelFacts !== undefined) event.modelFacts = readNow(event.modelFacts);
  if (event.toolArguments !== undefined) event.toolArguments = readNow(event.toolArguments);
  if (event.toolResult !== undefined) event.toolResult = readNow(event.toolResult);
  return event;
}
