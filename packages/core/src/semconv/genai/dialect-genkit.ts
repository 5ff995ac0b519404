/**
 * Genkit's own telemetry: every action runs in a span named after it, with `genkit:type` (`action`),
 * `genkit:metadata:subtype` (`model`, `tool`, `util`, `flow`, …), `genkit:name`, and the action's input and output as
 * JSON (`genkit:input`, `genkit:output`). A model action's name is `<plugin>/<model>` (`googleai/gemini-2.5-flash`,
 * `openai/gpt-4o-mini`): the plugin names the provider. Its input is Genkit's model request (`messages` with `content`
 * parts: `text`, `media`, `toolRequest`, `toolResponse`; `config`), its output Genkit's model response (`message`,
 * `finishReason`, `usage` with `inputTokens`, `outputTokens`, `cachedContentTokens`, `thoughtsTokens`). Genkit records
 * no time to first chunk; the SDK's Genkit setup adds `gen_ai.response.time_to_first_chunk` to a streamed model
 * action's span. Other actions (tools, flows, `generate`) have their input and output as step values. Pure.
 */
import type { DialectReading, DialectTable, GenAiMessage, GenAiSpanLike, GenAiToolCall } from "./canonical-event";
import { timeToFirstChunkMs } from "./dialect-otel-genai";
import { asText, count, json, own, record, text } from "./read-values";
import { pickRequestParameters } from "./request-parameters";
import { jsonTextSide } from "./step-values";

/** Genkit's span attribute keys. */
export const GENKIT_TYPE = "genkit:type";
export const GENKIT_SUBTYPE = "genkit:metadata:subtype";
const NAME = "genkit:name";
const INPUT = "genkit:input";
const OUTPUT = "genkit:output";

/** True for a span of Genkit's telemetry. */
export function isGenkitSpan(attributes: Readonly<Record<string, unknown>>): boolean {
  return typeof own(attributes, GENKIT_TYPE) === "string";
}

/** True for the span of a Genkit model action (one LLM call). */
export function isGenkitModelSpan(attributes: Readonly<Record<string, unknown>>): boolean {
  return isGenkitSpan(attributes) && own(attributes, GENKIT_SUBTYPE) === "model";
}

const ROLES: Readonly<Record<string, string>> = { model: "assistant", user: "user", system: "system", tool: "tool" };

/** The text, tool requests and tool responses of a Genkit message's parts. */
interface SortedParts {
  texts: string[];
  calls: GenAiToolCall[];
  responses: GenAiMessage[];
}

function sortPart(raw: unknown, into: SortedParts): void {
  const part = record(raw) ?? {};
  const request = record(own(part, "toolRequest"));
  const response = record(own(part, "toolResponse"));
  if (typeof part.text === "string") into.texts.push(part.text);
  else if (request) into.calls.push({ id: text(own(request, "ref")) ?? null, name: text(own(request, "name")) ?? "tool", arguments: asText(own(request, "input") ?? {}) });
  else if (response) into.responses.push({ role: "tool", content: asText(own(response, "output")), tool_call_id: text(own(response, "ref")) ?? "", name: text(own(response, "name")) ?? "tool" });
}

/** One Genkit message (`{ role, content: Part[] }`) as canonical messages (each tool response its own `tool` message). */
function messagesOf(value: unknown): GenAiMessage[] {
  const m = record(value);
  if (!m) return [];
  const named = text(own(m, "role"));
  const role = ROLES[named ?? ""] ?? named ?? "user";
  const sorted: SortedParts = { texts: [], calls: [], responses: [] };
  for (const raw of Array.isArray(own(m, "content")) ? (own(m, "content") as unknown[]) : []) sortPart(raw, sorted);
  const { texts, calls, responses } = sorted;
  if (responses.length > 0 && texts.length === 0 && calls.length === 0) return responses;
  const message: GenAiMessage = { role, content: texts.join("\n") };
  if (calls.length > 0) message.tool_calls = calls;
  return [message, ...responses];
}

/** The model's reply: `message` (Genkit 1.x), else the first candidate's (0.x). */
function replyOf(output: Record<string, unknown>): GenAiMessage | null {
  const candidate = record(Array.isArray(output.candidates) ? output.candidates[0] : undefined);
  const message = own(output, "message") ?? own(candidate, "message");
  const [reply] = messagesOf(message);
  return reply ? { ...reply, role: "assistant" } : null;
}

/** `<plugin>/<model>`: the plugin (the provider) and the model. */
function modelName(name: string | undefined): { provider: string | null; model: string | null } {
  if (name === undefined) return { provider: null, model: null };
  const slash = name.indexOf("/");
  return slash > 0 ? { provider: name.slice(0, slash), model: name.slice(slash + 1) } : { provider: null, model: name };
}

function tokens(usage: Record<string, unknown> | undefined): DialectReading["tokens"] {
  const input = count(own(usage, "inputTokens"));
  const output = count(own(usage, "outputTokens"));
  const thoughts = count(own(usage, "thoughtsTokens"));
  return {
    input: input ?? null,
    // Gemini's thoughts are billed as output: the canonical output count includes reasoning
    output: output === undefined ? null : output + (thoughts ?? 0),
    total: count(own(usage, "totalTokens")) ?? null,
    cache_read: count(own(usage, "cachedContentTokens")) ?? null,
    reasoning: thoughts ?? null,
  };
}

/** The Genkit table. */
export const genkit: DialectTable = {
  name: "genkit",
  detect: (span: GenAiSpanLike) => isGenkitModelSpan(span.attributes),
  read(span: GenAiSpanLike): DialectReading {
    const a = span.attributes;
    const input = record(json(own(a, INPUT))) ?? {};
    const output = record(json(own(a, OUTPUT))) ?? {};
    const { provider, model } = modelName(text(own(a, NAME)));
    const messages = span.withoutInputMessages === true || !Array.isArray(input.messages) ? [] : input.messages.flatMap(messagesOf);
    const ttft = timeToFirstChunkMs(a);
    return {
      model: text(own(record(own(output, "custom")), "modelVersion")) ?? model,
      request_model: model,
      provider,
      operation: "chat",
      request: pickRequestParameters(record(input.config) ?? {}),
      messages,
      output: replyOf(output),
      finish_reason: text(own(output, "finishReason")) ?? null,
      tokens: tokens(record(own(output, "usage"))),
      streamed: ttft !== null,
      time_to_first_token_ms: ttft,
    };
  },
  readStepIo(span: GenAiSpanLike) {
    const a = span.attributes;
    if (!isGenkitSpan(a) || isGenkitModelSpan(a)) return {};
    return { inputs: jsonTextSide(a, INPUT), outputs: jsonTextSide(a, OUTPUT) };
  },
};
