/**
 * Values of tool, chain and agent spans read into event fields (inputs / outputs), the same way for every dialect:
 * JSON text is parsed (a JSON object inside a string too: OpenLLMetry quotes tool arguments twice), LangChain's
 * serialized objects (`{lc: 1, type: "constructor", id: [..., "ToolMessage"], kwargs}`) become plain messages
 * (`{role, content, tool_call_id?, name?}`) or their constructor arguments, and the result follows the one
 * event-field rule (semconv/event-record.ts: an object as it is, anything else as `{ value }`).
 */
import { asEventRecord } from "../event-record";
import type { GenAiMessage, StepIoSide } from "./canonical-event";
import { honeyHiveMessage } from "./honeyhive-fields";
import { json, own, record, text } from "./read-values";

const MAX_DEPTH = 8;
const LANGCHAIN_ROLES: Readonly<Record<string, string>> = {
  HumanMessage: "user", AIMessage: "assistant", SystemMessage: "system", ToolMessage: "tool", FunctionMessage: "function", ChatMessage: "user",
};

/** A string holding a JSON object or array, parsed; any other value as it is. */
function parsedText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  if (!(trimmed.startsWith("{") && trimmed.endsWith("}")) && !(trimmed.startsWith("[") && trimmed.endsWith("]"))) return value;
  const parsed = json(trimmed);
  return parsed === undefined ? value : parsed;
}

/** What a decoding noticed: whether it left something of the raw value out (a LangChain object's class, extra fields). */
interface Decoding {
  lossy: boolean;
}

/** A LangChain object in its serialized form (`{lc: 1, type: "constructor", id: [..., kind], kwargs}`), or undefined. */
export function langChainSerialized(value: unknown): { kind: string; kwargs: Record<string, unknown> } | undefined {
  const r = record(value);
  const kwargs = record(own(r, "kwargs"));
  const id = own(r, "id");
  if (own(r, "lc") !== 1 || own(r, "type") !== "constructor" || !kwargs || !Array.isArray(id)) return undefined;
  return { kind: text(id[id.length - 1]) ?? "", kwargs };
}

/** Whether a serialized LangChain object's class is a message (`AIMessage`, `AIMessageChunk`, `ToolMessage`, …). */
export function isLangChainMessageKind(kind: string): boolean {
  return /Message(Chunk)?$/.test(kind);
}

/** The role of a LangChain message of class `kind` (a `ChatMessage` names its own). */
export function langChainRole(kind: string, kwargs: Record<string, unknown>): string {
  return text(own(kwargs, "role")) ?? LANGCHAIN_ROLES[kind.replace(/Chunk$/, "")] ?? "user";
}

function langchainMessage(kind: string, kwargs: Record<string, unknown>, d: Decoding): Record<string, unknown> {
  const role = langChainRole(kind, kwargs);
  const content = own(kwargs, "content");
  const out: Record<string, unknown> = { role, content: typeof content === "string" ? content : decodeValue(content, 1, d) };
  for (const key of ["tool_calls", "tool_call_id", "name"]) {
    const value = own(kwargs, key);
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) out[key] = decodeValue(value, 1, d);
  }
  return out;
}

/** LangChain's serialized form decoded; other values walked (bounded) so nested serialized objects decode too. */
function decodeValue(value: unknown, depth: number, d: Decoding): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => decodeValue(item, depth + 1, d));
  const r = record(value);
  if (!r) return value;
  const serialized = langChainSerialized(r);
  if (serialized) {
    d.lossy = true;
    const { kind, kwargs } = serialized;
    return isLangChainMessageKind(kind) ? langchainMessage(kind, kwargs, d) : decodeValue(kwargs, depth + 1, d);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(r)) out[key] = decodeValue(r[key], depth + 1, d);
  return out;
}

/**
 * A raw attribute value (JSON text, plain text, a number) decoded as described above; `lossy` when it left something
 * out. `read` reads text first: as JSON when it looks like an object or array (the default), or whatever its value.
 */
export function decodedValue(raw: unknown, read: (value: unknown) => unknown = parsedText): { value: unknown; lossy: boolean } {
  const d: Decoding = { lossy: false };
  const value = decodeValue(read(raw), 0, d);
  return { value, lossy: d.lossy };
}

/** Text that is JSON, parsed whatever the value (a string, a number, an object); text that is not JSON as it is. */
function parsedJson(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  const parsed = json(raw);
  return parsed === undefined ? raw : parsed;
}

/**
 * One side read from attribute `key` (its value decoded), or undefined when the attribute is absent or empty. The raw
 * attribute (and `alsoConsumed`) is consumed unless the decoding left something out, which then stays in metadata.
 */
export function valueSide(attributes: Readonly<Record<string, unknown>>, key: string, alsoConsumed: readonly string[] = []): StepIoSide | undefined {
  return sideAt(attributes, key, parsedText, alsoConsumed);
}

/** {@link valueSide}, its text read by `read` (see {@link decodedValue}). */
function sideAt(attributes: Readonly<Record<string, unknown>>, key: string, read: (value: unknown) => unknown, alsoConsumed: readonly string[]): StepIoSide | undefined {
  const raw = own(attributes, key);
  if (raw === undefined || raw === null || raw === "") return undefined;
  return sideOf(decodedValue(raw, read), [key, ...alsoConsumed.filter((k) => own(attributes, k) !== undefined)]);
}

/**
 * One side read from attribute `key` whose value is always JSON text of the value (the AI SDK's tool arguments and
 * results: `JSON.stringify(value)`; OTel GenAI's `gen_ai.tool.call.arguments` / `.result`, recorded as JSON when
 * the value is structured): the value itself, so a tool that returned `"Sunny"` has `{ value: "Sunny" }`, not the
 * quoted text, and one that returned an object has the object. Text that is not valid JSON is kept as it is.
 */
export function jsonTextSide(attributes: Readonly<Record<string, unknown>>, key: string): StepIoSide | undefined {
  return sideAt(attributes, key, parsedJson, []);
}

/** A decoded value as a side, consuming `keys` only when the decoding kept everything. */
export function sideOf(decoded: { value: unknown; lossy: boolean }, keys: string[]): StepIoSide | undefined {
  const field = asEventRecord(decoded.value);
  return field ? { field, consumed: decoded.lossy ? [] : keys } : undefined;
}

/** A conversation as an inputs side (`{ chat_history }`); the raw attributes stay (messages may hold more). */
export function messagesSide(messages: readonly GenAiMessage[]): StepIoSide | undefined {
  return messages.length > 0 ? { field: { chat_history: messages.map(honeyHiveMessage) }, consumed: [] } : undefined;
}

/** A reply as an outputs side (`{ role, content, tool_calls? }`); `consumed`: raw keys wholly in it (plain text). */
export function messageSide(message: GenAiMessage | null | undefined, consumed: string[] = []): StepIoSide | undefined {
  return message ? { field: honeyHiveMessage(message), consumed } : undefined;
}
