/**
 * A stored event as core's agent trace reads it (`agent-trace/trace-types`' `TraceEvent`): the same readers the SDK
 * reads an ended span with, here over the event's fields — a tool's arguments and result from its `inputs` and
 * `outputs` (core `agent-trace/tool-values`), the id of the call it ran from the metadata key its dialect recorded, a
 * model call's reply and the conversation it sent from `outputs` and `inputs.chat_history` (core
 * `agent-trace/message-facts`), its tokens and cost as the viewer counts them (`domain/call-usage`). Reading never
 * throws: an unreadable part reads as nothing.
 */
import { replyText, requestedToolCalls, sentMessages } from "@honeyhive/core/agent-trace/message-facts";
import { TOOL_CALL_ID_KEYS, toolArguments, toolResult } from "@honeyhive/core/agent-trace/tool-values";
import type { ModelFacts, TraceEvent } from "@honeyhive/core/agent-trace/trace-types";
import { eventUsage } from "../../domain/call-usage";
import type { EventRecord } from "../../domain/records";


function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function firstText(object: Readonly<Record<string, unknown>>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = text(object[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

function orUndefined(value: number | null | undefined): number | undefined {
  return value === null ? undefined : value;
}

/** A model event's facts: what its reply says, and its usage as the viewer counts it. */
function storedModelFacts(event: EventRecord): ModelFacts {
  const usage = eventUsage(event);
  const facts: { -readonly [K in keyof ModelFacts]: ModelFacts[K] } = { reply: replyText(event.outputs), requested: requestedToolCalls(event.outputs) };
  const model = text(event.config.model);
  const provider = text(event.config.provider);
  if (model !== undefined) facts.model = model;
  if (provider !== undefined) facts.provider = provider;
  if (usage !== null) {
    facts.inputTokens = orUndefined(usage.input_tokens);
    facts.outputTokens = orUndefined(usage.output_tokens);
    facts.totalTokens = orUndefined(usage.total_tokens);
    facts.cost = orUndefined(usage.cost);
  }
  for (const key of Object.keys(facts) as (keyof ModelFacts)[]) if (facts[key] === undefined) delete facts[key];
  return facts;
}

/** A stored event of a session as a trace event (see the module comment). */
export function storedTraceEvent(event: EventRecord): TraceEvent {
  const start = event.start_time ?? 0;
  const end = event.end_time ?? (event.duration !== null ? start + event.duration : start);
  const out: { -readonly [K in keyof TraceEvent]: TraceEvent[K] } = {
    id: event.event_id, type: event.event_type, name: event.event_name, startMs: start, endMs: end,
  };
  if (event.parent_id !== null) out.parentId = event.parent_id;
  if (event.error !== null && event.error !== "") out.error = event.error;
  if (event.event_type === "tool") {
    const id = firstText(event.metadata, TOOL_CALL_ID_KEYS);
    if (id !== undefined) out.toolCallId = id;
    out.toolArguments = () => toolArguments(event.inputs ?? undefined);
    out.toolResult = () => toolResult(event.outputs ?? undefined);
  } else if (event.event_type === "model") {
    out.modelFacts = () => storedModelFacts(event);
    out.sentMessages = () => sentMessages(event.inputs?.chat_history);
  }
  return out;
}
