/**
 * Mastra (`@mastra/otel-bridge` / `@mastra/otel-exporter`, `mastra.span.type`). One LLM round trip is a `model_step`
 * span (event-type.ts makes it the model event; the `model_generation` span around a whole multi-step run is a chain):
 * `mastra.model_step.input` (JSON messages `{role, content}`), `mastra.model_step.output` (JSON `{text, toolCalls:
 * [{toolCallId, toolName, args}]}`), `mastra.metadata.modelMetadata` (JSON `{modelId, modelProvider}`), and for a
 * call that was not streamed the provider's response in `mastra.metadata.body` (JSON, with its `usage`). The bridge
 * exports no usage of its own on a step (only the run's sum on `model_generation`): a streamed step has tokens only
 * with HoneyHive's `mastraStepUsage()` span output processor, which exports Mastra's per-step usage as
 * `mastra.metadata.usage` (and `mastra.metadata.finishReason`). Where the exporter reports the provider call as a
 * `model_inference` span with `gen_ai.usage.*`, the nesting rule (model-call.ts) hands that usage up to the step.
 *
 * {@link mastraSpanIo} reads the inputs and outputs of Mastra's other spans (tools, agent runs, generations,
 * workflow steps): `gen_ai.tool.call.arguments` / `.result` on tool calls, the OTel messages on `model_generation`,
 * `mastra.<type>.input` / `.output` on the rest.
 */
import type { DialectReading, DialectTable, GenAiMessage, GenAiSpanLike, GenAiTokens, StepIoReading } from "./canonical-event";
import { honeyHiveMessage } from "./honeyhive-fields";
import { readMessage, readMessages } from "./messages";
import { asText, count, json, own, record, text } from "./read-values";
import { type ModalityTokens, openAiModalityTokens } from "./modality-tokens";

const SPAN_TYPE = "mastra.span.type";
const TOOL_TYPES = new Set(["tool_call", "mcp_tool_call", "provider_tool_call", "client_tool_call"]);

function spanType(span: GenAiSpanLike): string | undefined {
  return text(own(span.attributes, SPAN_TYPE))?.toLowerCase();
}

function stepOutput(value: unknown): GenAiMessage | null {
  const out = record(json(value));
  if (!out) return null;
  const content = text(own(out, "text")) ?? "";
  const raw = own(out, "toolCalls");
  const calls = (Array.isArray(raw) ? raw : []).flatMap((item) => {
    const call = record(item);
    const name = text(own(call, "toolName"));
    return call && name !== undefined ? [{ id: text(own(call, "toolCallId")) ?? null, name, arguments: asText(own(call, "args") ?? own(call, "input")) }] : [];
  });
  if (content === "" && calls.length === 0) return null;
  return { role: "assistant", content, ...(calls.length > 0 ? { tool_calls: calls } : {}) };
}

function firstOf(source: unknown, paths: readonly (readonly string[])[]): number | undefined {
  for (const path of paths) {
    let value: unknown = source;
    for (const key of path) value = own(value, key);
    const n = count(value);
    if (n !== undefined) return n;
  }
  return undefined;
}

/**
 * Token counts of a provider response body: OpenAI chat (`prompt_tokens`, …), OpenAI Responses and Anthropic
 * (`input_tokens`, …), with OpenAI's audio and image parts. Anthropic's `input_tokens` leave out the cache, which the canonical input count includes.
 */
function bodyTokens(body: Record<string, unknown> | undefined): Partial<GenAiTokens> {
  const usage = record(own(body, "usage"));
  if (!usage) return {};
  const cacheRead = firstOf(usage, [["prompt_tokens_details", "cached_tokens"], ["input_tokens_details", "cached_tokens"], ["cache_read_input_tokens"]]);
  const cacheWrite = firstOf(usage, [["cache_creation_input_tokens"]]);
  let input = firstOf(usage, [["prompt_tokens"], ["input_tokens"]]);
  if (input !== undefined && own(usage, "prompt_tokens") === undefined && own(usage, "cache_read_input_tokens") !== undefined) {
    input += (cacheRead ?? 0) + (cacheWrite ?? 0);
  }
  return {
    input: input ?? null, output: firstOf(usage, [["completion_tokens"], ["output_tokens"]]) ?? null, total: firstOf(usage, [["total_tokens"]]) ?? null,
    cache_read: cacheRead ?? null, cache_write: cacheWrite ?? null,
    reasoning: firstOf(usage, [["completion_tokens_details", "reasoning_tokens"], ["output_tokens_details", "reasoning_tokens"]]) ?? null,
    ...modalityTokens(openAiModalityTokens(own(usage, "prompt_tokens_details") ?? own(usage, "input_tokens_details"), own(usage, "completion_tokens_details") ?? own(usage, "output_tokens_details"))),
  };
}

/** The canonical per-modality fields of provider-reported counts. */
function modalityTokens(tokens: ModalityTokens): Partial<GenAiTokens> {
  return { input_audio: tokens.inputAudio ?? null, input_image: tokens.inputImage ?? null, output_audio: tokens.outputAudio ?? null, output_image: tokens.outputImage ?? null };
}

/** Token counts of Mastra's own usage (`mastraStepUsage()` exports it as `mastra.metadata.usage`); input includes cached tokens. */
function mastraTokens(usage: Record<string, unknown> | undefined): Partial<GenAiTokens> {
  if (!usage) return {};
  return {
    input: count(own(usage, "inputTokens")) ?? null, output: count(own(usage, "outputTokens")) ?? null,
    cache_read: firstOf(usage, [["inputDetails", "cacheRead"]]) ?? null, cache_write: firstOf(usage, [["inputDetails", "cacheWrite"]]) ?? null,
    reasoning: firstOf(usage, [["outputDetails", "reasoning"]]) ?? null,
  };
}

function finishReason(body: Record<string, unknown> | undefined, a: Readonly<Record<string, unknown>>): string | null {
  const choices = own(body, "choices");
  const first = record(Array.isArray(choices) ? choices[0] : undefined);
  return text(own(first, "finish_reason")) ?? text(own(body, "stop_reason")) ?? text(own(a, "mastra.metadata.finishReason")) ?? null;
}

/** Milliseconds since the epoch of a span's start, when it is known. */
function startMs(span: GenAiSpanLike): number | undefined {
  const nanos = span.startTimeUnixNano;
  if (nanos === undefined) return undefined;
  const ms = typeof nanos === "bigint" ? Number(nanos / 1_000_000n) : Number(nanos) / 1e6;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/**
 * A step's time to first token: from its start to its first chunk (`mastra.metadata.completionStartTime`, which
 * `mastraStepUsage()` exports; an ISO time), when both are known and in order.
 */
function timeToFirstToken(span: GenAiSpanLike): number | null {
  const first = text(own(span.attributes, "mastra.metadata.completionStartTime"));
  const start = startMs(span);
  const at = first === undefined ? Number.NaN : Date.parse(first);
  return start !== undefined && Number.isFinite(at) && at >= start ? at - start : null;
}

/** The Mastra `model_step` table. */
export const mastra: DialectTable = {
  name: "mastra",
  detect: (span: GenAiSpanLike) => spanType(span) === "model_step",
  readStepIo(span: GenAiSpanLike): StepIoReading {
    const io = mastraSpanIo(span);
    // the raw mastra.* attributes stay in metadata (they hold more than the extracted sides)
    return { inputs: io?.inputs ? { field: io.inputs, consumed: [] } : undefined, outputs: io?.outputs ? { field: io.outputs, consumed: [] } : undefined };
  },
  read(span: GenAiSpanLike): DialectReading {
    const a = span.attributes;
    const meta = record(json(own(a, "mastra.metadata.modelMetadata")));
    const body = record(json(own(a, "mastra.metadata.body")));
    const headers = record(json(own(a, "mastra.metadata.headers")));
    const requested = text(own(meta, "modelId")) ?? null;
    const streamed = /event-stream/.test(text(own(headers, "content-type")) ?? "");
    return {
      model: text(own(body, "model")) ?? requested,
      request_model: requested,
      provider: text(own(meta, "modelProvider")) ?? null,
      operation: "chat",
      messages: span.withoutInputMessages === true ? [] : readMessages(own(a, "mastra.model_step.input")) ?? [],
      output: stepOutput(own(a, "mastra.model_step.output")),
      finish_reason: finishReason(body, a),
      tokens: body !== undefined && own(body, "usage") !== undefined ? bodyTokens(body) : mastraTokens(record(json(own(a, "mastra.metadata.usage")))),
      streamed,
      // Mastra notes a first chunk for every step: it is a first token only where the provider streamed
      time_to_first_token_ms: streamed ? timeToFirstToken(span) : null,
    };
  },
};

/** Inputs or outputs of a span: a JSON object as it is, a list of messages as `chat_history`, anything else as `{ value }`. */
function ioObject(raw: unknown): Record<string, unknown> | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  const parsed = typeof raw === "string" ? json(raw) ?? raw : raw;
  const object = record(parsed);
  if (object) return object;
  if (Array.isArray(parsed) && parsed.length > 0) {
    const messages = parsed.map((m) => readMessage(m));
    if (messages.every((m) => m !== undefined)) return { chat_history: messages.map((m) => honeyHiveMessage(m!)) };
  }
  return { value: parsed };
}

/** The OTel GenAI messages of a `model_generation` span as HoneyHive's `chat_history` and output message. */
function generationIo(a: Readonly<Record<string, unknown>>): { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } {
  const input = readMessages(own(a, "gen_ai.input.messages"));
  const output = readMessages(own(a, "gen_ai.output.messages"));
  return {
    inputs: input && input.length > 0 ? { chat_history: input.map(honeyHiveMessage) } : undefined,
    outputs: output && output.length > 0 ? honeyHiveMessage(output[output.length - 1]!) : undefined,
  };
}

/**
 * The inputs and outputs of a Mastra span that is not a model event (tool calls, agent runs, generations, workflow
 * steps, chunks); undefined for any other span. Each part is undefined when the span recorded none.
 */
function mastraSpanIo(span: GenAiSpanLike): { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } | undefined {
  const type = spanType(span);
  if (type === undefined) return undefined;
  const a = span.attributes;
  if (TOOL_TYPES.has(type)) return { inputs: ioObject(own(a, "gen_ai.tool.call.arguments")), outputs: ioObject(own(a, "gen_ai.tool.call.result")) };
  const io = type === "model_generation" ? generationIo(a) : {};
  return {
    inputs: io.inputs ?? ioObject(own(a, `mastra.${type}.input`)),
    outputs: io.outputs ?? ioObject(own(a, `mastra.${type}.output`)),
  };
}
