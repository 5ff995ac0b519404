/**
 * Reads the chat messages of a model event, whichever convention stored them: HoneyHive
 * (`inputs.chat_history`, outputs `{role, content}`), OpenAI-style `messages` / `choices`, Traceloop
 * (`gen_ai.prompt.N.*`, `gen_ai.completion.N.*`), OpenInference (`llm.input_messages.N.message.*`),
 * and the GenAI semantic conventions' `gen_ai.input.messages` / `gen_ai.output.messages` JSON. Also
 * the model name and its parameters. Pure and total: unknown shapes give no messages, never an error.
 */
import { flatten } from "../shared/flatten";
import { type AttachmentPart, attachListed, isAttachmentPart, messageAttachments, nameFromEvent, storedAttachmentsIn } from "./attachment-parts";

/** A tool call made by the model. */
export interface ToolCall {
  id: string | null;
  name: string;
  arguments: string;
}

/** One message. `role` is system, user, assistant, tool, or whatever the data said. */
export interface Message {
  role: string;
  content: string;
  name: string | null;
  toolCalls: ToolCall[];
  /** For a tool result: the call it answers. */
  toolCallId: string | null;
  /** True for messages the model produced (the event's output). */
  output: boolean;
  /** Images, audio and documents among the message's parts (stored references and external image URLs). */
  attachments: AttachmentPart[];
}

/** A model call as a conversation. */
export interface Conversation {
  model: string | null;
  params: [string, string][];
  messages: Message[];
  /** Facts of the call beyond the parameters: provider, finish reason, cache and reasoning tokens, time to first token. */
  details: [string, string][];
}

/** The event fields read. */
export interface ModelEventLike {
  inputs: unknown;
  outputs: unknown;
  config: unknown;
  metadata: unknown;
}

const MAX_MESSAGES = 500;
const PARAM_NAMES = ["temperature", "max_tokens", "max_completion_tokens", "top_p", "top_k", "frequency_penalty", "presence_penalty", "seed", "stop", "stop_sequences", "response_format", "tool_choice"];

function str(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  try {
    return JSON.stringify(v, null, 2) ?? "";
  } catch {
    return String(v);
  }
}

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function own(o: Record<string, unknown> | undefined, key: string): unknown {
  return o && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function parseJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

/** Text of a content value: a string, or parts like `[{type: "text", text}]`. */
function contentText(v: unknown): string {
  if (Array.isArray(v)) {
    return v.filter((part) => !isAttachmentPart(part)).map((part) => {
      const p = rec(part);
      if (!p) return str(part);
      const text = own(p, "text") ?? own(p, "content");
      return typeof text === "string" ? text : str(part);
    }).join("\n");
  }
  return str(v);
}

function toolCallsOf(v: unknown): ToolCall[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((c) => {
    const call = rec(c);
    if (!call) return [];
    const fn = rec(own(call, "function")) ?? call;
    const name = own(fn, "name");
    return [{ id: typeof own(call, "id") === "string" ? (own(call, "id") as string) : null, name: typeof name === "string" ? name : "(unnamed tool)", arguments: str(own(fn, "arguments") ?? own(fn, "input") ?? own(fn, "args")) }];
  });
}

function stringOrNull(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

/** The text of a message given as GenAI `parts`; its tool-call parts are added to `calls`. */
function partsText(parts: unknown[], calls: ToolCall[]): string {
  const texts: string[] = [];
  for (const part of parts) {
    const p = rec(part);
    const type = own(p, "type");
    if (type === "tool_call") calls.push({ id: stringOrNull(own(p, "id")), name: str(own(p, "name")), arguments: str(own(p, "arguments")) });
    else if (type === "tool_call_response") texts.push(str(own(p, "response") ?? own(p, "result")));
    else if (!isAttachmentPart(part)) texts.push(contentText([part]));
  }
  return texts.join("\n");
}

/** A message from an OpenAI / HoneyHive-style object, or undefined when it is not one. */
function messageOf(v: unknown, output: boolean): Message | undefined {
  const m = rec(v);
  if (!m) return undefined;
  const role = own(m, "role");
  const hasContent = own(m, "content") !== undefined || own(m, "tool_calls") !== undefined || own(m, "parts") !== undefined;
  if (typeof role !== "string" || !hasContent) return undefined;
  const parts = own(m, "parts");
  const calls = toolCallsOf(own(m, "tool_calls"));
  const content = Array.isArray(parts) ? partsText(parts, calls) : contentText(own(m, "content"));
  const callId = own(m, "tool_call_id") ?? own(m, "id");
  return {
    role: role.toLowerCase(), content, name: stringOrNull(own(m, "name")), toolCalls: calls,
    toolCallId: role.toLowerCase() === "tool" ? stringOrNull(callId) : null, output,
    attachments: messageAttachments(Array.isArray(parts) ? parts : own(m, "content")),
  };
}

function list(v: unknown, output: boolean): Message[] {
  const parsed = parseJson(v);
  if (!Array.isArray(parsed)) return [];
  return parsed.slice(0, MAX_MESSAGES).flatMap((m) => messageOf(m, output) ?? []);
}

/** Messages stored as indexed flat keys: `<prefix>.<n>.<rest>`, with `<rest>` read by `field`. */
function indexed(flat: Map<string, unknown>, prefix: string, inner: string, output: boolean): Message[] {
  const byIndex = new Map<number, Record<string, unknown>>();
  const head = `${prefix}.`;
  for (const [key, value] of flat) {
    if (!key.startsWith(head)) continue;
    const rest = key.slice(head.length);
    const dot = rest.indexOf(".");
    const index = Number(rest.slice(0, dot));
    if (dot < 0 || !Number.isInteger(index) || index < 0 || index >= MAX_MESSAGES) continue;
    let field = rest.slice(dot + 1);
    if (inner !== "") {
      if (!field.startsWith(inner)) continue;
      field = field.slice(inner.length);
    }
    const entry = byIndex.get(index) ?? {};
    entry[field] = value;
    byIndex.set(index, entry);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, f]) => {
    const role = own(f, "role");
    if (typeof role !== "string") return [];
    const calls: ToolCall[] = [];
    for (let i = 0; i < 64; i++) {
      const name = own(f, `tool_calls.${i}.name`) ?? own(f, `tool_calls.${i}.tool_call.function.name`) ?? own(f, `tool_calls.${i}.function.name`);
      if (name === undefined) break;
      const args = own(f, `tool_calls.${i}.arguments`) ?? own(f, `tool_calls.${i}.tool_call.function.arguments`) ?? own(f, `tool_calls.${i}.function.arguments`);
      const id = own(f, `tool_calls.${i}.id`) ?? own(f, `tool_calls.${i}.tool_call.id`);
      calls.push({ id: typeof id === "string" ? id : null, name: str(name), arguments: str(args) });
    }
    const callId = own(f, "tool_call_id");
    return [{ role: role.toLowerCase(), content: str(own(f, "content")), name: typeof own(f, "name") === "string" ? (own(f, "name") as string) : null, toolCalls: calls, toolCallId: typeof callId === "string" ? callId : null, output, attachments: messageAttachments(parseJson(own(f, "content"))) }];
  });
}

function firstNonEmpty(...candidates: Message[][]): Message[] {
  return candidates.find((c) => c.length > 0) ?? [];
}

function outputMessages(outputs: unknown, flat: Map<string, unknown>, metadata: Record<string, unknown> | undefined): Message[] {
  const o = rec(outputs);
  const genaiOutput = list(own(metadata, "gen_ai.output.messages"), true);
  if (genaiOutput.some((m) => m.attachments.length > 0)) return genaiOutput;
  const single = messageOf(outputs, true);
  const choices = Array.isArray(own(o, "choices")) ? (own(o, "choices") as unknown[]).flatMap((c) => messageOf(own(rec(c), "message"), true) ?? []) : [];
  return firstNonEmpty(
    single ? [single] : [], choices, list(own(o, "messages"), true),
    genaiOutput,
    indexed(flat, "gen_ai.completion", "", true), indexed(flat, "llm.output_messages", "message.", true),
  );
}

function params(config: Record<string, unknown> | undefined, flat: Map<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  const seen = new Set<string>();
  const add = (name: string, value: unknown) => {
    if (value === undefined || value === null || seen.has(name)) return;
    seen.add(name);
    out.push([name, typeof value === "string" ? value : JSON.stringify(value)]);
  };
  for (const name of PARAM_NAMES) add(name, own(config, name) ?? flat.get(`gen_ai.request.${name}`) ?? flat.get(`llm.request.${name}`));
  const invocation = rec(parseJson(flat.get("llm.invocation_parameters")));
  for (const [name, value] of Object.entries(invocation ?? {})) if (name !== "model") add(name, value);
  return out;
}

const DETAIL_COUNTS: readonly [string, string][] = [
  ["cache_read_input_tokens", "cache read"], ["cache_write_input_tokens", "cache write"], ["reasoning_tokens", "reasoning"],
  ["input_audio_tokens", "audio in"], ["input_image_tokens", "image in"], ["output_audio_tokens", "audio out"], ["output_image_tokens", "image out"],
];

/** Provider, finish reason, cache, reasoning and per-modality tokens, streaming and time to first token (the canonical model event's fields). */
function details(config: Record<string, unknown> | undefined, outputs: unknown, metadata: Record<string, unknown> | undefined): [string, string][] {
  const out: [string, string][] = [];
  const provider = own(config, "provider");
  if (typeof provider === "string") out.push(["provider", provider]);
  const finish = own(rec(outputs), "finish_reason");
  if (typeof finish === "string" && finish !== "") out.push(["finish", finish]);
  for (const [key, label] of DETAIL_COUNTS) {
    const n = own(metadata, key);
    if (typeof n === "number" && Number.isFinite(n)) out.push([label, String(n)]);
  }
  const ttft = own(metadata, "time_to_first_token");
  if (own(metadata, "streamed") === true) out.push(["streamed", typeof ttft === "number" && Number.isFinite(ttft) ? `first token ${Math.round(ttft)} ms` : "yes"]);
  return out;
}

/** The conversation of a model event, or null when it holds no recognizable messages. */
export function readConversation(event: ModelEventLike): Conversation | null {
  const inputs = rec(event.inputs);
  const metadata = rec(event.metadata);
  const config = rec(event.config);
  const flat = flatten(event.metadata ?? {}, 5000);
  const genaiInput = list(own(metadata, "gen_ai.input.messages"), false);
  // the GenAI messages keep attachments as reference parts where chat_history has only their placeholder text
  const input = genaiInput.some((m) => m.attachments.length > 0) ? genaiInput : firstNonEmpty(
    list(own(inputs, "chat_history"), false), list(own(inputs, "messages"), false), genaiInput,
    indexed(flat, "gen_ai.prompt", "", false), indexed(flat, "llm.input_messages", "message.", false),
  );
  const messages = [...input, ...outputMessages(event.outputs, flat, metadata)];
  if (messages.length === 0) return null;
  attachListed(messages, storedAttachmentsIn(own(metadata, "honeyhive_attachments")));
  nameFromEvent(messages, storedAttachmentsIn([event.inputs, event.outputs, event.metadata]));
  const model = [own(config, "model"), flat.get("gen_ai.response.model"), flat.get("gen_ai.request.model"), flat.get("llm.model_name"), flat.get("llm.request.model")].find((m) => typeof m === "string");
  return {
    model: (model as string | undefined) ?? null, params: params(config, flat), messages: messages.slice(0, MAX_MESSAGES * 2),
    details: details(config, event.outputs, metadata),
  };
}
