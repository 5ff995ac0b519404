/**
 * What the SDK's own client instrumentations (Bedrock Runtime, Cohere, Mistral, Vertex AI) share to write a call in
 * the OpenTelemetry GenAI dialect the one translation reads: request parameters by name, input messages of an
 * OpenAI-shaped conversation (Cohere's and Mistral's, camelCase or snake_case), and the reply accumulated from a
 * response or a stream's chunks (its parts, finish reason, model, id, token usage) as attributes. Pure; unknown shapes
 * read as nothing.
 */
import type { Attributes } from "@opentelemetry/api";
import { asText, record, text } from "@honeyhive/core/semconv/genai/read-values";
import { responseAttributes } from "./google-genai-attributes";

/** One part of an OTel GenAI message (`{ type: "text", content }`, `{ type: "tool_call", … }`, …). */
export type OtelPart = Record<string, unknown>;

/** Token counts of a reply, input without the cached tokens (as Bedrock counts them; the attributes add them back). */
export interface ReplyUsage {
  input?: number | undefined;
  output?: number | undefined;
  cacheRead?: number | undefined;
  cacheWrite?: number | undefined;
}

/** What a reply said, accumulated from a response or a stream's events. */
export interface GenAiReply {
  parts: OtelPart[];
  finishReason?: string;
  model?: string;
  id?: string;
  usage?: ReplyUsage;
}

/** A new, empty reply. */
export function emptyReply(): GenAiReply {
  return { parts: [] };
}

/** Adds a part to the reply; text (or reasoning) following text (or reasoning) is joined to it, as a stream sends it in pieces. */
export function appendPart(reply: GenAiReply, part: OtelPart): void {
  const last = reply.parts[reply.parts.length - 1];
  const joinable = (part.type === "text" || part.type === "reasoning") && last?.type === part.type;
  if (joinable) last.content = `${String(last.content)}${String(part.content)}`;
  else reply.parts.push(part);
}

/** Copies numeric (or string-list) request parameters from `source` under the attribute names of `table`. */
export function requestParameters(source: Record<string, unknown>, table: readonly (readonly [string, string])[], into: Attributes): void {
  for (const [option, key] of table) {
    const value = source[option];
    if (typeof value === "number" || (Array.isArray(value) && value.every((v) => typeof v === "string"))) into[key] = value as number | string[];
  }
}

/** Token attributes: input includes the cached tokens (read and written), which are also counted apart. */
function usageAttributes(usage: ReplyUsage, attributes: Attributes): void {
  const { input, output, cacheRead, cacheWrite } = usage;
  if (input !== undefined) attributes["gen_ai.usage.input_tokens"] = input + (cacheRead ?? 0) + (cacheWrite ?? 0);
  if (output !== undefined) attributes["gen_ai.usage.output_tokens"] = output;
  if (cacheRead !== undefined) attributes["gen_ai.usage.cache_read.input_tokens"] = cacheRead;
  if (cacheWrite !== undefined) attributes["gen_ai.usage.cache_creation.input_tokens"] = cacheWrite;
}

/** Attributes of the reply: output message, finish reason, response model and id, token usage. */
export function replyAttributes(reply: GenAiReply): Attributes {
  const { usage, ...said } = reply;
  const attributes = responseAttributes(said);
  if (usage) usageAttributes(usage, attributes);
  return attributes;
}

/** A tool call part; `args` as the provider gave them (JSON text is parsed, so arguments are an object where they can be). */
export function toolCallPart(id: unknown, name: unknown, args: unknown): OtelPart {
  let parsed: unknown = args;
  if (typeof args === "string") {
    try {
      parsed = JSON.parse(args) as unknown;
    } catch {
      parsed = args;
    }
  }
  return { type: "tool_call", id: typeof id === "string" ? id : null, name: typeof name === "string" ? name : "tool", arguments: parsed ?? {} };
}

/** The parts of an OpenAI-shaped message's `content`: a string, or parts with `text` (others are left out). */
function contentParts(content: unknown): OtelPart[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", content }];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part): OtelPart[] => {
    const p = record(part);
    return typeof p?.text === "string" ? [{ type: "text", content: p.text }] : [];
  });
}

/** The tool calls of an assistant message (`toolCalls` / `tool_calls`, each `{ id, function: { name, arguments } }`). */
export function toolCallParts(calls: unknown): OtelPart[] {
  if (!Array.isArray(calls)) return [];
  return calls.flatMap((call): OtelPart[] => {
    const c = record(call);
    const fn = record(c?.function);
    return fn ? [toolCallPart(c?.id, fn.name, fn.arguments)] : [];
  });
}

/**
 * An OpenAI-shaped conversation (Cohere v2's and Mistral's messages: `role`, `content`, `toolCalls` / `tool_calls`,
 * `toolCallId` / `tool_call_id`) as OTel GenAI input messages; system messages included, in order.
 */
export function chatInputMessages(messages: unknown): Record<string, unknown>[] {
  if (!Array.isArray(messages)) return [];
  return messages.flatMap((message): Record<string, unknown>[] => {
    const m = record(message);
    if (!m) return [];
    const role = text(m.role)?.toLowerCase() ?? "user";
    const callId = text(m.toolCallId) ?? text(m.tool_call_id);
    if (role === "tool") return [{ role, parts: [{ type: "tool_call_response", id: callId ?? null, response: typeof m.content === "string" ? m.content : asText(m.content) }] }];
    return [{ role, parts: [...contentParts(m.content), ...toolCallParts(m.toolCalls ?? m.tool_calls)] }];
  });
}
