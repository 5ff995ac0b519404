/**
 * The OpenTelemetry GenAI semantic conventions, two tables:
 *
 * - **v1.36** (the last release before the 2025 changes; what HoneyHive documents its mapping against):
 *   `gen_ai.system`, `gen_ai.request.*`, `gen_ai.response.{model,finish_reasons}`, `gen_ai.usage.{input,output}_tokens`
 *   (older `prompt_tokens`/`completion_tokens`), and content as per-message events `gen_ai.{system,user,assistant,
 *   tool}.message` and `gen_ai.choice` — read here when they arrive as span events, their body fields as attributes
 *   (`content`, `tool_calls` and `message` as JSON text).
 * - **v1.37 through the current release** (semantic-conventions v1.37–v1.41 and the standalone
 *   semantic-conventions-genai v0.1): `gen_ai.provider.name`, content as JSON `gen_ai.input.messages` /
 *   `gen_ai.output.messages` / `gen_ai.system_instructions` on the span or on one
 *   `gen_ai.client.inference.operation.details` event, `gen_ai.usage.cache_read.input_tokens` and
 *   `gen_ai.usage.cache_creation.input_tokens`, reasoning output tokens. Also read: the names the Anthropic SDK 1.x
 *   emits (`gen_ai.usage.cache_write.input_tokens`, `gen_ai.usage.reasoning.output_tokens`,
 *   `gen_ai.response.time_to_first_chunk` in seconds) and HoneyHive's registry names
 *   (`gen_ai.usage.cache_read_input_tokens`, `…cache_write_input_tokens`, `…reasoning_tokens`).
 *   Not read: the unreleased `gen_ai.token.*` restructure (metrics, not span attributes, so far).
 *   Tool spans (`execute_tool`): `gen_ai.tool.call.arguments` / `gen_ai.tool.call.result` (v1.38+; on a span the JSON
 *   text of the value, parsed whatever the value: @ai-sdk/otel writes `JSON.stringify(result)`); agent spans
 *   (`invoke_agent`, `plan`, `handle_conversation_turn`): the same input and output messages as a model call;
 *   memory operations: their query and records (memory-operation.ts). Time to first chunk: ai 7's
 *   `@ai-sdk/otel` names it `gen_ai.client.operation.time_to_first_chunk` (seconds).
 */
import type { DialectReading, DialectTable, GenAiMessage, GenAiSpanLike } from "./canonical-event";
import { messageFinishReason, readMessage, readMessages, systemMessage } from "./messages";
import { count, firstCount, firstText, KeyPrefixes, json, own, text, tokenCounts } from "./read-values";
import { readMemoryIo } from "./memory-operation";
import { pickRequestParameters } from "./request-parameters";
import { OTEL_GENAI_1_36_TOKEN_KEYS, OTEL_GENAI_LATEST_TOKEN_KEYS } from "./token-keys";
import { jsonTextSide, messageSide, messagesSide } from "./step-values";

/** Attribute-key prefixes of OTel GenAI v1.36. */
const V136_KEYS = new KeyPrefixes(["gen_ai.system", "gen_ai.request.", "gen_ai.usage.", "gen_ai.response."]);
/** Attribute-key prefixes only OTel GenAI v1.37+ uses. */
const LATEST_KEYS = new KeyPrefixes([
  "gen_ai.provider.name", "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions", "gen_ai.usage.cache_read.",
  "gen_ai.usage.cache_creation.", "gen_ai.usage.cache_write.", "gen_ai.usage.input_tokens.", "gen_ai.usage.output_tokens.",
]);

const OPERATION_DETAILS = "gen_ai.client.inference.operation.details";
const TOKENS_1_36 = OTEL_GENAI_1_36_TOKEN_KEYS;
const TOKENS_LATEST = OTEL_GENAI_LATEST_TOKEN_KEYS;
/** Instrumentation scopes whose `gen_ai.usage.input_tokens` leaves out cached tokens (Anthropic's raw `input_tokens`). */
const INPUT_EXCLUDES_CACHE = new Set(["@traceloop/instrumentation-anthropic"]);
const V136_MESSAGE_EVENTS: Readonly<Record<string, string>> = {
  "gen_ai.system.message": "system", "gen_ai.user.message": "user", "gen_ai.assistant.message": "assistant", "gen_ai.tool.message": "tool",
};

function firstFinishReason(value: unknown): string | undefined {
  const parsed = json(value);
  if (Array.isArray(parsed)) return parsed.map(text).find((r) => r !== undefined);
  return text(parsed);
}

/**
 * The time to first chunk (ms) a span records in seconds, under any of its names. Read by both tables: a v1.36 span
 * (OpenInference's and OpenLLMetry's OpenAI spans carry `gen_ai.response.*` keys) has it from the SDK's stream
 * observer when the stream sent no usage chunk, and nothing else then marks the span as the current conventions.
 */
export function timeToFirstChunkMs(a: Readonly<Record<string, unknown>>): number | null {
  const seconds = firstCount(a, ["gen_ai.response.time_to_first_chunk", "gen_ai.response.time_to_first_token", "gen_ai.client.operation.time_to_first_chunk"]);
  return seconds === undefined ? null : Math.round(seconds * 1_000_000) / 1000;
}

function common(span: GenAiSpanLike, provider: string | undefined): DialectReading {
  const a = span.attributes;
  const reading: DialectReading = {
    model: firstText(a, ["gen_ai.response.model", "gen_ai.request.model"]) ?? null,
    request_model: firstText(a, ["gen_ai.request.model"]) ?? null,
    provider: provider ?? null,
    operation: firstText(a, ["gen_ai.operation.name"]) ?? null,
    request: pickRequestParameters(a, "gen_ai.request."),
    finish_reason: firstFinishReason(own(a, "gen_ai.response.finish_reasons")) ?? null,
  };
  if (own(a, "gen_ai.request.stream") === true) reading.streamed = true;
  reading.time_to_first_token_ms = timeToFirstChunkMs(a);
  if (reading.time_to_first_token_ms !== null) reading.streamed = true;
  return reading;
}

/** A v1.36 per-message span event as a message (body fields as attributes). */
function v136EventMessage(event: { name: string; attributes: Readonly<Record<string, unknown>> }): GenAiMessage | undefined {
  const role = V136_MESSAGE_EVENTS[event.name];
  if (role === undefined) return undefined;
  const body: Record<string, unknown> = { role: text(own(event.attributes, "role")) ?? role, content: own(event.attributes, "content") };
  const calls = json(own(event.attributes, "tool_calls"));
  if (Array.isArray(calls)) body.tool_calls = calls;
  const id = text(own(event.attributes, "id"));
  if (role === "tool" && id !== undefined) body.tool_call_id = id;
  return readMessage(body);
}

/** The OTel GenAI v1.36 table. */
export const otelGenAi136: DialectTable = {
  name: "otel-genai-1.36",
  detect: (span) => V136_KEYS.inAttributes(span.attributes) ||
    (span.events ?? []).some((e) => e.name === "gen_ai.choice" || V136_MESSAGE_EVENTS[e.name] !== undefined),
  read(span) {
    const reading = common(span, firstText(span.attributes, ["gen_ai.system"]));
    reading.tokens = tokenCounts(span.attributes, TOKENS_1_36);
    const events = span.events ?? [];
    if (span.withoutInputMessages !== true) reading.messages = events.flatMap((e) => v136EventMessage(e) ?? []);
    const choice = events.find((e) => e.name === "gen_ai.choice" && (count(own(e.attributes, "index")) ?? 0) === 0);
    if (choice) {
      reading.output = readMessage(json(own(choice.attributes, "message")), "assistant") ?? null;
      const reason = text(own(choice.attributes, "finish_reason"));
      if (reason !== undefined) reading.finish_reason = reason;
    }
    return reading;
  },
};

/** Content attributes of the span, or of its operation-details event when the span has none. */
function contentSource(span: GenAiSpanLike): Readonly<Record<string, unknown>> {
  if (own(span.attributes, "gen_ai.input.messages") !== undefined || own(span.attributes, "gen_ai.output.messages") !== undefined) return span.attributes;
  return (span.events ?? []).find((e) => e.name === OPERATION_DETAILS)?.attributes ?? span.attributes;
}

/** The input messages, system instructions first. */
function inputMessages(source: Readonly<Record<string, unknown>>): GenAiMessage[] {
  const system = systemMessage(own(source, "gen_ai.system_instructions"));
  return [...(system ? [system] : []), ...(readMessages(own(source, "gen_ai.input.messages")) ?? [])];
}

/** The input messages (none when the reader needs none), the first output message and its finish reason. */
function conversation(span: GenAiSpanLike): { messages: GenAiMessage[]; output: GenAiMessage | null; finishReason: string | undefined } {
  const source = contentSource(span);
  const messages = span.withoutInputMessages === true ? [] : inputMessages(source);
  const outputs = json(own(source, "gen_ai.output.messages"));
  if (!Array.isArray(outputs) || outputs.length === 0) return { messages, output: null, finishReason: undefined };
  return { messages, output: readMessage(outputs[0], "assistant") ?? null, finishReason: messageFinishReason(outputs[0]) };
}

/** The OTel GenAI v1.37-through-current table. */
export const otelGenAiLatest: DialectTable = {
  name: "otel-genai-1.37+",
  detect: (span) => LATEST_KEYS.inAttributes(span.attributes) ||
    (span.events ?? []).some((e) => e.name === OPERATION_DETAILS),
  read(span) {
    const a = span.attributes;
    const reading = common(span, firstText(a, ["gen_ai.provider.name", "gen_ai.system"]));
    const t = tokenCounts(a, TOKENS_LATEST);
    const input = t.input ?? null;
    if (span.scopeName !== undefined && INPUT_EXCLUDES_CACHE.has(span.scopeName) && input !== null) {
      t.input = input + (t.cache_read ?? 0) + (t.cache_write ?? 0);
      const output = t.output ?? null;
      if (output !== null) t.total = t.input + output;
    }
    reading.tokens = t;
    const talk = conversation(span);
    reading.messages = talk.messages;
    reading.output = talk.output;
    if (reading.finish_reason === null && talk.finishReason !== undefined) reading.finish_reason = talk.finishReason;
    if (reading.finish_reason === null) reading.finish_reason = firstText(a, ["anthropic.message.stop_reason"]) ?? null;
    return reading;
  },
  readStepIo(span) {
    const a = span.attributes;
    const memory = readMemoryIo(a);
    if (memory !== undefined) return memory;
    if (own(a, "gen_ai.tool.call.arguments") !== undefined || own(a, "gen_ai.tool.call.result") !== undefined) {
      return { inputs: jsonTextSide(a, "gen_ai.tool.call.arguments"), outputs: jsonTextSide(a, "gen_ai.tool.call.result") };
    }
    const talk = conversation(span);
    return { inputs: messagesSide(talk.messages), outputs: messageSide(talk.output) };
  },
};
