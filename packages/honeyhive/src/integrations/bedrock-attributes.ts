/**
 * Bedrock Runtime calls as OpenTelemetry GenAI attributes (the v1.37+ dialect `semconv/genai/dialect-otel-genai.ts`
 * reads): the Converse request (model id, `inferenceConfig`, `system`, `messages`), what the reply said (accumulated
 * in a {@link BedrockReply} from a Converse output, a ConverseStream's events or an InvokeModel body), and the reply's
 * attributes: output message, finish reason, token usage. Bedrock counts cache reads and writes apart from
 * `inputTokens`; the attributes follow the conventions (input tokens include both). Pure; unknown shapes read as nothing.
 */
import type { Attributes } from "@opentelemetry/api";
import { count, record } from "@honeyhive/core/semconv/genai/read-values";
import { inputMessages, systemParts, contentParts } from "./bedrock-content";
import { type GenAiReply, type ReplyUsage, appendPart, emptyReply, replyAttributes, requestParameters } from "./genai-reply";

/** The provider name the spans carry (`gen_ai.provider.name`), priced as the price dataset's `aws`. */
export const BEDROCK_PROVIDER = "aws.bedrock";

/** Token counts of a reply, as Bedrock reports them (input without the cached tokens). */
export type BedrockUsage = ReplyUsage;
/** What a reply said, accumulated from a response or a stream's events. */
export type BedrockReply = GenAiReply;
export { appendPart, emptyReply, replyAttributes, requestParameters };

const INFERENCE_PARAMETERS: readonly (readonly [string, string])[] = [
  ["maxTokens", "gen_ai.request.max_tokens"], ["temperature", "gen_ai.request.temperature"], ["topP", "gen_ai.request.top_p"],
  ["stopSequences", "gen_ai.request.stop_sequences"],
];

/** Attributes every Bedrock call starts with: operation, provider, model. */
export function callAttributes(operation: string, modelId: unknown): Attributes {
  const attributes: Attributes = { "gen_ai.operation.name": operation, "gen_ai.provider.name": BEDROCK_PROVIDER };
  if (typeof modelId === "string") attributes["gen_ai.request.model"] = modelId;
  return attributes;
}

/** Adds the system instructions and input messages of a messages-shaped request (Converse, Anthropic, Nova). */
export function addConversation(attributes: Attributes, system: unknown, messages: unknown): void {
  const instructions = systemParts(system);
  if (instructions.length > 0) attributes["gen_ai.system_instructions"] = JSON.stringify(instructions);
  attributes["gen_ai.input.messages"] = JSON.stringify(inputMessages(messages));
}

/** Attributes known when a Converse / ConverseStream call starts. */
export function converseRequestAttributes(input: unknown): Attributes {
  const i = record(input) ?? {};
  const attributes = callAttributes("chat", i.modelId);
  requestParameters(record(i.inferenceConfig) ?? {}, INFERENCE_PARAMETERS, attributes);
  addConversation(attributes, i.system, i.messages);
  return attributes;
}

/** Converse `usage` (also Amazon Nova's InvokeModel body and a ConverseStream `metadata` event) as token counts. */
export function converseUsage(usage: unknown): BedrockUsage | undefined {
  const u = record(usage);
  if (!u) return undefined;
  return { input: count(u.inputTokens), output: count(u.outputTokens), cacheRead: count(u.cacheReadInputTokens), cacheWrite: count(u.cacheWriteInputTokens) };
}

/** Adds a Converse response (or a Converse-shaped InvokeModel body) to `reply`. */
export function addConverseOutput(reply: BedrockReply, response: unknown): void {
  const r = record(response) ?? {};
  const message = record(record(r.output)?.message);
  for (const part of contentParts(message?.content)) appendPart(reply, part);
  if (typeof r.stopReason === "string") reply.finishReason = r.stopReason;
  reply.usage = converseUsage(r.usage) ?? reply.usage;
}
