/**
 * Loopback fakes of the provider APIs the provider-sdks stack calls, on one `node:http` server (127.0.0.1, port 0):
 *
 * - Cohere: `POST /v2/chat` (JSON, or with `stream: true` SSE `message-start`, `content-delta` per word or the
 *   `tool-call-*` events of a tool call, `message-end` with the billed units) and `POST /v1/chat` (JSON, or
 *   newline-delimited `stream-start`, `text-generation` per word, `stream-end` with the whole response).
 * - Mistral: `POST /v1/chat/completions` (a chat completion, or SSE chunks per word with the usage in the last).
 * - Claude on Vertex AI (`/v1/projects/…/publishers/anthropic/models/<model>:rawPredict` / `:streamRawPredict`) and
 *   on Bedrock (`/model/<model>/invoke`, `/invoke-with-response-stream` as an AWS event stream of `chunk` events), each
 *   translated to the fake Anthropic server's `/v1/messages` and its answer passed back in the cloud's framing.
 *
 * Answers are the echo of the last user text (`fakeAnswer`); a request offering tools whose last turn is not a tool
 * result gets one call of the first tool. Usage counts words.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fakeAnswer } from "../../../helpers/fake-llm-behaviour";
import { type FakeAnthropic, startFakeAnthropic } from "../../../helpers/fake-anthropic-server";
import { listenOnLoopback } from "../../../helpers/loopback-server";
import { readBody } from "../../../helpers/read-body";

/** One request the fake received. */
export interface FakeProviderRequest {
  path: string;
  body: any;
}

/** The running fakes. */
export interface FakeProviderApis {
  readonly url: string;
  readonly requests: FakeProviderRequest[];
  close(): Promise<void>;
}

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p: any) => (typeof p?.text === "string" ? p.text : "")).join("");
  return "";
}

function lastUserText(messages: any[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === "user" && textOf(messages[i].content) !== "") return textOf(messages[i].content);
  return "";
}

/** The tool the model calls: the first offered, unless the last message is a tool result. */
function toolToCall(tools: unknown, messages: any[]): string | undefined {
  if (!Array.isArray(tools) || tools.length === 0 || messages.at(-1)?.role === "tool") return undefined;
  return String(tools[0]?.function?.name ?? "tool");
}

function sse(res: ServerResponse, events: unknown[], named = false): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const e of events) res.write(`${named ? `event: ${(e as { type: string }).type}\n` : ""}data: ${JSON.stringify(e)}\n\n`);
  res.end();
}

function cohereV2(body: any, res: ServerResponse, n: number): void {
  const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
  const prompt = lastUserText(messages);
  const tool = toolToCall(body.tools, messages);
  const answer = fakeAnswer(prompt);
  const usage = { billed_units: { input_tokens: words(prompt), output_tokens: tool ? 1 : words(answer) }, tokens: { input_tokens: words(prompt) + 3, output_tokens: words(answer) } };
  const call = tool ? { id: `call_${n}`, type: "function", function: { name: tool, arguments: JSON.stringify({ city: prompt }) } } : undefined;
  const finish = tool ? "TOOL_CALL" : "COMPLETE";
  if (body.stream !== true) {
    const message = { role: "assistant", ...(call ? { tool_plan: "I will look it up.", tool_calls: [call] } : { content: [{ type: "text", text: answer }] }) };
    return sendJson(res, 200, { id: `c2-${n}`, finish_reason: finish, message, usage });
  }
  const events: unknown[] = [{ type: "message-start", id: `c2-${n}`, delta: { message: { role: "assistant" } } }];
  if (call) {
    events.push({ type: "tool-plan-delta", delta: { message: { tool_plan: "I will look it up." } } });
    events.push({ type: "tool-call-start", index: 0, delta: { message: { tool_calls: { ...call, function: { name: tool, arguments: "" } } } } });
    events.push({ type: "tool-call-delta", index: 0, delta: { message: { tool_calls: { function: { arguments: call.function.arguments } } } } });
    events.push({ type: "tool-call-end", index: 0 });
  } else {
    events.push({ type: "content-start", index: 0, delta: { message: { content: { type: "text", text: "" } } } });
    answer.split(" ").forEach((w, i) => events.push({ type: "content-delta", index: 0, delta: { message: { content: { text: i === 0 ? w : ` ${w}` } } } }));
    events.push({ type: "content-end", index: 0 });
  }
  events.push({ type: "message-end", delta: { finish_reason: finish, usage } });
  sse(res, events);
}

function cohereV1(body: any, res: ServerResponse, n: number): void {
  const prompt = String(body.message ?? "");
  const answer = fakeAnswer(prompt);
  const response = { response_id: `r-${n}`, text: answer, generation_id: `c1-${n}`, finish_reason: "COMPLETE", meta: { billed_units: { input_tokens: words(prompt), output_tokens: words(answer) } } };
  if (body.stream !== true) return sendJson(res, 200, response);
  res.writeHead(200, { "content-type": "application/stream+json" });
  res.write(`${JSON.stringify({ event_type: "stream-start", generation_id: `c1-${n}`, is_finished: false })}\n`);
  answer.split(" ").forEach((w, i) => res.write(`${JSON.stringify({ event_type: "text-generation", text: i === 0 ? w : ` ${w}`, is_finished: false })}\n`));
  res.end(`${JSON.stringify({ event_type: "stream-end", finish_reason: "COMPLETE", response, is_finished: true })}\n`);
}

function mistral(body: any, res: ServerResponse, n: number): void {
  const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
  const prompt = lastUserText(messages);
  const answer = fakeAnswer(prompt);
  const usage = { prompt_tokens: words(prompt), completion_tokens: words(answer), total_tokens: words(prompt) + words(answer) };
  const base = { id: `m-${n}`, model: body.model, created: 1 };
  if (body.stream !== true) return sendJson(res, 200, { ...base, object: "chat.completion", usage, choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: answer } }] });
  const pieces = answer.split(" ");
  const chunks = pieces.map((w, i) => ({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: { role: "assistant", content: i === 0 ? w : ` ${w}` }, finish_reason: i === pieces.length - 1 ? "stop" : null }], ...(i === pieces.length - 1 ? { usage } : {}) }));
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const c of chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
  res.end("data: [DONE]\n\n");
}

const codec = new EventStreamCodec((bytes) => new TextDecoder().decode(bytes), (text) => new TextEncoder().encode(text));

/** An Anthropic SSE answer re-framed as Bedrock's event stream: one `chunk` event per SSE event, its JSON base64-encoded. */
function bedrockEvents(sseText: string): Uint8Array[] {
  return sseText.split("\n").filter((line) => line.startsWith("data: ")).map((line) => codec.encode({
    headers: { ":event-type": { type: "string", value: "chunk" }, ":message-type": { type: "string", value: "event" }, ":content-type": { type: "string", value: "application/json" } },
    body: new TextEncoder().encode(JSON.stringify({ bytes: Buffer.from(line.slice(6), "utf8").toString("base64") })),
  }));
}

const VERTEX_ANTHROPIC = /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/;
const BEDROCK = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream)$/;

/** Claude through a cloud: the request passed to the fake Anthropic server, its answer in the cloud's framing. */
async function anthropicInCloud(anthropic: FakeAnthropic, path: string, body: any, res: ServerResponse): Promise<boolean> {
  const vertex = VERTEX_ANTHROPIC.exec(path);
  const bedrock = BEDROCK.exec(path);
  if (!vertex && !bedrock) return false;
  const model = decodeURIComponent((vertex ?? bedrock)![1]!);
  const stream = vertex ? vertex[2] === "streamRawPredict" : bedrock![2] === "invoke-with-response-stream";
  const { anthropic_version: _version, ...rest } = body;
  const upstream = await fetch(`${anthropic.url}/v1/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...rest, model, stream }) });
  const text = await upstream.text();
  if (!stream) {
    res.writeHead(upstream.status, { "content-type": "application/json" });
    res.end(text);
  } else if (vertex) {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(text);
  } else {
    res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
    for (const event of bedrockEvents(text)) res.write(event);
    res.end();
  }
  return true;
}

/** Starts the fakes. Always `close()` them. */
export async function startFakeProviderApis(): Promise<FakeProviderApis> {
  const anthropic = await startFakeAnthropic();
  const requests: FakeProviderRequest[] = [];
  let counter = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0]!;
    const raw = (await readBody(req)).toString("utf8");
    const body = raw === "" ? {} : JSON.parse(raw);
    requests.push({ path, body });
    const n = ++counter;
    await new Promise((resolve) => setTimeout(resolve, n % 3));
    if (req.method === "POST" && path === "/v2/chat") return cohereV2(body, res, n);
    if (req.method === "POST" && path === "/v1/chat") return cohereV1(body, res, n);
    if (req.method === "POST" && path === "/v1/chat/completions") return mistral(body, res, n);
    if (req.method === "POST" && (await anthropicInCloud(anthropic, path, body, res))) return;
    sendJson(res, 404, { message: `no route ${req.method} ${path}` });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: String(error) });
      else res.end();
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url, requests,
    close: async () => {
      await listening.close();
      await anthropic.close();
    },
  };
}
