/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies, OTLP JSON and CommonJS-loaded packages are walked untyped */
/**
 * Loopback fakes of the OpenAI chat-completions and Anthropic messages APIs for the GenAI fixture capture
 * (scripts/capture-genai-fixtures.ts). Answers are a pure function of the request, and report usage with
 * cache and reasoning token counts so every token field of the canonical event has a source.
 *
 * - OpenAI `POST /v1/chat/completions`: a tool call when the request offers tools and holds no tool result yet
 *   (finish `tool_calls`), else `echo: <last user text>`; streamed as SSE chunks when `stream` is true, with a usage chunk when
 *   `stream_options.include_usage` is set.
 * - Anthropic `POST /v1/messages`: a `tool_use` block when tools are offered and no tool result was sent yet, else text; streamed as the
 *   message_start / content_block_* / message_delta / message_stop events when `stream` is true.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A running fake. */
export interface FakeProviders {
  url: string;
  close(): Promise<void>;
}

/** Usage every fake answer reports (OpenAI names; Anthropic's are derived from them). */
export const FAKE_USAGE = { input: 21, output: 7, cacheRead: 5, cacheWrite: 3, reasoning: 2 } as const;
export const OPENAI_MODEL = "gpt-4o-mini-2024-07-18";
export const ANTHROPIC_MODEL = "claude-sonnet-5-5";

async function body(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return {};
  }
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p?.text === "string" ? p.text : "")).join("");
  return "";
}

function lastUserText(messages: any[]): string {
  const user = [...(messages ?? [])].reverse().find((m) => m?.role === "user");
  return textOf(user?.content);
}

function sse(res: ServerResponse, events: { event?: string; data: unknown }[]): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const e of events) res.write(`${e.event ? `event: ${e.event}\n` : ""}data: ${typeof e.data === "string" ? e.data : JSON.stringify(e.data)}\n\n`);
  res.end();
}

function openaiUsage() {
  return {
    prompt_tokens: FAKE_USAGE.input, completion_tokens: FAKE_USAGE.output, total_tokens: FAKE_USAGE.input + FAKE_USAGE.output,
    prompt_tokens_details: { cached_tokens: FAKE_USAGE.cacheRead }, completion_tokens_details: { reasoning_tokens: FAKE_USAGE.reasoning },
  };
}

/** True once the conversation holds a tool result: the tool loop's second call is answered with text. */
function answeredTool(messages: any[]): boolean {
  return (messages ?? []).some((m) => m?.role === "tool" || (Array.isArray(m?.content) && m.content.some((p: any) => p?.type === "tool_result")));
}

function openai(req: any, res: ServerResponse): void {
  const base = { id: "chatcmpl-fixture", created: 1_750_000_000, model: OPENAI_MODEL, system_fingerprint: "fp_fixture" };
  const offered = Array.isArray(req.tools) && req.tools.length > 0 && !answeredTool(req.messages);
  const tool = offered ? req.tools[0].function?.name ?? "tool" : undefined;
  const call = tool ? { id: "call_fixture_1", type: "function", function: { name: tool, arguments: '{"city":"Paris"}' } } : undefined;
  const text = tool ? null : `echo: ${lastUserText(req.messages)}`;
  const finish = tool ? "tool_calls" : "stop";
  if (!req.stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({
      ...base, object: "chat.completion", usage: openaiUsage(),
      choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null, ...(call ? { tool_calls: [call] } : {}) }, logprobs: null, finish_reason: finish }],
    }));
    return;
  }
  const chunk = (delta: unknown, finishReason: string | null = null) => ({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
  const events: { data: unknown }[] = [{ data: chunk({ role: "assistant", content: "" }) }];
  if (call) events.push({ data: chunk({ tool_calls: [{ index: 0, ...call }] }) });
  else for (const word of (text as string).split(/(?<= )/)) events.push({ data: chunk({ content: word }) });
  events.push({ data: chunk({}, finish) });
  if (req.stream_options?.include_usage) events.push({ data: { ...base, object: "chat.completion.chunk", choices: [], usage: openaiUsage() } });
  events.push({ data: "[DONE]" });
  sse(res, events);
}

function anthropic(req: any, res: ServerResponse): void {
  const tool = Array.isArray(req.tools) && req.tools.length > 0 && !answeredTool(req.messages) ? req.tools[0].name : undefined;
  const text = `echo: ${lastUserText(req.messages)}`;
  const block = tool ? { type: "tool_use", id: "toolu_fixture_1", name: tool, input: { city: "Paris" } } : { type: "text", text };
  const stop = tool ? "tool_use" : "end_turn";
  const input = FAKE_USAGE.input - FAKE_USAGE.cacheRead - FAKE_USAGE.cacheWrite;
  const usage = { input_tokens: input, output_tokens: FAKE_USAGE.output, cache_read_input_tokens: FAKE_USAGE.cacheRead, cache_creation_input_tokens: FAKE_USAGE.cacheWrite };
  const message = { id: "msg_fixture", type: "message", role: "assistant", model: ANTHROPIC_MODEL, stop_sequence: null };
  if (!req.stream) {
    res.writeHead(200, { "content-type": "application/json", "request-id": "req_fixture" });
    res.end(JSON.stringify({ ...message, content: [block], stop_reason: stop, usage }));
    return;
  }
  const events: { event: string; data: unknown }[] = [
    { event: "message_start", data: { type: "message_start", message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } } },
  ];
  if (tool) {
    events.push({ event: "content_block_start", data: { type: "content_block_start", index: 0, content_block: { ...block, input: {} } } });
    events.push({ event: "content_block_delta", data: { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: '{"city":"Paris"}' } } });
  } else {
    events.push({ event: "content_block_start", data: { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } } });
    for (const word of text.split(/(?<= )/)) events.push({ event: "content_block_delta", data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: word } } });
  }
  events.push({ event: "content_block_stop", data: { type: "content_block_stop", index: 0 } });
  events.push({ event: "message_delta", data: { type: "message_delta", delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: FAKE_USAGE.output } } });
  events.push({ event: "message_stop", data: { type: "message_stop" } });
  sse(res, events);
}

/** Starts both fakes on one loopback server (port 0). */
export async function startFakeProviders(): Promise<FakeProviders> {
  const server = createServer((req, res) => {
    void body(req).then((json) => {
      const path = (req.url ?? "").split("?")[0];
      if (req.method === "POST" && path === "/v1/chat/completions") return openai(json, res);
      if (req.method === "POST" && path === "/v1/messages") return anthropic(json, res);
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `no fake for ${req.method} ${path}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
