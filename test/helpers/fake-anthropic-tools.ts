/**
 * Tool use for the loopback Anthropic fake (fake-anthropic-server.ts), as pure functions of the request plus the
 * answer writers: a request that offers `tools`, whose conversation has no `tool_result` after its last user text, gets
 * one `tool_use` block calling the first tool (unless `tool_choice` is `none`), with input made from the tool's
 * `input_schema` and the prompt ({@link valueForSchema}) — as a Message, or streamed (`content_block_start` with the
 * tool_use, its input as `input_json_delta` pieces, `stop_reason: "tool_use"`). Anthropic sends the tool's result back
 * as a `user` message of `tool_result` blocks; the answer after it is the echo of the last user text again.
 */
import type { ServerResponse } from "node:http";
import { valueForSchema } from "./fake-llm-behaviour";

/** One tool call the fake model makes. */
export interface FakeToolUse {
  id: string;
  name: string;
  input: unknown;
}

interface AnthropicMessage {
  role?: string;
  content?: unknown;
}

function blocks(message: AnthropicMessage | undefined): { type?: string; text?: unknown }[] {
  return Array.isArray(message?.content) ? (message.content as { type?: string; text?: unknown }[]) : [];
}

function textOf(message: AnthropicMessage): string {
  if (typeof message.content === "string") return message.content;
  return blocks(message).map((b) => (b?.type === "text" && typeof b.text === "string" ? b.text : "")).join("");
}

/** The last user message that has text (a message of only `tool_result` blocks is the tool's answer, not a prompt). */
export function lastUserText(body: { messages?: AnthropicMessage[] } | undefined): string {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message?.role === "user" && (typeof message.content === "string" || blocks(message).some((b) => b?.type === "text"))) return textOf(message);
  }
  return "";
}

/** The tool call the fake makes for an Anthropic Messages request, or undefined when it answers in text. */
export function anthropicToolUse(body: any, prompt: string, callNumber: number): FakeToolUse | undefined {
  const tools: any[] = Array.isArray(body?.tools) ? body.tools : [];
  if (tools.length === 0 || body?.tool_choice?.type === "none") return undefined;
  const messages: AnthropicMessage[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = messages.at(-1);
  if (last?.role === "user" && blocks(last).some((b) => b?.type === "tool_result")) return undefined;
  const tool = tools[0];
  const schema = tool?.input_schema ?? { type: "object", properties: { input: { type: "string" } } };
  return { id: `toolu_${callNumber}`, name: typeof tool?.name === "string" ? tool.name : "tool", input: valueForSchema(schema, prompt) };
}

/** The Message of a tool call (`stop_reason: "tool_use"`); usage in words of the prompt and of the input's JSON. */
export function toolUseMessage(id: string, model: string, call: FakeToolUse, inputTokens: number): Record<string, unknown> {
  return {
    id, type: "message", role: "assistant", model, content: [{ type: "tool_use", id: call.id, name: call.name, input: call.input }],
    stop_reason: "tool_use", stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: JSON.stringify(call.input).length },
  };
}

/** Streams a tool call as the Messages API does: the tool_use block, its input JSON in two `input_json_delta` pieces. */
export function streamToolUse(res: ServerResponse, id: string, model: string, call: FakeToolUse, inputTokens: number): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (event: string, data: Record<string, unknown>): void => void res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
  const json = JSON.stringify(call.input);
  const half = Math.floor(json.length / 2);
  send("message_start", { message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } } });
  send("content_block_start", { index: 0, content_block: { type: "tool_use", id: call.id, name: call.name, input: {} } });
  for (const piece of [json.slice(0, half), json.slice(half)]) send("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json: piece } });
  send("content_block_stop", { index: 0 });
  send("message_delta", { delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: json.length } });
  send("message_stop", {});
  res.end();
}
