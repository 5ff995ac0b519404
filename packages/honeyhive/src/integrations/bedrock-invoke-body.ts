/**
 * InvokeModel bodies (bytes or a string of the model family's own JSON) read into the Bedrock span: Anthropic Claude's
 * Messages API and Amazon Nova's Converse-shaped body as messages; any other JSON body (Llama, Mistral, Titan, Cohere,
 * …) as its prompt text when it names one, else the body's text; the reply likewise (Anthropic content blocks and
 * usage, Nova's output, or the family's generated text). InvokeModelWithResponseStream chunks of Anthropic's stream
 * events are read by {@link addAnthropicStreamEvent}. Pure; a body that is not JSON reads as nothing.
 */
import type { Attributes } from "@opentelemetry/api";
import { count, record } from "@honeyhive/core/semconv/genai/read-values";
import { type BedrockReply, type BedrockUsage, addConversation, addConverseOutput, appendPart, callAttributes, converseUsage, requestParameters } from "./bedrock-attributes";
import { contentParts } from "./bedrock-content";
import { decodeUtf8 } from "../internal/utf8";

/** Longest body text recorded for a family the SDK does not read (the span's attribute bound cuts further). */
const MAX_BODY_CHARS = 64 * 1024;

/** A body (bytes, a string, the client's `Uint8ArrayBlobAdapter`) as text; undefined for anything else. */
export function bodyText(body: unknown): string | undefined {
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return decodeUtf8(body);
  return undefined;
}

/** A body parsed as a JSON object (undefined when it is not one). */
export function bodyJson(body: unknown): Record<string, unknown> | undefined {
  const text = bodyText(body);
  if (text === undefined) return undefined;
  try {
    return record(JSON.parse(text));
  } catch {
    return undefined;
  }
}

const ANTHROPIC_PARAMETERS: readonly (readonly [string, string])[] = [
  ["max_tokens", "gen_ai.request.max_tokens"], ["temperature", "gen_ai.request.temperature"], ["top_p", "gen_ai.request.top_p"],
  ["top_k", "gen_ai.request.top_k"], ["stop_sequences", "gen_ai.request.stop_sequences"],
];

/** The prompt a completion-style family names (`prompt`: Llama, Mistral, Cohere; `inputText`: Titan). */
function promptOf(json: Record<string, unknown>): string | undefined {
  const prompt = json.prompt ?? json.inputText ?? json.message;
  return typeof prompt === "string" ? prompt : undefined;
}

/** Attributes known when an InvokeModel / InvokeModelWithResponseStream call starts. */
export function invokeRequestAttributes(input: unknown): Attributes {
  const i = record(input) ?? {};
  const json = bodyJson(i.body);
  if (json && Array.isArray(json.messages)) {
    const attributes = callAttributes("chat", i.modelId);
    requestParameters(json, ANTHROPIC_PARAMETERS, attributes);
    requestParameters(record(json.inferenceConfig) ?? {}, [["max_new_tokens", "gen_ai.request.max_tokens"], ["temperature", "gen_ai.request.temperature"], ["top_p", "gen_ai.request.top_p"]], attributes);
    addConversation(attributes, json.system, json.messages);
    return attributes;
  }
  const attributes = callAttributes("text_completion", i.modelId);
  const text = json ? (promptOf(json) ?? JSON.stringify(json)) : undefined;
  if (text !== undefined) attributes["gen_ai.input.messages"] = JSON.stringify([{ role: "user", parts: [{ type: "text", content: text.slice(0, MAX_BODY_CHARS) }] }]);
  return attributes;
}

/** Anthropic `usage` as token counts (`input_tokens` leaves the cached tokens out, as Bedrock's own counts do). */
function anthropicUsage(usage: unknown, into?: BedrockUsage): BedrockUsage | undefined {
  const u = record(usage);
  if (!u) return into;
  const read = (key: string, previous: number | undefined): number | undefined => count(u[key]) ?? previous;
  return {
    input: read("input_tokens", into?.input), output: read("output_tokens", into?.output),
    cacheRead: read("cache_read_input_tokens", into?.cacheRead), cacheWrite: read("cache_creation_input_tokens", into?.cacheWrite),
  };
}

/** The generated text of a completion-style family (Llama `generation`, Mistral `outputs`, Titan `results`, Cohere, …). */
function generatedText(json: Record<string, unknown>): string | undefined {
  const first = (list: unknown): Record<string, unknown> | undefined => record(Array.isArray(list) ? list[0] : undefined);
  const candidates = [json.generation, json.completion, json.text, first(json.outputs)?.text, first(json.results)?.outputText,
    first(json.generations)?.text, record(first(json.choices)?.message)?.content, first(json.choices)?.text];
  return candidates.find((c): c is string => typeof c === "string");
}

/** Token counts a completion-style family reports in its body (Llama, Titan, OpenAI-shaped). */
function familyUsage(json: Record<string, unknown>): BedrockUsage | undefined {
  const usage = record(json.usage) ?? {};
  const firstResult = record(Array.isArray(json.results) ? json.results[0] : undefined);
  const input = count(json.prompt_token_count) ?? count(json.inputTextTokenCount) ?? count(usage.prompt_tokens);
  const output = count(json.generation_token_count) ?? count(firstResult?.tokenCount) ?? count(usage.completion_tokens);
  return input !== undefined || output !== undefined ? { input, output } : undefined;
}

/** Adds an InvokeModel response body to `reply`. */
export function addInvokeResponse(reply: BedrockReply, body: unknown): void {
  const json = bodyJson(body);
  if (!json) return;
  if (Array.isArray(json.content)) {
    for (const part of contentParts(json.content)) appendPart(reply, part);
    if (typeof json.stop_reason === "string") reply.finishReason = json.stop_reason;
    if (typeof json.model === "string") reply.model = json.model;
    if (typeof json.id === "string") reply.id = json.id;
    reply.usage = anthropicUsage(json.usage);
    return;
  }
  if (record(json.output)?.message !== undefined) {
    addConverseOutput(reply, json);
    return;
  }
  const text = generatedText(json) ?? JSON.stringify(json).slice(0, MAX_BODY_CHARS);
  appendPart(reply, { type: "text", content: text });
  const finish = json.stop_reason ?? record(Array.isArray(json.outputs) ? json.outputs[0] : undefined)?.stop_reason ?? json.completionReason;
  if (typeof finish === "string") reply.finishReason = finish;
  reply.usage = familyUsage(json);
}

/** Partial tool-call arguments of a stream, by content block index (joined and parsed when the block stops). */
export type PendingArguments = Map<number, { part: Record<string, unknown>; json: string }>;

/** `message_start`: the model, the message id, the input tokens. */
function addMessageStart(reply: BedrockReply, event: Record<string, unknown>): void {
  const message = record(event.message) ?? {};
  if (typeof message.model === "string") reply.model = message.model;
  if (typeof message.id === "string") reply.id = message.id;
  reply.usage = anthropicUsage(message.usage, reply.usage);
}

/** `content_block_start` of a tool use: its part, whose arguments follow in pieces. */
function addToolUseStart(reply: BedrockReply, event: Record<string, unknown>, pending: PendingArguments): void {
  const block = record(event.content_block);
  if (block?.type !== "tool_use") return;
  const part = { type: "tool_call", id: block.id ?? null, name: block.name, arguments: {} };
  reply.parts.push(part);
  pending.set(typeof event.index === "number" ? event.index : -1, { part, json: "" });
}

/** Adds one event of an Anthropic InvokeModelWithResponseStream (a chunk's decoded JSON) to `reply`. */
export function addAnthropicStreamEvent(reply: BedrockReply, event: Record<string, unknown>, pending: PendingArguments): void {
  const index = typeof event.index === "number" ? event.index : -1;
  switch (event.type) {
    case "message_start":
      return addMessageStart(reply, event);
    case "content_block_start":
      return addToolUseStart(reply, event, pending);
    case "content_block_delta":
      return addAnthropicDelta(reply, record(event.delta) ?? {}, pending.get(index));
    case "content_block_stop":
      return finishArguments(pending, index);
    case "message_delta": {
      const stop = record(event.delta)?.stop_reason;
      if (typeof stop === "string") reply.finishReason = stop;
      reply.usage = anthropicUsage(event.usage, reply.usage);
      return;
    }
    default:
      if (reply.usage === undefined) reply.usage = converseUsage(invocationMetrics(event));
  }
}

/** Bedrock's own counts on the last chunk (`amazon-bedrock-invocationMetrics`), in Converse's key names. */
function invocationMetrics(event: Record<string, unknown>): Record<string, unknown> | undefined {
  const m = record(event["amazon-bedrock-invocationMetrics"]);
  return m ? { inputTokens: m.inputTokenCount, outputTokens: m.outputTokenCount } : undefined;
}

function addAnthropicDelta(reply: BedrockReply, delta: Record<string, unknown>, tool: { json: string } | undefined): void {
  if (delta.type === "text_delta" && typeof delta.text === "string") appendPart(reply, { type: "text", content: delta.text });
  else if (delta.type === "thinking_delta" && typeof delta.thinking === "string") appendPart(reply, { type: "reasoning", content: delta.thinking });
  else if (delta.type === "input_json_delta" && typeof delta.partial_json === "string" && tool) tool.json += delta.partial_json;
}

/** Parses a streamed tool call's joined arguments into its part (the text as it is when it is not JSON). */
export function finishArguments(pending: PendingArguments, index: number): void {
  const tool = pending.get(index);
  if (!tool) return;
  pending.delete(index);
  if (tool.json === "") return;
  try {
    tool.part.arguments = JSON.parse(tool.json) as unknown;
  } catch {
    tool.part.arguments = tool.json;
  }
}
