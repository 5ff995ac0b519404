/**
 * A loopback OpenAI-compatible server for integration tests: a real `node:http` server on 127.0.0.1 (port 0)
 * that the real `openai` client and the Vercel AI SDK's OpenAI provider talk to.
 *
 * - `POST /v1/chat/completions`: answers `echo: <last user message>` (or what `chatReply` scripts); as JSON, or with `stream: true` as SSE
 *   chunks (one per word, then a finish chunk, an optional usage chunk, and `data: [DONE]`). A request offering tools
 *   gets a tool call first, a request with a JSON schema a JSON answer (`fake-llm-behaviour.ts`).
 * - `POST /v1/responses`: the Responses API (plain and streamed, function calls and tool results, usage), as the
 *   OpenAI Agents SDK calls it (`fake-openai-responses.ts`).
 * - `POST /v1/embeddings`: deterministic vectors derived from each input; `encoding_format: "base64"` (the
 *   openai v6 client's default) gets little-endian float32 bytes in base64, anything else plain floats.
 * - anything else: 404 with an OpenAI-style error body.
 *
 * Responses are a pure function of the request; only the delays (0..maxDelayMs before the answer and
 * between stream chunks, from a seeded generator) vary, so concurrent calls interleave.
 *
 * ```ts
 * const fake = await startFakeOpenAI();
 * const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
 * ...
 * expect(fake.requests.length).toBe(3);
 * await fake.close();
 * ```
 */
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { listenOnLoopback } from "./loopback-server";
import { chatResponseSchema, chatToolCall, fakeAnswer, type FakeToolCall, valueForSchema } from "./fake-llm-behaviour";
import { answerResponses } from "./fake-openai-responses";
import { readBody } from "./read-body";

export { fakeAnswer };

/** One request the fake server received. */
export interface FakeOpenAIRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when the body was not JSON). */
  body: any;
}

/** Options of {@link startFakeOpenAI}. */
export interface FakeOpenAIOptions {
  /** Upper bound of the random delays, ms. @defaultValue 3 */
  maxDelayMs?: number;
  /** Seed of the delay generator. @defaultValue 42 */
  seed?: number;
  /**
   * Scripts the chat answers (a scripted LLM judge): returns the reply text for a request, or an error answer
   * `{ status, body, headers? }`. @defaultValue the echo answer
   */
  chatReply?: (body: any) => string | { status: number; body: unknown; headers?: Record<string, string> };
  /** Answers the first `count` chat completions with 429 and this `retry-after` (seconds), as a rate-limited provider does. */
  rateLimit?: { count: number; retryAfter: string };
  /** The model a chat answer names, from the requested one (a provider names its dated snapshot). @defaultValue the requested model */
  responseModel?: (requested: string) => string;
  /**
   * Scripts an agent's tool calls (chat completions): the calls the model makes for a request (several in one reply
   * allowed), or undefined / `[]` to answer in text. `n` numbers the request. @defaultValue one call of the first offered tool
   */
  toolPlan?: (body: any, n: number) => FakeToolCall[] | undefined;
}

/** A running fake OpenAI server. */
export interface FakeOpenAI {
  /** Base URL without trailing slash and without `/v1`, e.g. `http://127.0.0.1:51234`. */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: FakeOpenAIRequest[];
  close(): Promise<void>;
}

/** The deterministic embedding of `input` (4 dimensions). */
export function fakeEmbedding(input: string): number[] {
  let sum = 0;
  for (let i = 0; i < input.length; i++) sum += input.charCodeAt(i);
  return [input.length, sum % 97, (sum * 31) % 101, 0.5];
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("");
  return "";
}

function lastUserMessage(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === "user") return textOf(messages[i].content);
  return "";
}

function usageFor(prompt: string, answer: string): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const p = prompt.split(/\s+/).filter(Boolean).length;
  const c = answer.split(/\s+/).filter(Boolean).length;
  return { prompt_tokens: p, completion_tokens: c, total_tokens: p + c };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

/** Starts the server on 127.0.0.1. Always `close()` it. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: FakeOpenAIRequest[] = [];
  const random = seededRandom(options.seed ?? 42);
  const maxDelayMs = options.maxDelayMs ?? 3;
  let counter = 0;
  let rateLimited = 0;
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.floor(random() * (maxDelayMs + 1))));

  const chat = async (body: any, res: ServerResponse): Promise<void> => {
    const prompt = lastUserMessage(body);
    const scripted = options.chatReply?.(body);
    if (scripted !== undefined && typeof scripted !== "string") {
      res.writeHead(scripted.status, { "content-type": "application/json", ...scripted.headers });
      res.end(JSON.stringify(scripted.body));
      return;
    }
    const schema = chatResponseSchema(body);
    const answer = scripted ?? (schema !== undefined ? JSON.stringify(valueForSchema(schema, fakeAnswer(prompt))) : fakeAnswer(prompt));
    const id = `chatcmpl-${++counter}`;
    const toolCalls = scripted !== undefined ? [] : options.toolPlan ? options.toolPlan(body, counter) ?? [] : [chatToolCall(body, prompt, counter)].filter((c) => c !== undefined);
    const toolCall = toolCalls[0];
    const callsText = toolCalls.map((c) => c.arguments).join(" ");
    const requested = typeof body?.model === "string" ? body.model : "gpt-test";
    const model = options.responseModel?.(requested) ?? requested;
    const created = 1_700_000_000;
    await pause();
    if (body?.stream !== true) {
      const message = toolCall
        ? { role: "assistant", content: null, refusal: null, tool_calls: toolCalls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })) }
        : { role: "assistant", content: answer, refusal: null };
      sendJson(res, 200, {
        id, object: "chat.completion", created, model, system_fingerprint: null,
        choices: [{ index: 0, message, logprobs: null, finish_reason: toolCall ? "tool_calls" : "stop" }],
        usage: usageFor(prompt, toolCall ? callsText : answer),
      });
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): void => {
      res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, system_fingerprint: null, choices, ...extra })}\n\n`);
    };
    if (toolCall) {
      for (const [index, call] of toolCalls.entries()) {
        chunk([{ index: 0, delta: { ...(index === 0 ? { role: "assistant", content: null } : {}), tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] }, logprobs: null, finish_reason: null }]);
        await pause();
        chunk([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: call.arguments } }] }, logprobs: null, finish_reason: null }]);
      }
      chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "tool_calls" }]);
      if (body?.stream_options?.include_usage === true) chunk([], { usage: usageFor(prompt, callsText) });
      res.end("data: [DONE]\n\n");
      return;
    }
    const words = answer.split(" ");
    for (let i = 0; i < words.length; i++) {
      const content = i === 0 ? words[i] : ` ${words[i]}`;
      chunk([{ index: 0, delta: i === 0 ? { role: "assistant", content } : { content }, logprobs: null, finish_reason: null }]);
      await pause();
    }
    chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]);
    if (body?.stream_options?.include_usage === true) chunk([], { usage: usageFor(prompt, answer) });
    res.end("data: [DONE]\n\n");
  };

  const embeddings = async (body: any, res: ServerResponse): Promise<void> => {
    const inputs: string[] = Array.isArray(body?.input) ? body.input.map(String) : [String(body?.input ?? "")];
    await pause();
    const data = inputs.map((input, index) => {
      const vector = fakeEmbedding(input);
      const embedding = body?.encoding_format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
      return { object: "embedding", index, embedding };
    });
    const tokens = inputs.reduce((n, s) => n + s.split(/\s+/).filter(Boolean).length, 0);
    sendJson(res, 200, { object: "list", data, model: body?.model ?? "text-embedding-test", usage: { prompt_tokens: tokens, total_tokens: tokens } });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = (await readBody(req)).toString("utf8");
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const path = (req.url ?? "/").split("?")[0]!;
    requests.push({ method: req.method ?? "", path, headers: req.headers, body });
    if (req.method === "POST" && path === "/v1/chat/completions" && rateLimited < (options.rateLimit?.count ?? 0)) {
      rateLimited += 1;
      res.writeHead(429, { "content-type": "application/json", "retry-after": options.rateLimit!.retryAfter });
      res.end(JSON.stringify({ error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } }));
      return;
    }
    if (req.method === "POST" && path === "/v1/chat/completions") return chat(body, res);
    if (req.method === "POST" && path === "/v1/embeddings") return embeddings(body, res);
    if (req.method === "POST" && path === "/v1/responses") return answerResponses(body, res, ++counter, pause);
    sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error", code: "not_found" } });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: "server_error" } });
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
