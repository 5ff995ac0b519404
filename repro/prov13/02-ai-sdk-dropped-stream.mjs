// Repro (prov13, not fixed, not investigated): a Vercel AI SDK 6 `streamText` whose connection drops after two chunks
// throws to the app ("Failed to process successful response") but leaves no event at all (seen in the packed-app run:
// neither `ai.streamText` nor `ai.streamText.doStream` reached the server). Not checked yet whether ai 6 alone ends
// those spans (compare with an in-memory OpenTelemetry provider as in 01); diagnostics() shows spansStarted 2, spansEnded 0.
// Run from the repo root after `npm run build`: node repro/prov13/02-ai-sdk-dropped-stream.mjs
import { createServer } from "node:http";
import { streamText } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
import { createTestTracer } from "honeyhive/testing";

const server = createServer((req, res) => {
  req.resume();
  req.on("end", async () => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (const word of ["one", " two"]) {
      res.write(`data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini", choices: [{ index: 0, delta: { content: word }, finish_reason: null }] })}\n\n`);
      await new Promise((r) => setTimeout(r, 50));
    }
    res.destroy();
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const { tracer, spans } = createTestTracer({ setAsDefault: true });
const openai = createOpenAI({ baseURL: `http://127.0.0.1:${server.address().port}/v1`, apiKey: "sk" });
const result = streamText({ model: openai.chat("gpt-4o-mini"), prompt: "hi", maxRetries: 0, experimental_telemetry: { isEnabled: true } });
try {
  for await (const chunk of result.textStream) void chunk;
} catch (error) {
  console.log("the app got:", error.message);
}
await new Promise((r) => setTimeout(r, 300));
const names = (await spans()).map((s) => s.name);
console.log("spans exported:", names, "diagnostics:", JSON.stringify(tracer.diagnostics?.().spans ?? tracer.diagnostics?.()).slice(0, 200));
console.log(names.includes("ai.streamText.doStream") ? "OK: the failed call has its model span" : "DEFECT: no ai.streamText.doStream span (no model event for the failed call)");
await tracer.shutdown();
server.close();
