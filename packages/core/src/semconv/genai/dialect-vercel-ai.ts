/**
 * The Vercel AI SDK's own telemetry (`experimental_telemetry`, `ai` v4–v6): `ai.operationId`, `ai.model.{id,provider}`,
 * `ai.prompt.messages` (JSON, content parts) or `ai.prompt` (JSON `{system, prompt, messages}`), `ai.response.text`
 * (or, for `generateObject` / `streamObject`, `ai.response.object`: the object's JSON text is the reply),
 * `ai.response.toolCalls` (JSON `[{toolCallId, toolName, input | args}]`), `ai.response.finishReason`,
 * `ai.usage.{inputTokens,outputTokens,totalTokens}` (v5+) or `{promptTokens,completionTokens}` (v4), cache and
 * reasoning details (`ai.usage.inputTokenDetails.*`, `ai.usage.cachedInputTokens`, `ai.usage.reasoningTokens`),
 * `ai.settings.*`, and for streams `ai.response.msToFirstChunk` (v5+; v4 `ai.stream.msToFirstChunk`, also the
 * `ai.stream.firstChunk` event). Input token counts include cached tokens. Tool spans (`ai.toolCall`):
 * `ai.toolCall.args` / `ai.toolCall.result` (`JSON.stringify` of the value: parsed, so a string result is the string);
 * the outer call spans (`ai.generateText`, `ai.streamText`, …):
 * `ai.prompt` and `ai.response.text` / `ai.response.toolCalls`.
 */
import type { DialectReading, DialectTable, GenAiMessage, GenAiSpanLike } from "./canonical-event";
import { readMessages } from "./messages";
import { asText, count, firstCount, firstText, json, own, record, text, tokenCounts } from "./read-values";
import { pickRequestParameters } from "./request-parameters";
import { VERCEL_AI_TOKEN_KEYS } from "./token-keys";
import { jsonTextSide, messageSide, messagesSide } from "./step-values";

const TOKENS = VERCEL_AI_TOKEN_KEYS;

function prompt(a: Readonly<Record<string, unknown>>): GenAiMessage[] {
  const messages = readMessages(own(a, "ai.prompt.messages"));
  if (messages !== undefined) return messages;
  const p = record(json(own(a, "ai.prompt")));
  if (!p) return [];
  const out: GenAiMessage[] = [];
  const system = text(own(p, "system"));
  if (system !== undefined) out.push({ role: "system", content: system });
  out.push(...(readMessages(own(p, "messages")) ?? []));
  const single = text(own(p, "prompt"));
  if (single !== undefined) out.push({ role: "user", content: single });
  return out;
}

function output(a: Readonly<Record<string, unknown>>): GenAiMessage | null {
  // generateObject / streamObject answer with an object: its JSON text is the model's reply
  const content = text(own(a, "ai.response.text")) ?? text(own(a, "ai.response.object")) ?? "";
  const raw = json(own(a, "ai.response.toolCalls"));
  const calls = Array.isArray(raw)
    ? raw.flatMap((c) => {
        const call = record(c);
        const name = text(own(call, "toolName"));
        return call && name !== undefined ? [{ id: text(own(call, "toolCallId")) ?? null, name, arguments: asText(own(call, "input") ?? own(call, "args")) }] : [];
      })
    : [];
  if (content === "" && calls.length === 0) return null;
  return { role: "assistant", content, ...(calls.length > 0 ? { tool_calls: calls } : {}) };
}

function firstChunkMs(span: GenAiSpanLike): number | undefined {
  const direct = firstCount(span.attributes, ["ai.response.msToFirstChunk", "ai.stream.msToFirstChunk"]);
  if (direct !== undefined) return direct;
  const event = (span.events ?? []).find((e) => e.name === "ai.stream.firstChunk");
  return event ? count(own(event.attributes, "ai.response.msToFirstChunk") ?? own(event.attributes, "ai.stream.msToFirstChunk")) : undefined;
}

function operation(operationId: string | undefined): string | null {
  if (operationId === undefined) return null;
  if (/\.doEmbed$/.test(operationId) || /^ai\.embed/.test(operationId)) return "embeddings";
  return "chat";
}

/** The Vercel AI SDK table. */
export const vercelAi: DialectTable = {
  name: "vercel-ai",
  detect: (span: GenAiSpanLike) => own(span.attributes, "ai.operationId") !== undefined || own(span.attributes, "ai.model.id") !== undefined,
  read(span: GenAiSpanLike): DialectReading {
    const a = span.attributes;
    const operationId = text(own(a, "ai.operationId"));
    const ttft = firstChunkMs(span);
    return {
      model: firstText(a, ["ai.response.model", "ai.model.id"]) ?? null,
      request_model: firstText(a, ["ai.model.id"]) ?? null,
      provider: firstText(a, ["ai.model.provider"]) ?? null,
      operation: operation(operationId),
      request: pickRequestParameters(a, "ai.settings."),
      messages: span.withoutInputMessages === true ? [] : prompt(a),
      output: output(a),
      finish_reason: firstText(a, ["ai.response.finishReason", "ai.finishReason"]) ?? null,
      tokens: tokenCounts(a, TOKENS),
      streamed: operationId !== undefined && /stream/i.test(operationId),
      time_to_first_token_ms: ttft ?? null,
    };
  },
  readStepIo(span: GenAiSpanLike) {
    const a = span.attributes;
    if (own(a, "ai.toolCall.args") !== undefined || own(a, "ai.toolCall.result") !== undefined) {
      return { inputs: jsonTextSide(a, "ai.toolCall.args"), outputs: jsonTextSide(a, "ai.toolCall.result") };
    }
    const reply = output(a);
    const plainText = reply !== null && reply.tool_calls === undefined && own(a, "ai.response.text") !== undefined;
    return { inputs: messagesSide(prompt(a)), outputs: messageSide(reply, plainText ? ["ai.response.text"] : []) };
  },
};
