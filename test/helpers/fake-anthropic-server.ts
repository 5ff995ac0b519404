/**
 * A loopback Anthropic-compatible server for integration tests: a real `node:http` server on 127.0.0.1
 * (port 0) that the real `@anthropic-ai/sdk` client talks to; every request is kept in `requests`.
 *
 * - `POST /v1/messages`: answers `echo: <last user message>` (the same text as the fake OpenAI server), as a
 *   Message JSON, or with `stream: true` as the Messages SSE event sequence (message_start, one
 *   content_block_delta per word, message_delta with the output usage, message_stop).
 * - a request offering `tools`: one `tool_use` of the first tool until a `tool_result` follows (fake-anthropic-tools.ts).
 * - anything else: 404 with an Anthropic-style error body.
 *
 * Usage is counted in words: input = words of the last user message, output = words of the answer.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { listenOnLoopback } from "./loopback-server";
import { fakeAnswer } from "./fake-openai-server";
import { readBody } from "./read-body";
import { anthropicToolUse, lastUserText, streamToolUse, toolUseMessage } from "./fake-anthropic-tools";

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

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

function streamMessage(res: ServerResponse, id: string, model: string, prompt: string, answer: string): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (event: string, data: Record<string, unknown>): void => {
    res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
  };
  send("message_start", {
    message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: words(prompt), output_tokens: 1 } },
  });
  send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
  answer.split(" ").forEach((word, i) => send("content_block_delta", { index: 0, delta: { type: "text_delta", text: i === 0 ? word : ` ${word}` } }));
  send("content_block_stop", { index: 0 });
  send("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: words(answer) } });
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
    const prompt = lastUserText(body);
    const answer = fakeAnswer(prompt);
    const id = `msg_${++counter}`;
    const model = body.model ?? "claude-test";
    await new Promise((resolve) => setTimeout(resolve, counter % 3));
    const toolUse = anthropicToolUse(body, prompt, counter);
    if (toolUse !== undefined && body.stream === true) return streamToolUse(res, id, model, toolUse, words(prompt));
    if (toolUse !== undefined) return sendJson(res, 200, toolUseMessage(id, model, toolUse, words(prompt)));
    if (body.stream === true) return streamMessage(res, id, model, prompt, answer);
    sendJson(res, 200, {
      id, type: "message", role: "assistant", model, content: [{ type: "text", text: answer }], stop_reason: "end_turn", stop_sequence: null,
      usage: { input_tokens: words(prompt), output_tokens: words(answer) },
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
