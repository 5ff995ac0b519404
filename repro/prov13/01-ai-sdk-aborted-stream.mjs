/* global AbortController */
// Repro (prov13, not fixed): a Vercel AI SDK 6 `streamText` call that your code aborts (`abortSignal`) after the first
// chunk leaves no `model` event: ai never ends its `ai.streamText.doStream` span (the same without HoneyHive: an
// in-memory OpenTelemetry provider gets only `ai.streamText`), so the call's only record is the `ai.streamText` chain
// event, with no output and no error, and the open span counts in diagnostics() as started but not ended.
// Run from the repo root after `npm run build`: node repro/prov13/01-ai-sdk-aborted-stream.mjs
import { createServer } from "node:http";
import { streamText } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
import { createTestTracer } from "honeyhive/testing";

const server = createServer((req, res) => {
  req.resume();
  req.on("end", async () => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (const word of ["one", " two", " three", " four"]) {
      res.write(`data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini", choices: [{ index: 0, delta: { content: word }, finish_reason: null }] })}\n\n`);
      await new Promise((r) => setTimeout(r, 50));
    }
    res.end("data: [DONE]\n\n");
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const { tracer, spans } = createTestTracer({ setAsDefault: true });
const openai = createOpenAI({ baseURL: `http://127.0.0.1:${server.address().port}/v1`, apiKey: "sk" });
const abort = new AbortController();
const result = streamText({ model: openai.chat("gpt-4o-mini"), prompt: "hi", abortSignal: abort.signal, experimental_telemetry: { isEnabled: true } });
for await (const chunk of result.textStream) if (chunk !== undefined) abort.abort();
await new Promise((r) => setTimeout(r, 300));
const names = (await spans()).map((s) => s.name);
console.log("spans exported:", names, "diagnostics:", JSON.stringify(tracer.diagnostics?.().spans ?? tracer.diagnostics?.()).slice(0, 200));
console.log(names.includes("ai.streamText.doStream") ? "OK: the aborted call has its model span" : "DEFECT: no ai.streamText.doStream span (no model event for the aborted call)");
await tracer.shutdown();
server.close();
