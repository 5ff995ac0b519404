/**
 * Cohere chat calls (`cohere-ai`, the v2 and v1 APIs, as the client hands them over: camelCase) as OpenTelemetry
 * GenAI attributes: the request (model, parameters, conversation: v2 `messages`, v1 `preamble` + `chatHistory` +
 * `message`), and the reply read from a response or a stream's events (v2 `content-delta`, `tool-call-start` /
 * `-delta`, `message-end`; v1 `text-generation`, `tool-calls-generation`, `stream-end`) into a {@link GenAiReply}.
 * Tokens are the billed units (what Cohere prices), else the counted tokens. Pure; unknown shapes read as nothing.
 */
import type { Attributes } from "@opentelemetry/api";
import { count, record, text } from "@honeyhive/core/semconv/genai/read-values";
import { type GenAiReply, type OtelPart, type ReplyUsage, appendPart, chatInputMessages, requestParameters, toolCallPart, toolCallParts } from "./genai-reply";

/** The provider name (`gen_ai.provider.name`) of Cohere's calls. */
export const COHERE_PROVIDER = "cohere";

/** Which Cohere API a call used. */
export type CohereApi = "v1" | "v2";

const PARAMETERS: readonly (readonly [string, string])[] = [
  ["temperature", "gen_ai.request.temperature"], ["maxTokens", "gen_ai.request.max_tokens"], ["p", "gen_ai.request.top_p"],
  ["k", "gen_ai.request.top_k"], ["seed", "gen_ai.request.seed"], ["stopSequences", "gen_ai.request.stop_sequences"],
  ["frequencyPenalty", "gen_ai.request.frequency_penalty"], ["presencePenalty", "gen_ai.request.presence_penalty"],
];

const V1_ROLES: Readonly<Record<string, string>> = { USER: "user", CHATBOT: "assistant", SYSTEM: "system", TOOL: "tool" };

/** The v1 conversation: the preamble, the chat history, then the message. */
function v1Messages(request: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const preamble = text(request.preamble);
  if (preamble !== undefined) out.push({ role: "system", parts: [{ type: "text", content: preamble }] });
  for (const entry of Array.isArray(request.chatHistory) ? request.chatHistory : []) {
    const e = record(entry);
    const role = V1_ROLES[text(e?.role) ?? ""] ?? "user";
    const said = text(e?.message);
    if (said !== undefined) out.push({ role, parts: [{ type: "text", content: said }] });
  }
  const message = text(request.message);
  if (message !== undefined) out.push({ role: "user", parts: [{ type: "text", content: message }] });
  return out;
}

/** Attributes known when a chat call starts. */
export function cohereRequestAttributes(api: CohereApi, request: unknown): Attributes {
  const r = record(request) ?? {};
  const attributes: Attributes = { "gen_ai.operation.name": "chat", "gen_ai.provider.name": COHERE_PROVIDER };
  if (typeof r.model === "string") attributes["gen_ai.request.model"] = r.model;
  requestParameters(r, PARAMETERS, attributes);
  attributes["gen_ai.input.messages"] = JSON.stringify(api === "v2" ? chatInputMessages(r.messages) : v1Messages(r));
  return attributes;
}

/** Billed units (what Cohere prices), else the counted tokens: `{ inputTokens, outputTokens }`. */
function usageOf(usage: unknown): ReplyUsage | undefined {
  const u = record(usage);
  for (const counts of [record(u?.billedUnits), record(u?.tokens)]) {
    const found = { input: count(counts?.inputTokens), output: count(counts?.outputTokens) };
    if (found.input !== undefined || found.output !== undefined) return found;
  }
  return undefined;
}

function setFinish(reply: GenAiReply, reason: unknown): void {
  if (typeof reason === "string") reply.finishReason = reason.toLowerCase();
}

/** A v2 response (`message`, `finishReason`, `usage`, `id`) added to `reply`. */
function addV2Response(reply: GenAiReply, response: Record<string, unknown>): void {
  const message = record(response.message) ?? {};
  const content = Array.isArray(message.content) ? message.content : [];
  for (const part of content) {
    const t = record(part)?.text;
    if (typeof t === "string") appendPart(reply, { type: "text", content: t });
  }
  for (const part of toolCallParts(message.toolCalls)) reply.parts.push(part);
  setFinish(reply, response.finishReason);
  if (typeof response.id === "string") reply.id = response.id;
  reply.usage = usageOf(response.usage) ?? reply.usage;
}

/** A v1 response (`text`, `toolCalls` with `parameters`, `finishReason`, `meta`, `generationId`) added to `reply`. */
function addV1Response(reply: GenAiReply, response: Record<string, unknown>): void {
  if (typeof response.text === "string" && response.text !== "") appendPart(reply, { type: "text", content: response.text });
  for (const call of Array.isArray(response.toolCalls) ? response.toolCalls : []) {
    const c = record(call);
    if (c) reply.parts.push(toolCallPart(undefined, c.name, c.parameters ?? {}));
  }
  setFinish(reply, response.finishReason);
  if (typeof response.generationId === "string") reply.id = response.generationId;
  reply.usage = usageOf(record(response.meta)) ?? reply.usage;
}

/** A whole response added to `reply`. */
export function addCohereResponse(api: CohereApi, reply: GenAiReply, response: unknown): void {
  const r = record(response);
  if (r) (api === "v2" ? addV2Response : addV1Response)(reply, r);
}

/** The tool call a v2 stream is building (by event index). */
export type PendingToolCalls = Map<number, OtelPart & { json: string }>;

function delta(event: Record<string, unknown>): Record<string, unknown> {
  return record(record(event.delta)?.message) ?? {};
}

function eventIndex(event: Record<string, unknown>): number {
  return typeof event.index === "number" ? event.index : -1;
}

/** `content-delta`: a piece of the reply's text. */
function addTextDelta(reply: GenAiReply, event: Record<string, unknown>): boolean {
  const t = record(delta(event).content)?.text;
  if (typeof t === "string") appendPart(reply, { type: "text", content: t });
  return typeof t === "string";
}

/** `tool-call-start`: a tool call begins (its arguments may come in pieces). */
function startToolCall(event: Record<string, unknown>, pending: PendingToolCalls): boolean {
  const call = record(delta(event).toolCalls);
  const fn = record(call?.function);
  pending.set(eventIndex(event), { ...toolCallPart(call?.id, fn?.name, {}), json: typeof fn?.arguments === "string" ? fn.arguments : "" });
  return true;
}

/** `tool-call-delta`: a piece of a tool call's arguments. */
function addToolCallDelta(event: Record<string, unknown>, pending: PendingToolCalls): boolean {
  const piece = record(record(delta(event).toolCalls)?.function)?.arguments;
  const part = pending.get(eventIndex(event));
  if (part && typeof piece === "string") part.json += piece;
  return false;
}

/** `message-end`: finish reason and usage. */
function endMessage(reply: GenAiReply, event: Record<string, unknown>): boolean {
  const d = record(event.delta) ?? {};
  setFinish(reply, d.finishReason);
  reply.usage = usageOf(d.usage) ?? reply.usage;
  return false;
}

/** One v2 stream event added to `reply`; true when it carried content. */
function addV2Event(reply: GenAiReply, event: Record<string, unknown>, pending: PendingToolCalls): boolean {
  switch (event.type) {
    case "content-delta":
      return addTextDelta(reply, event);
    case "tool-call-start":
      return startToolCall(event, pending);
    case "tool-call-delta":
      return addToolCallDelta(event, pending);
    case "message-end":
      return endMessage(reply, event);
    case "message-start":
      if (typeof event.id === "string") reply.id = event.id;
      return false;
    default:
      return event.type === "tool-plan-delta";
  }
}

/** The tool calls a v2 stream built, with their arguments parsed, moved into `reply`. */
export function finishToolCalls(reply: GenAiReply, pending: PendingToolCalls): void {
  for (const { json, ...part } of pending.values()) reply.parts.push(toolCallPart(part.id, part.name, json === "" ? {} : json));
  pending.clear();
}

/** One v1 stream event added to `reply`; true when it carried content. */
function addV1Event(reply: GenAiReply, event: Record<string, unknown>): boolean {
  switch (event.eventType) {
    case "text-generation":
      if (typeof event.text === "string") appendPart(reply, { type: "text", content: event.text });
      return typeof event.text === "string";
    case "tool-calls-generation":
      return true; // the calls are in stream-end's response
    case "stream-end": {
      const whole = record(event.response);
      if (whole) {
        reply.parts = [];
        addV1Response(reply, whole);
      }
      setFinish(reply, event.finishReason);
      return false;
    }
    default:
      return false;
  }
}

/** One stream event added to `reply`; true when it carried content (the first token). */
export function addCohereEvent(api: CohereApi, reply: GenAiReply, event: unknown, pending: PendingToolCalls): boolean {
  const e = record(event);
  if (!e) return false;
  return api === "v2" ? addV2Event(reply, e, pending) : addV1Event(reply, e);
}
