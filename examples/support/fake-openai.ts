/**
 * A stand-in for the OpenAI API on 127.0.0.1 so the LLM examples run offline: chat completions answer
 * "echo: <last user message>", as JSON or streamed (SSE). Import it before creating an OpenAI client:
 * it sets OPENAI_BASE_URL and OPENAI_API_KEY unless OPENAI_API_KEY is already set (then the real API is used).
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

function lastUserText(body: { messages?: { role?: string; content?: unknown }[] }): string {
  const last = [...(body.messages ?? [])].reverse().find((m) => m.role === "user");
  const content = last?.content;
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((p: { text?: string }) => p.text ?? "").join("") : "";
}

function answer(res: ServerResponse, body: { model?: string; stream?: boolean; messages?: { role?: string; content?: unknown }[] }): void {
  const text = `echo: ${lastUserText(body)}`;
  const base = { id: "chatcmpl-local", created: 1_700_000_000, model: body.model ?? "gpt-4o-mini" };
  const usage = { prompt_tokens: 8, completion_tokens: text.split(" ").length, total_tokens: 8 + text.split(" ").length };
  if (!body.stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ...base, object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }], usage }));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  const chunk = (delta: object, finish: string | null, extra: object = {}) =>
    res.write(`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);
  chunk({ role: "assistant", content: "" }, null);
  for (const word of text.split(" ")) chunk({ content: `${word} ` }, null);
  chunk({}, "stop", { usage });
  res.end("data: [DONE]\n\n");
}

const server = createServer((req, res) => {
  let raw = "";
  req.on("data", (c: Buffer) => (raw += c.toString()));
  req.on("end", () => {
    if (req.method === "POST" && req.url?.endsWith("/chat/completions")) answer(res, JSON.parse(raw || "{}"));
    else res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
  });
});

const usesRealApi = Boolean(process.env.OPENAI_API_KEY);
if (!usesRealApi) {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.OPENAI_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  process.env.OPENAI_API_KEY = "sk-local-example";
}

/** Stops the stand-in (no-op when the real API is used). */
export function closeFakeOpenAI(): Promise<void> {
  return usesRealApi ? Promise.resolve() : new Promise((resolve) => server.close(() => resolve()));
}
