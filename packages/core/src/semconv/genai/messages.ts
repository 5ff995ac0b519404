/**
 * Messages in every shape the dialects use, read into {@link GenAiMessage}:
 * - OTel GenAI (v1.37+) `{role, parts: [{type: "text", content} | {type: "tool_call", id, name, arguments} |
 *   {type: "tool_call_response", id, response} | {type: "reasoning", content}], finish_reason?}`;
 * - OpenAI-style `{role, content: string | [{type: "text", text}], tool_calls: [{id, function: {name, arguments}}],
 *   tool_call_id}` (also OTel v1.36 event bodies and HoneyHive's own `chat_history`);
 * - the Vercel AI SDK's `{role, content: [{type: "text", text} | {type: "tool-call", toolCallId, toolName, input} |
 *   {type: "tool-result", toolCallId, output}]}`;
 * - Anthropic content blocks `{type: "text", text} | {type: "tool_use", id, name, input} | {type: "tool_result",
 *   tool_use_id, content}`;
 * - attachment references `{type: "uri", uri, mime_type, modality, size}` (images, audio, documents the SDK extracted):
 *   kept in the message's text as `[image/png 5.0 MB sha256:…]`.
 */
import type { GenAiMessage, GenAiToolCall } from "./canonical-event";
import { asText, json, own, record, text } from "./read-values";
import { ATTACHMENT_URI_PREFIX, placeholderText } from "../../attachments/reference";
import { isExternalMediaUrl } from "./message-parts";

/** Most messages read from one attribute. */
export const MAX_MESSAGES = 1000;

interface Collected {
  texts: string[];
  calls: GenAiToolCall[];
  /** Tool results: the content of a tool message; left out of an assistant's reply (an agent's transcript). */
  results: string[];
  toolCallId?: string;
}

function toolCall(id: unknown, name: unknown, args: unknown): GenAiToolCall {
  return { id: text(id) ?? null, name: text(name) ?? "(unnamed tool)", arguments: asText(args) };
}

type PartReader = (part: Record<string, unknown>, into: Collected) => void;

function toolResult(part: Record<string, unknown>, into: Collected): void {
  into.toolCallId ??= text(own(part, "id")) ?? text(own(part, "toolCallId")) ?? text(own(part, "tool_use_id"));
  into.results.push(contentText(own(part, "response") ?? own(part, "result") ?? own(part, "output") ?? own(part, "content")));
}

const skip: PartReader = () => undefined; // the model's reasoning is not its reply (its tokens are in the usage)

/** An attachment reference part (`{type: "uri", uri, mime_type, size}`): the conversation keeps it as `[image/png 5.0 MB sha256:…]`. */
const attachmentPart: PartReader = (p, into) => {
  const uri = text(own(p, "uri"));
  if (uri === undefined) return;
  const size = own(p, "size");
  into.texts.push(uri.startsWith(ATTACHMENT_URI_PREFIX) ? placeholderText({ uri, mime_type: text(own(p, "mime_type")) ?? "application/octet-stream", size: typeof size === "number" ? size : 0 }) : uri);
};

/** An OpenAI-style image part given by an external URL: the conversation keeps the URL (a data URI adds nothing). */
const imageUrlPart: PartReader = (p, into) => {
  const url = text(own(record(own(p, "image_url")), "url")) ?? text(own(p, "image_url"));
  if (url !== undefined && isExternalMediaUrl(url)) into.texts.push(url);
};

/** Readers of the typed parts, by `type`; any other part contributes its `content` or `text`. */
const PART_READERS: Readonly<Record<string, PartReader>> = {
  tool_call: (p, into) => void into.calls.push(toolCall(own(p, "id"), own(p, "name"), own(p, "arguments"))),
  "tool-call": (p, into) => void into.calls.push(toolCall(own(p, "toolCallId"), own(p, "toolName"), own(p, "input") ?? own(p, "args"))),
  tool_use: (p, into) => void into.calls.push(toolCall(own(p, "id"), own(p, "name"), own(p, "input"))),
  tool_call_response: toolResult,
  "tool-result": toolResult,
  tool_result: toolResult,
  uri: attachmentPart,
  image_url: imageUrlPart,
  reasoning: skip,
  thinking: skip,
  redacted_thinking: skip,
};

/** Reads one content part (any dialect's) into `into`. */
function collectPart(part: unknown, into: Collected): void {
  if (typeof part === "string") {
    into.texts.push(part);
    return;
  }
  const p = record(part);
  if (!p) return;
  const type = text(own(p, "type"));
  const reader = type !== undefined && Object.prototype.hasOwnProperty.call(PART_READERS, type) ? PART_READERS[type] : undefined;
  if (reader) {
    reader(p, into);
    return;
  }
  const value = own(p, "content") ?? own(p, "text");
  if (typeof value === "string") into.texts.push(value);
  else if (value !== undefined) into.texts.push(asText(value));
}

/** Text of a content value: a string, a list of parts, or a Vercel `{type: "text", value}` output. */
export function contentText(value: unknown): string {
  if (Array.isArray(value)) {
    const into: Collected = { texts: [], calls: [], results: [] };
    for (const part of value) collectPart(part, into);
    return [...into.texts, ...into.results].join("\n");
  }
  const r = record(value);
  if (r && own(r, "value") !== undefined) return asText(own(r, "value"));
  return asText(value);
}

function openAiToolCalls(value: unknown, into: Collected): void {
  if (!Array.isArray(value)) return;
  for (const item of value) {
    const call = record(item);
    if (!call) continue;
    const fn = record(own(call, "function")) ?? call;
    into.calls.push(toolCall(own(call, "id"), own(fn, "name"), own(fn, "arguments") ?? own(fn, "input")));
  }
}

/** A message's body: its OTel `parts`, else its `content` (a list of parts, or one content value). */
function collectBody(m: Record<string, unknown>, into: Collected): void {
  const parts = own(m, "parts");
  const content = own(m, "content");
  if (Array.isArray(parts)) for (const part of parts) collectPart(part, into);
  else if (Array.isArray(content)) for (const part of content) collectPart(part, into);
  else if (content !== undefined && content !== null) into.texts.push(contentText(content));
}

/** One message in any supported shape, or undefined when `value` is not a message. */
export function readMessage(value: unknown, defaultRole?: string): GenAiMessage | undefined {
  const m = record(value);
  if (!m) return undefined;
  const role = text(own(m, "role")) ?? defaultRole;
  if (role === undefined) return undefined;
  const into: Collected = { texts: [], calls: [], results: [] };
  collectBody(m, into);
  openAiToolCalls(own(m, "tool_calls"), into);
  const assistant = role.toLowerCase() === "assistant";
  const message: GenAiMessage = { role: role.toLowerCase(), content: (assistant ? into.texts : [...into.texts, ...into.results]).join("\n") };
  if (into.calls.length > 0) message.tool_calls = into.calls;
  const callId = text(own(m, "tool_call_id")) ?? (assistant ? undefined : into.toolCallId);
  if (callId !== undefined) message.tool_call_id = callId;
  const name = text(own(m, "name"));
  if (name !== undefined) message.name = name;
  return message;
}

/** A list of messages from a JSON string or array; undefined when it is not one. */
export function readMessages(value: unknown, defaultRole?: string): GenAiMessage[] | undefined {
  const list = json(value);
  if (!Array.isArray(list)) return undefined;
  return list.slice(0, MAX_MESSAGES).flatMap((item) => readMessage(item, defaultRole) ?? []);
}

/** System instructions (a string, or OTel parts `[{type: "text", content}]`) as one system message. */
export function systemMessage(value: unknown): GenAiMessage | undefined {
  const parsed = typeof value === "string" && value.trim().startsWith("[") ? json(value) ?? value : value;
  const content = contentText(parsed);
  return content === "" ? undefined : { role: "system", content };
}

/** The finish reason an OTel output message carries, if any. */
export function messageFinishReason(value: unknown): string | undefined {
  return text(own(record(value), "finish_reason"));
}
