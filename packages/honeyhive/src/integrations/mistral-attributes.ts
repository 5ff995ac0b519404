/**
 * Mistral chat calls (`@mistralai/mistralai`, as its client hands them over: camelCase) as OpenTelemetry GenAI
 * attributes: the request (model, parameters, messages with tool calls and results), and the reply read from a chat
 * completion or a stream's chunks (`{ data: { choices: [{ delta }], usage } }`) into a {@link GenAiReply}. Pure;
 * unknown shapes read as nothing.
 */
import type { Attributes } from "@opentelemetry/api";
import { count, record } from "@honeyhive/core/semconv/genai/read-values";
import { type GenAiReply, type OtelPart, appendPart, chatInputMessages, requestParameters, toolCallPart, toolCallParts } from "./genai-reply";

/** The provider name (`gen_ai.provider.name`) of Mistral's calls. */
export const MISTRAL_PROVIDER = "mistral_ai";

const PARAMETERS: readonly (readonly [string, string])[] = [
  ["temperature", "gen_ai.request.temperature"], ["maxTokens", "gen_ai.request.max_tokens"], ["topP", "gen_ai.request.top_p"],
  ["randomSeed", "gen_ai.request.seed"], ["frequencyPenalty", "gen_ai.request.frequency_penalty"],
  ["presencePenalty", "gen_ai.request.presence_penalty"], ["n", "gen_ai.request.choice.count"],
];

/** Attributes known when a chat call starts. */
export function mistralRequestAttributes(request: unknown): Attributes {
  const r = record(request) ?? {};
  const attributes: Attributes = { "gen_ai.operation.name": "chat", "gen_ai.provider.name": MISTRAL_PROVIDER };
  if (typeof r.model === "string") attributes["gen_ai.request.model"] = r.model;
  requestParameters(r, PARAMETERS, attributes);
  if (typeof r.stop === "string") attributes["gen_ai.request.stop_sequences"] = [r.stop];
  else if (Array.isArray(r.stop) && r.stop.every((s) => typeof s === "string")) attributes["gen_ai.request.stop_sequences"] = r.stop as string[];
  attributes["gen_ai.input.messages"] = JSON.stringify(chatInputMessages(r.messages));
  return attributes;
}

/** The text of a message's `content`: a string, or chunks (`{ type: "text", text }`; thinking chunks are reasoning). */
function addContent(reply: GenAiReply, content: unknown): boolean {
  if (typeof content === "string") {
    if (content !== "") appendPart(reply, { type: "text", content });
    return content !== "";
  }
  let added = false;
  for (const chunk of Array.isArray(content) ? content : []) {
    const c = record(chunk);
    if (typeof c?.text === "string") {
      appendPart(reply, { type: "text", content: c.text });
      added = true;
    }
  }
  return added;
}

function addUsageAndModel(reply: GenAiReply, source: Record<string, unknown>): void {
  const usage = record(source.usage);
  if (usage) reply.usage = { input: count(usage.promptTokens ?? usage.prompt_tokens), output: count(usage.completionTokens ?? usage.completion_tokens) };
  if (typeof source.model === "string") reply.model = source.model;
  if (typeof source.id === "string") reply.id = source.id;
}

function setFinish(reply: GenAiReply, choice: Record<string, unknown> | undefined): void {
  const reason = choice?.finishReason ?? choice?.finish_reason;
  if (typeof reason === "string") reply.finishReason = reason;
}

/** A chat completion added to `reply`. */
export function addMistralResponse(reply: GenAiReply, response: unknown): void {
  const r = record(response) ?? {};
  const choice = record(Array.isArray(r.choices) ? r.choices[0] : undefined);
  const message = record(choice?.message) ?? {};
  addContent(reply, message.content);
  for (const part of toolCallParts(message.toolCalls ?? message.tool_calls)) reply.parts.push(part);
  setFinish(reply, choice);
  addUsageAndModel(reply, r);
}

/** The tool calls a stream is building (by their index). */
export type PendingCalls = Map<number, { id: unknown; name: unknown; args: string }>;

/** One stream event (`{ data: chunk }`, or the chunk itself) added to `reply`; true when it carried content. */
export function addMistralChunk(reply: GenAiReply, event: unknown, pending: PendingCalls): boolean {
  const e = record(event) ?? {};
  const chunk = record(e.data) ?? e;
  const choice = record(Array.isArray(chunk.choices) ? chunk.choices[0] : undefined);
  const delta = record(choice?.delta) ?? {};
  let content = addContent(reply, delta.content);
  for (const call of Array.isArray(delta.toolCalls) ? delta.toolCalls : []) {
    const c = record(call) ?? {};
    const fn = record(c.function) ?? {};
    const index = typeof c.index === "number" ? c.index : pending.size;
    const entry = pending.get(index) ?? { id: c.id, name: fn.name, args: "" };
    entry.args += typeof fn.arguments === "string" ? fn.arguments : JSON.stringify(fn.arguments ?? {});
    pending.set(index, entry);
    content = true;
  }
  setFinish(reply, choice);
  addUsageAndModel(reply, chunk);
  return content;
}

/** The tool calls a stream built, moved into `reply`. */
export function finishMistralCalls(reply: GenAiReply, pending: PendingCalls): void {
  const parts: OtelPart[] = [...pending.values()].map((c) => toolCallPart(c.id, c.name, c.args === "" ? {} : c.args));
  reply.parts.push(...parts);
  pending.clear();
}
