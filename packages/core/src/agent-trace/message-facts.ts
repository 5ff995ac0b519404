/**
 * What a model event's HoneyHive fields say of tool calls, the same for a stored event and for a span read through
 * the GenAI translation (`honeyHiveMessage`): the tool calls its reply (`outputs`) asked for, and the tool messages of
 * the conversation it sent (`inputs.chat_history`).
 */
import type { RequestedToolCall, SentMessage } from "./trace-types";

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The tool calls of an OpenAI-style message (`tool_calls: [{ id, function: { name, arguments } }]`), in order. */
export function requestedToolCalls(message: unknown): RequestedToolCall[] {
  const calls = record(message)?.tool_calls;
  if (!Array.isArray(calls)) return [];
  const out: RequestedToolCall[] = [];
  for (const item of calls) {
    const call = record(item);
    const fn = record(call?.function) ?? call;
    const name = text(fn?.name);
    if (name === undefined) continue;
    const id = text(call?.id);
    out.push(id === undefined ? { name, arguments: fn?.arguments } : { id, name, arguments: fn?.arguments });
  }
  return out;
}

/** The reply's text (`content`, "" when none). */
export function replyText(message: unknown): string {
  const content = record(message)?.content;
  return typeof content === "string" ? content : "";
}

/** The messages of an OpenAI-style conversation (`chat_history`), as far as tool results go. */
export function sentMessages(history: unknown): SentMessage[] {
  if (!Array.isArray(history)) return [];
  const out: SentMessage[] = [];
  for (const item of history) {
    const m = record(item);
    const role = text(m?.role);
    if (m === undefined || role === undefined) continue;
    const message: { role: string; content: unknown; toolCallId?: string; name?: string } = { role, content: m.content };
    const id = text(m.tool_call_id);
    if (id !== undefined) message.toolCallId = id;
    const name = text(m.name);
    if (name !== undefined) message.name = name;
    out.push(message);
  }
  return out;
}
