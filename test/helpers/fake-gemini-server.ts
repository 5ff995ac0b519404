/**
 * A loopback Gemini API (Google AI Studio, `v1` / `v1beta`) for integration tests: a real `node:http` server on 127.0.0.1
 * (port 0) that the real `@google/genai` client talks to (`new GoogleGenAI({ apiKey, httpOptions: { baseUrl } })`).
 *
 * - `POST /v1/models/<model>:generateContent` (or Vertex AI's `/v1/projects/…/publishers/google/models/<model>:…`): answers `echo: <last user text>` as one candidate, with
 *   `usageMetadata` (words of the prompt and of the answer), `modelVersion` and `responseId`.
 * - `POST /v1/models/<model>:streamGenerateContent?alt=sse`: the same answer as SSE chunks, one per word; the
 *   last chunk carries `finishReason: "STOP"` and the usage.
 * - a request offering function declarations (`tools[].functionDeclarations`) whose last turn is not a function
 *   response gets one call of the first declared function, arguments from its schema with the prompt as strings
 *   (`valueForSchema`); once the function response follows, the echo again.
 * - a request asking for JSON (`generationConfig.responseJsonSchema` / `responseSchema`) gets a JSON value of that
 *   schema whose strings are the echo (`fake-llm-behaviour.ts`).
 * - a model named `fail-…`: 400 `INVALID_ARGUMENT` (an error the client does not retry).
 * - anything else: 404 with a Google-style error body.
 *
 * Answers are a pure function of the request; only the delays (0..maxDelayMs, seeded) vary, so calls interleave.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { fakeAnswer, valueForSchema } from "./fake-llm-behaviour";
import { listenOnLoopback } from "./loopback-server";
import { readBody } from "./read-body";

/** One request the fake server received. */
export interface FakeGeminiRequest {
  path: string;
  model: string;
  stream: boolean;
  apiKey: string | undefined;
  body: any;
}

/** A running fake Gemini server. */
export interface FakeGemini {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:51234` (the client's `httpOptions.baseUrl`). */
  readonly url: string;
  readonly requests: FakeGeminiRequest[];
  close(): Promise<void>;
}

function lastUserText(body: any): string {
  const contents: any[] = Array.isArray(body?.contents) ? body.contents : [];
  for (let i = contents.length - 1; i >= 0; i--) {
    const content = contents[i];
    if ((content?.role ?? "user") !== "user") continue;
    const parts: any[] = Array.isArray(content?.parts) ? content.parts : [];
    const text = parts.map((p) => (typeof p?.text === "string" ? p.text : "")).join("");
    if (text !== "") return text;
  }
  return "";
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function answerFor(body: any): string {
  const prompt = lastUserText(body);
  const schema = body?.generationConfig?.responseJsonSchema ?? body?.generationConfig?.responseSchema;
  return schema !== undefined ? JSON.stringify(valueForSchema(schema, fakeAnswer(prompt))) : fakeAnswer(prompt);
}

function usageFor(prompt: string, answer: string): Record<string, number> {
  const p = words(prompt);
  const c = words(answer);
  return { promptTokenCount: p, candidatesTokenCount: c, totalTokenCount: p + c };
}

/** The function call the fake model makes for a request offering functions, if it makes one. */
function functionCallFor(body: any, prompt: string, callNumber: number): Record<string, unknown> | undefined {
  const declarations: any[] = (Array.isArray(body?.tools) ? body.tools : []).flatMap((t: any) => (Array.isArray(t?.functionDeclarations) ? t.functionDeclarations : []));
  const contents: any[] = Array.isArray(body?.contents) ? body.contents : [];
  const lastParts: any[] = Array.isArray(contents[contents.length - 1]?.parts) ? contents[contents.length - 1].parts : [];
  if (declarations.length === 0 || lastParts.some((p) => p?.functionResponse !== undefined)) return undefined;
  const fn = declarations[0];
  const schema = fn?.parametersJsonSchema ?? fn?.parameters ?? { type: "object", properties: { input: { type: "string" } } };
  return { id: `fc_${callNumber}`, name: String(fn?.name ?? "tool"), args: valueForSchema(schema, prompt) };
}

/** One response (or stream chunk); the final one has the finish reason and the usage of the whole answer. */
function response(text: string, model: string, id: string, usage: Record<string, number> | undefined): Record<string, unknown> {
  const candidate: Record<string, unknown> = { content: { role: "model", parts: [{ text }] }, index: 0 };
  const out: Record<string, unknown> = { candidates: [candidate], modelVersion: model, responseId: id };
  if (usage) {
    candidate.finishReason = "STOP";
    out.usageMetadata = usage;
  }
  return out;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

/**
 * `/<api version>/models/<model>:<method>` (the client's default version is `v1` in 3.x, `v1beta` before), and Vertex
 * AI's `/v1/projects/<project>/locations/<location>/publishers/google/models/<model>:<method>` (`@google-cloud/vertexai`).
 */
const ROUTE = /^\/v1(?:beta1?|alpha)?\/(?:projects\/[^/]+\/locations\/[^/]+\/publishers\/google\/)?models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** Starts the server on 127.0.0.1. Always `close()` it. */
export async function startFakeGemini(options: { maxDelayMs?: number; seed?: number } = {}): Promise<FakeGemini> {
  const requests: FakeGeminiRequest[] = [];
  let state = (options.seed ?? 7) >>> 0;
  const random = (): number => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) % 1000) / 1000;
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.floor(random() * ((options.maxDelayMs ?? 3) + 1))));
  let counter = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = (await readBody(req)).toString("utf8");
    const [path, query = ""] = (req.url ?? "/").split("?");
    const route = ROUTE.exec(path ?? "");
    if (req.method !== "POST" || !route) return sendJson(res, 404, { error: { code: 404, message: `no route ${req.method} ${path}`, status: "NOT_FOUND" } });
    const body = raw ? JSON.parse(raw) : {};
    const model = route[1]!;
    const stream = route[2] === "streamGenerateContent";
    requests.push({ path: path!, model, stream, apiKey: req.headers["x-goog-api-key"] as string | undefined, body });
    if (model.startsWith("fail-")) return sendJson(res, 400, { error: { code: 400, message: `model ${model} refused the request`, status: "INVALID_ARGUMENT" } });
    const answer = answerFor(body);
    const usage = usageFor(lastUserText(body), answer);
    const id = `resp-${++counter}`;
    await pause();
    const call = functionCallFor(body, lastUserText(body), counter);
    if (call) return sendJson(res, 200, { candidates: [{ content: { role: "model", parts: [{ functionCall: call }] }, finishReason: "STOP", index: 0 }], modelVersion: model, responseId: id, usageMetadata: usageFor(lastUserText(body), JSON.stringify(call.args)) });
    if (!stream) return sendJson(res, 200, response(answer, model, id, usage));
    if (!/(^|&)alt=sse(&|$)/.test(query)) return sendJson(res, 400, { error: { code: 400, message: "expected alt=sse", status: "INVALID_ARGUMENT" } });
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const pieces = answer.split(" ");
    for (let i = 0; i < pieces.length; i++) {
      const text = i === 0 ? pieces[i]! : ` ${pieces[i]}`;
      res.write(`data: ${JSON.stringify(response(text, model, id, i === pieces.length - 1 ? usage : undefined))}\r\n\r\n`);
      await pause();
    }
    res.end();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: String(error), status: "INTERNAL" } });
      else res.end();
    });
  });
  const listening = await listenOnLoopback(server);
  return { url: listening.url, requests, close: listening.close };
}
