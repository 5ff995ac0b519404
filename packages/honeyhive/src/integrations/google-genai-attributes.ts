/**
 * `@google/genai` requests and responses as OpenTelemetry GenAI attributes (semantic conventions v1.37+, the dialect
 * `semconv/genai/dialect-otel-genai.ts` reads): `gen_ai.input.messages` / `gen_ai.output.messages` /
 * `gen_ai.system_instructions` as JSON parts (`inlineData` as `blob` parts, `fileData` as `uri` parts), request parameters, `gen_ai.usage.*` from `usageMetadata`, finish
 * reasons, response model and id. Pure functions over plain values; unknown shapes read as nothing.
 */
import type { Attributes } from "@opentelemetry/api";
import { modalityOf } from "@honeyhive/core/attachments/sniff-mime";
import { googleModalityTokens, modalityTokenAttributes } from "@honeyhive/core/semconv/genai/modality-tokens";

type Part = Record<string, unknown>;
type OtelPart = Record<string, unknown>;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** One Gemini part (`{text}`, `{functionCall}`, `{functionResponse}`, a thought) as an OTel GenAI part. */
function otelPart(part: unknown): OtelPart | undefined {
  if (typeof part === "string") return { type: "text", content: part };
  const p = record(part);
  if (!p) return undefined;
  if (typeof p.text === "string") return { type: p.thought === true ? "reasoning" : "text", content: p.text };
  const call = record(p.functionCall);
  if (call) return { type: "tool_call", id: call.id ?? null, name: call.name, arguments: call.args ?? {} };
  const response = record(p.functionResponse);
  if (response) return { type: "tool_call_response", id: response.id ?? null, response: response.response ?? null };
  return mediaPart(p);
}

/**
 * An `inlineData` part as a GenAI `blob` part (the attachment stage then stores its bytes and leaves a reference that
 * keeps its `displayName` as the file's name), a `fileData` part as a GenAI `uri` part; undefined for anything else.
 */
/** `{name}` of an `inlineData` part's `displayName`, or nothing. */
function displayName(inline: Record<string, unknown>): { name?: string } {
  const name = inline.displayName ?? inline.display_name;
  return typeof name === "string" && name !== "" ? { name } : {};
}

function mediaPart(p: Part): OtelPart | undefined {
  const inline = record(p.inlineData ?? p.inline_data);
  const file = record(p.fileData ?? p.file_data);
  const source = inline ?? file;
  if (!source) return undefined;
  const mime = source.mimeType ?? source.mime_type;
  const typed = typeof mime === "string" ? { mime_type: mime, modality: modalityOf(mime) } : {};
  if (inline && typeof inline.data === "string") return { type: "blob", ...typed, content: inline.data, ...displayName(inline) };
  const uri = file?.fileUri ?? file?.file_uri;
  return typeof uri === "string" ? { type: "uri", ...typed, uri } : undefined;
}

function otelParts(parts: unknown): OtelPart[] {
  const list: unknown[] = Array.isArray(parts) ? parts : [parts];
  return list.flatMap((p): OtelPart[] => {
    const part = otelPart(p);
    return part ? [part] : [];
  });
}

function roleOf(content: Record<string, unknown>): string {
  const parts = Array.isArray(content.parts) ? (content.parts as Part[]) : [];
  if (content.role === "model") return "assistant";
  if (parts.length > 0 && parts.every((p) => record(p)?.functionResponse !== undefined)) return "tool";
  return typeof content.role === "string" ? content.role : "user";
}

function isContent(value: unknown): value is Record<string, unknown> {
  const r = record(value);
  return r !== undefined && (Array.isArray(r.parts) || typeof r.role === "string");
}

/** `contents` (a string, a Content, Contents, or parts) as OTel GenAI input messages. */
export function inputMessages(contents: unknown): Record<string, unknown>[] {
  const list = Array.isArray(contents) ? contents : [contents];
  if (list.length > 0 && list.every(isContent)) return list.map((c) => ({ role: roleOf(c), parts: otelParts(c.parts) }));
  const parts = otelParts(list);
  return parts.length > 0 ? [{ role: "user", parts }] : [];
}

const REQUEST_PARAMETERS: readonly (readonly [string, string])[] = [
  ["temperature", "gen_ai.request.temperature"], ["maxOutputTokens", "gen_ai.request.max_tokens"], ["topP", "gen_ai.request.top_p"],
  ["topK", "gen_ai.request.top_k"], ["stopSequences", "gen_ai.request.stop_sequences"], ["seed", "gen_ai.request.seed"],
  ["presencePenalty", "gen_ai.request.presence_penalty"], ["frequencyPenalty", "gen_ai.request.frequency_penalty"],
  ["candidateCount", "gen_ai.request.choice.count"],
];

/** The model id without the `models/` prefix the Gemini API also accepts. */
export function modelId(model: unknown): string | undefined {
  return typeof model === "string" ? model.replace(/^models\//, "") : undefined;
}

/** Attributes known when the call starts: operation, provider, model, request parameters, input messages. */
export function requestAttributes(params: unknown, provider: string): Attributes {
  const p = record(params) ?? {};
  const config = record(p.config) ?? {};
  const attributes: Attributes = { "gen_ai.operation.name": "generate_content", "gen_ai.provider.name": provider };
  const model = modelId(p.model);
  if (model !== undefined) attributes["gen_ai.request.model"] = model;
  for (const [option, key] of REQUEST_PARAMETERS) {
    const value = config[option];
    if (typeof value === "number" || (Array.isArray(value) && value.every((v) => typeof v === "string"))) attributes[key] = value as number | string[];
  }
  const system = config.systemInstruction;
  if (system !== undefined) attributes["gen_ai.system_instructions"] = JSON.stringify(otelParts(isContent(system) ? system.parts : system));
  attributes["gen_ai.input.messages"] = JSON.stringify(inputMessages(p.contents));
  return attributes;
}

/** What a response (or a stream's chunks, accumulated) said. */
export interface GenAiResponseSummary {
  parts: OtelPart[];
  finishReason?: string;
  model?: string;
  id?: string;
  usage?: Record<string, unknown>;
}

/** Adds one response or stream chunk to `summary` (text parts of a stream are joined, usage is the latest seen). */
export function addResponse(summary: GenAiResponseSummary, response: unknown): void {
  const r = record(response) ?? {};
  const candidate = record(Array.isArray(r.candidates) ? r.candidates[0] : undefined);
  for (const part of otelParts(record(candidate?.content)?.parts ?? [])) {
    const last = summary.parts[summary.parts.length - 1];
    if (part.type === "text" && last?.type === "text") last.content = `${String(last.content)}${String(part.content)}`;
    else summary.parts.push(part);
  }
  if (typeof candidate?.finishReason === "string") summary.finishReason = candidate.finishReason.toLowerCase();
  if (typeof r.modelVersion === "string") summary.model = r.modelVersion;
  if (typeof r.responseId === "string") summary.id = r.responseId;
  const usage = record(r.usageMetadata);
  if (usage) summary.usage = usage;
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Attributes of the response: output message, finish reason, response model and id, token usage. */
export function responseAttributes(summary: GenAiResponseSummary): Attributes {
  const attributes: Attributes = {};
  const output: Record<string, unknown> = { role: "assistant", parts: summary.parts };
  if (summary.finishReason !== undefined) {
    output.finish_reason = summary.finishReason;
    attributes["gen_ai.response.finish_reasons"] = [summary.finishReason];
  }
  attributes["gen_ai.output.messages"] = JSON.stringify([output]);
  if (summary.model !== undefined) attributes["gen_ai.response.model"] = summary.model;
  if (summary.id !== undefined) attributes["gen_ai.response.id"] = summary.id;
  const usage = summary.usage ?? {};
  const input = count(usage.promptTokenCount);
  const thoughts = count(usage.thoughtsTokenCount);
  const candidates = count(usage.candidatesTokenCount);
  const cached = count(usage.cachedContentTokenCount);
  if (input !== undefined) attributes["gen_ai.usage.input_tokens"] = input;
  if (candidates !== undefined || thoughts !== undefined) attributes["gen_ai.usage.output_tokens"] = (candidates ?? 0) + (thoughts ?? 0);
  if (cached !== undefined) attributes["gen_ai.usage.cache_read.input_tokens"] = cached;
  if (thoughts !== undefined) attributes["gen_ai.usage.reasoning.output_tokens"] = thoughts;
  Object.assign(attributes, modalityTokenAttributes(googleModalityTokens(usage.promptTokensDetails, usage.candidatesTokensDetails)));
  return attributes;
}
