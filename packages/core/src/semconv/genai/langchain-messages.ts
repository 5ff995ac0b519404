/**
 * LangChain's own record of a model call, read when an instrumentation flattened only part of it. OpenInference's
 * LangChain instrumentation writes a message's `content` only when it is a string: a chat model that answers in
 * content blocks (`ChatAnthropic`, `ChatBedrockConverse`, `ChatGoogleGenerativeAI`, and any model streamed with tools
 * bound) leaves `llm.output_messages.0.message.role` alone, without the text or the tool calls. The call's serialized
 * messages are still in `input.value` (`{messages: [[message, …]]}`) and `output.value` (`{generations: [[{text,
 * message}]]}`); a message's `kwargs` hold `content` (a string or blocks), `tool_calls` (`{id, name, args}`),
 * `tool_call_chunks` (a streamed reply's, `args` as JSON text) and `tool_call_id`.
 *
 * The same holds for the tool calls of a reply whose text was flattened (a streamed `ChatBedrockConverse` reply).
 *
 * The message's text comes from its content blocks (`text` blocks; `tool_use`, `functionCall`, `input_json_delta`,
 * reasoning and thinking blocks are not text), its tool calls from `tool_calls` (LangChain's parsed calls), else
 * `tool_call_chunks`, else the content's own `tool_use` blocks. A generation whose message says nothing has its
 * `text` (a generation chunk of a streamed completion model).
 */
import type { GenAiMessage, GenAiToolCall } from "./canonical-event";
import { MAX_MESSAGES, readMessage } from "./messages";
import { asText, json, own, record, text } from "./read-values";
import { isLangChainMessageKind, langChainRole, langChainSerialized } from "./step-values";

/** Whether a message read from flattened attributes carries only its role: no text, no tool calls. */
function roleOnly(message: GenAiMessage): boolean {
  return message.content.trim() === "" && (message.tool_calls?.length ?? 0) === 0;
}

/** Tool calls from LangChain's `tool_calls` (`args` an object), else its `tool_call_chunks` (`args` JSON text). */
function langChainToolCalls(kwargs: Record<string, unknown>): GenAiToolCall[] {
  for (const key of ["tool_calls", "tool_call_chunks"]) {
    const list = own(kwargs, key);
    if (!Array.isArray(list)) continue;
    const calls = list.flatMap((item): GenAiToolCall[] => {
      const name = text(own(item, "name"));
      return name === undefined ? [] : [{ id: text(own(item, "id")) ?? null, name, arguments: asText(own(item, "args")) }];
    });
    if (calls.length > 0) return calls;
  }
  return [];
}

/** A LangChain message, serialized (`{lc, type, id, kwargs}`) or as its plain fields, read into a {@link GenAiMessage}. */
export function langChainMessage(value: unknown): GenAiMessage | undefined {
  const serialized = langChainSerialized(value);
  if (serialized !== undefined && !isLangChainMessageKind(serialized.kind)) return undefined;
  const kwargs = serialized?.kwargs ?? record(value);
  if (kwargs === undefined) return undefined;
  const role = serialized === undefined ? text(own(kwargs, "role")) : langChainRole(serialized.kind, kwargs);
  const message = readMessage({ role, content: own(kwargs, "content"), tool_call_id: own(kwargs, "tool_call_id"), name: own(kwargs, "name") });
  if (message === undefined) return undefined;
  const calls = langChainToolCalls(kwargs);
  if (calls.length > 0) message.tool_calls = calls; // LangChain's parsed calls over the content's (streamed) blocks
  return message;
}

/** The reply of an LLM run's `output.value` (`{generations: [[{text, message}]]}`), or undefined when it holds none. */
export function langChainReply(outputValue: unknown): GenAiMessage | undefined {
  const generations = own(json(outputValue), "generations");
  const first = Array.isArray(generations) && Array.isArray(generations[0]) ? record(generations[0][0]) : undefined;
  if (first === undefined) return undefined;
  const message = langChainMessage(own(first, "message"));
  if (message !== undefined && !roleOnly(message)) return message;
  const generated = typeof own(first, "text") === "string" ? (own(first, "text") as string) : "";
  return generated.trim() === "" ? message : { ...(message ?? { role: "assistant" }), content: generated };
}

/** The messages of an LLM run's `input.value` (`{messages: [[message, …]]}`: the first prompt's), or undefined. */
function langChainPrompt(inputValue: unknown): GenAiMessage[] | undefined {
  const batches = own(json(inputValue), "messages");
  const list = Array.isArray(batches) && Array.isArray(batches[0]) ? (batches[0] as unknown[]) : undefined;
  return list?.slice(0, MAX_MESSAGES).map((item) => langChainMessage(item) ?? { role: "user", content: "" });
}

/** Cheap test (no parse) that a LangChain record holds a non-empty `tool_calls` or `tool_call_chunks` list. */
const HOLDS_TOOL_CALLS = /"tool_call(?:s|_chunks)":\[\{/;

/** Whether a flattened message may lack what LangChain's record has: only its role, or an assistant's tool calls. */
function lacking(message: GenAiMessage): boolean {
  return roleOnly(message) || (message.role === "assistant" && (message.tool_calls?.length ?? 0) === 0);
}

/** `flattened` completed from LangChain's record of the same message (same role): the record when only the role was flattened, else its tool calls. */
function completed(flattened: GenAiMessage, recorded: GenAiMessage | undefined): GenAiMessage {
  if (recorded === undefined || recorded.role !== flattened.role) return flattened;
  if (roleOnly(flattened)) return roleOnly(recorded) ? flattened : recorded;
  if ((flattened.tool_calls?.length ?? 0) === 0 && (recorded.tool_calls?.length ?? 0) > 0) return { ...flattened, tool_calls: recorded.tool_calls };
  return flattened;
}

/**
 * Whether a LangChain record (JSON text starting with `{"<key>"`) is worth parsing for `messages`: one of them is
 * role-only, or lacks tool calls the record holds. Cheap for every other span (a prefix test first).
 */
function worthReading(messages: readonly GenAiMessage[], value: unknown, key: string): value is string {
  if (typeof value !== "string" || !value.startsWith(`{"${key}"`) || !messages.some(lacking)) return false;
  return messages.some(roleOnly) || HOLDS_TOOL_CALLS.test(value);
}

/**
 * The reply as OpenInference flattened it, completed from the LangChain run's `output.value` when it lacks something
 * (absent, only its role, or no tool calls where the record has some). Parses `output.value` only then.
 */
export function completeReply(flattened: GenAiMessage | undefined, outputValue: unknown): GenAiMessage | null {
  if (flattened === undefined) return typeof outputValue === "string" && outputValue.startsWith("{\"generations\"") ? langChainReply(outputValue) ?? null : null;
  if (!worthReading([flattened], outputValue, "generations")) return flattened;
  return completed(flattened, langChainReply(outputValue));
}

/**
 * The prompt's messages as OpenInference flattened them, each completed from the LangChain run's `input.value` at the
 * same position (see {@link completeReply}). Parses `input.value` only when a message needs it.
 */
export function completeMessages(messages: GenAiMessage[], inputValue: unknown): GenAiMessage[] {
  if (!worthReading(messages, inputValue, "messages")) return messages;
  const recorded = langChainPrompt(inputValue);
  if (recorded === undefined || recorded.length !== messages.length) return messages;
  return messages.map((message, i) => completed(message, recorded[i]));
}
