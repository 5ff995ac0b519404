/**
 * A loopback Anthropic-compatible server for integration tests: a real `node:http` server on 127.0.0.1
 * (port 0) that the real `@anthropic-ai/sdk` client talks to; every request is kept in `requests`.
 *
 * - `POST /v1/messages`: answers `echo: <last user message>` (the same text as the fake OpenAI server), as a
 *   Message JSON, or with `stream: true` as the Messages SSE event sequence (message_start, one
 *   content_block_delta per word, message_delta with the output usage, message_stop).
 *   A request offering tools gets, until a tool result follows, a reply of two content blocks: a short `text` block
 *   and a `tool_use` block calling the first tool (`messagesToolCall`), `stop_reason: "tool_use"`; streamed as
 *   `text_delta`s then an `input_json_delta`.
 * - anything else: 404 with an Anthropic-style error body.
 *
 * Usage is counted in words: input = words of the last user message, output = words of the answer.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { listenOnLoopback } from "./loopback-server";
import { fakeAnswer } from "./fake-openai-server";
import { type FakeToolCall, messagesToolCall } from "./fake-llm-behaviour";
import { readBody } from "./read-body";

/** One request the fake received. */
export interface FakeAnthropicRequest {
  method: string;
  path: string;
  body: unknown;
}

/** A running fake Anthropic server. */
export interface FakeAnthropic {
  /** Base URL without trailing slash (the client's `baseURL`), e.g. `http://127.0.0.1:51234`. */
  readonly url: string;
  /** The requests received, in arrival order. */
  readonly requests: FakeAnthropicRequest[];
  close(): Promise<void>;
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part: { text?: unknown }) => (typeof part?.text === "string" ? part.text : "")).join("");
  return "";
}

/** The text of the last `user` message that has text (a message of `tool_result` blocks is the tool's turn). */
function lastUserMessage(body: { messages?: { role?: string; content?: unknown }[] } | undefined): string {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const text = messages[i]?.role === "user" ? textOf(messages[i]!.content) : "";
    if (text !== "") return text;
  }
  return "";
}

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** The text block before a tool call (Anthropic's models usually say what they are about to do). */
export const TOOL_PREAMBLE = "Looking it up.";

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

/** The reply's content blocks: the echo, or (a tool-call turn) a short text and the tool call. */
function replyBlocks(answer: string, call: FakeToolCall | undefined): Record<string, unknown>[] {
  if (call === undefined) return [{ type: "text", text: answer }];
  return [{ type: "text", text: TOOL_PREAMBLE }, { type: "tool_use", id: call.id, name: call.name, input: JSON.parse(call.arguments) as unknown }];
}

/** Output tokens of a reply (words of its text, one per tool call). */
function outputTokens(blocks: Record<string, unknown>[]): number {
  return blocks.reduce((sum, block) => sum + (block.type === "text" ? words(String(block.text)) : 1), 0);
}

function streamMessage(res: ServerResponse, id: string, model: string, prompt: string, blocks: Record<string, unknown>[]): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (event: string, data: Record<string, unknown>): void => {
    res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
  };
  send("message_start", {
    message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: words(prompt), output_tokens: 1 } },
  });
  blocks.forEach((block, index) => {
    if (block.type === "text") {
      send("content_block_start", { index, content_block: { type: "text", text: "" } });
      String(block.text).split(" ").forEach((word, i) => send("content_block_delta", { index, delta: { type: "text_delta", text: i === 0 ? word : ` ${word}` } }));
    } else {
      send("content_block_start", { index, content_block: { ...block, input: {} } });
      send("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) } });
    }
    send("content_block_stop", { index });
  });
  const stopReason = blocks.some((block) => block.type === "tool_use") ? "tool_use" : "end_turn";
  send("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens(blocks) } });
  send("message_stop", {});
  res.end();
}

/** Starts the server on 127.0.0.1. Always `close()` it. */
export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const requests: FakeAnthropicRequest[] = [];
  let counter = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = (await readBody(req)).toString("utf8");
    const path = (req.url ?? "/").split("?")[0]!;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    requests.push({ method: req.method ?? "", path, body: parsed });
    if (req.method !== "POST" || path !== "/v1/messages" || typeof parsed !== "object" || parsed === null) {
      sendJson(res, 404, { type: "error", error: { type: "not_found_error", message: `no route ${req.method} ${path}` } });
      return;
    }
    const body = parsed as { model?: string; stream?: boolean; messages?: { role?: string; content?: unknown }[] };
    const prompt = lastUserMessage(body);
    const id = `msg_${++counter}`;
    const blocks = replyBlocks(fakeAnswer(prompt), messagesToolCall(body, prompt, counter));
    const model = body.model ?? "claude-test";
    await new Promise((resolve) => setTimeout(resolve, counter % 3));
    if (body.stream === true) return streamMessage(res, id, model, prompt, blocks);
    sendJson(res, 200, {
      id, type: "message", role: "assistant", model, content: blocks, stop_reason: blocks.length > 1 ? "tool_use" : "end_turn", stop_sequence: null,
      usage: { input_tokens: words(prompt), output_tokens: outputTokens(blocks) },
    });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { type: "error", error: { type: "api_error", message: String(error) } });
      else res.end();
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    requests,
    close: listening.close,
  };
}
