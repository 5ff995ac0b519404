/**
 * A loopback Bedrock Runtime API for the Bedrock stacks (`bedrock`, and `langchain-bedrock`'s `ChatBedrockConverse`): a real `node:http2` server (cleartext, as the client's default
 * HTTP/2 handler speaks to an `http://` endpoint) on 127.0.0.1 (port 0) that the real `@aws-sdk/client-bedrock-runtime`
 * client talks to (`new BedrockRuntimeClient({ endpoint, region, credentials })`).
 *
 * - `POST /model/<id>/converse`: `echo: <last user text>` as a Converse response with `usage` (words of the prompt
 *   and of the answer) and `stopReason`.
 * - `POST /model/<id>/converse-stream`: the same answer as AWS event-stream messages (`messageStart`, one
 *   `contentBlockDelta` per word, `contentBlockStop`, `messageStop`, `metadata`), encoded with the codec the client
 *   decodes with (`@smithy/core/event-streams`: each stack gives the fake its own copy's `EventStreamCodec`, as the root
 *   has none).
 * - a Converse request offering tools (`toolConfig.tools`) whose last turn holds no tool result gets one `toolUse` of
 *   the first tool (`{ input: <prompt> }`), stop reason `tool_use`; once the tool result follows, the echo again.
 * - `POST /model/<id>/invoke` and `/invoke-with-response-stream`: an Anthropic Messages body answered as Claude on
 *   Bedrock answers (a message, or `chunk` events of Anthropic's stream events with Bedrock's invocation metrics).
 * - a model id starting `fail-`: 400 `ValidationException`.
 *
 * Answers are a pure function of the request; only the delays (0..3 ms, seeded) vary, so calls interleave.
 */
import type { IncomingMessage } from "node:http";
import { type Http2ServerRequest, type Http2ServerResponse, createServer } from "node:http2";
import { fakeAnswer } from "../helpers/fake-llm-behaviour";
import { listenOnLoopback } from "../helpers/loopback-server";
import { readBody } from "../helpers/read-body";

/** One request the fake received. */
export interface FakeBedrockRequest {
  operation: string;
  modelId: string;
  body: any;
}

/** A running fake Bedrock Runtime. */
export interface FakeBedrock {
  readonly url: string;
  readonly requests: FakeBedrockRequest[];
  close(): Promise<void>;
}

/** The part of `@smithy/core/event-streams`' `EventStreamCodec` the fake uses. */
interface Codec {
  encode(message: { headers: Record<string, { type: "string"; value: string }>; body: Uint8Array }): Uint8Array;
}

/** `@smithy/core/event-streams`' `EventStreamCodec` class, from the stack's own install. */
export type EventStreamCodecClass = new (toUtf8: (bytes: Uint8Array) => string, fromUtf8: (text: string) => Uint8Array) => Codec;

let codec: Codec;

/** One event-stream message of `eventType` with a JSON payload. */
function eventMessage(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ":event-type": { type: "string", value: eventType },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: "event" },
    },
    body: new TextEncoder().encode(JSON.stringify(payload)),
  });
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The text of the last user message that has text (Converse blocks `{text}` or Anthropic blocks / strings). */
function lastUserText(messages: any[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role !== "user") continue;
    const content = typeof message.content === "string" ? [{ text: message.content }] : (message.content ?? []);
    const text = content.map((b: any) => (typeof b?.text === "string" ? b.text : "")).join("");
    if (text !== "") return text;
  }
  return "";
}

/** The tool use a Converse request gets, if it offers tools and its last turn is not a tool result. */
function toolUseFor(body: any, prompt: string, n: number): { toolUseId: string; name: string; input: { input: string } } | undefined {
  const tools: any[] = body?.toolConfig?.tools ?? [];
  const last = body?.messages?.[body.messages.length - 1];
  if (tools.length === 0 || (last?.content ?? []).some((b: any) => b?.toolResult !== undefined)) return undefined;
  return { toolUseId: `tooluse_${n}`, name: String(tools[0]?.toolSpec?.name ?? "tool"), input: { input: prompt } };
}

function sendJson(res: Http2ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(value));
}

/** The ConverseStream events of a text answer or a tool use. */
function converseEvents(answer: string, toolUse: ReturnType<typeof toolUseFor>, usage: Record<string, number>): [string, unknown][] {
  const events: [string, unknown][] = [["messageStart", { role: "assistant" }]];
  if (toolUse) {
    const input = JSON.stringify(toolUse.input);
    const half = Math.floor(input.length / 2);
    events.push(["contentBlockStart", { contentBlockIndex: 0, start: { toolUse: { toolUseId: toolUse.toolUseId, name: toolUse.name } } }]);
    for (const piece of [input.slice(0, half), input.slice(half)]) events.push(["contentBlockDelta", { contentBlockIndex: 0, delta: { toolUse: { input: piece } } }]);
  } else {
    answer.split(" ").forEach((word, i) => events.push(["contentBlockDelta", { contentBlockIndex: 0, delta: { text: i === 0 ? word : ` ${word}` } }]));
  }
  events.push(["contentBlockStop", { contentBlockIndex: 0 }], ["messageStop", { stopReason: toolUse ? "tool_use" : "end_turn" }]);
  events.push(["metadata", { usage, metrics: { latencyMs: 1 } }]);
  return events;
}

/** The Anthropic stream events of a text answer, each as Bedrock's `chunk` event payload. */
function anthropicChunks(answer: string, modelId: string, id: string, input: number): [string, unknown][] {
  const output = words(answer);
  const events: unknown[] = [
    { type: "message_start", message: { id, type: "message", role: "assistant", model: modelId, content: [], usage: { input_tokens: input, output_tokens: 1 } } },
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    ...answer.split(" ").map((word, i) => ({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: i === 0 ? word : ` ${word}` } })),
    { type: "content_block_stop", index: 0 },
    { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: output } },
    { type: "message_stop", "amazon-bedrock-invocationMetrics": { inputTokenCount: input, outputTokenCount: output, invocationLatency: 1, firstByteLatency: 1 } },
  ];
  return events.map((e) => ["chunk", { bytes: Buffer.from(JSON.stringify(e)).toString("base64") }]);
}

const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;

/** Starts the server on 127.0.0.1. Always `close()` it. */
export async function startFakeBedrock(Codec: EventStreamCodecClass, options: { seed?: number } = {}): Promise<FakeBedrock> {
  codec = new Codec((bytes) => new TextDecoder().decode(bytes), (text) => new TextEncoder().encode(text));
  const requests: FakeBedrockRequest[] = [];
  let state = (options.seed ?? 11) >>> 0;
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) % 4));
  let counter = 0;

  const handle = async (req: Http2ServerRequest, res: Http2ServerResponse): Promise<void> => {
    const raw = (await readBody(req as unknown as IncomingMessage)).toString("utf8");
    const route = ROUTE.exec(req.url ?? "/");
    if (req.method !== "POST" || !route) return sendJson(res, 404, { message: `no route ${req.method} ${req.url}` }, { "x-amzn-errortype": "ResourceNotFoundException" });
    const modelId = decodeURIComponent(route[1]!);
    const operation = route[2]!;
    const body = raw ? JSON.parse(raw) : {};
    requests.push({ operation, modelId, body });
    if (modelId.startsWith("fail-")) return sendJson(res, 400, { message: `model ${modelId} refused the request` }, { "x-amzn-errortype": "ValidationException" });
    const n = ++counter;
    const prompt = lastUserText(body.messages ?? []);
    const answer = fakeAnswer(prompt);
    await pause();
    const events = respond(operation, body, modelId, prompt, answer, n);
    if (!Array.isArray(events)) return sendJson(res, 200, events);
    res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
    for (const [type, payload] of events) {
      res.write(eventMessage(type, payload));
      await pause();
    }
    res.end();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: String(error) }, { "x-amzn-errortype": "InternalServerException" });
      else res.end();
    });
  });
  const listening = await listenOnLoopback(server);
  return { url: listening.url, requests, close: listening.close };
}

/** The JSON answer, or the event-stream events, of one request. */
function respond(operation: string, body: any, modelId: string, prompt: string, answer: string, n: number): unknown {
  const toolUse = operation.startsWith("converse") ? toolUseFor(body, prompt, n) : undefined;
  const output = toolUse ? words(JSON.stringify(toolUse.input)) : words(answer);
  const usage = { inputTokens: words(prompt), outputTokens: output, totalTokens: words(prompt) + output };
  switch (operation) {
    case "converse":
      return {
        output: { message: { role: "assistant", content: [toolUse ? { toolUse } : { text: answer }] } },
        stopReason: toolUse ? "tool_use" : "end_turn", usage, metrics: { latencyMs: 1 },
      };
    case "converse-stream":
      return converseEvents(answer, toolUse, usage);
    case "invoke":
      return {
        id: `msg_${n}`, type: "message", role: "assistant", model: modelId, content: [{ type: "text", text: answer }],
        stop_reason: "end_turn", usage: { input_tokens: words(prompt), output_tokens: words(answer) },
      };
    default:
      return anthropicChunks(answer, modelId, `msg_${n}`, words(prompt));
  }
}
