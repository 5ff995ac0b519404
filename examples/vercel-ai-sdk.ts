/**
 * The Vercel AI SDK 5 and 6 (`ai` v6 here) report their own OpenTelemetry spans when a call enables
 * `experimental_telemetry`. (ai 7 has no OpenTelemetry code: there, pass `instrumentModules: { ai, aiSdkOtel }` with
 * `@ai-sdk/otel` installed — see the README.)
 * HoneyHive receives them in two ways:
 *
 * 1. `{ isEnabled: true }`: its spans go through the global OpenTelemetry API and land in the session of the
 *    HoneyHive tracer active where the call was made.
 * 2. `{ isEnabled: true, tracer: tracer.getTracer() }`: its spans belong to that tracer even when no tracer is
 *    active in context.
 */
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { closeFakeOpenAI } from "./support/fake-openai"; // a local stand-in for the OpenAI API unless OPENAI_API_KEY is set
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamText } from "ai";
import { HoneyHiveTracer } from "honeyhive";

const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL: process.env.OPENAI_BASE_URL });
const tracer = new HoneyHiveTracer({ apiKey: process.env.HH_API_KEY, project: "support-bot", sessionName: "vercel-ai-example" });

// 1. Globally: routed by the tracer active in context.
const summary = await tracer.trace(async () => {
  const { text } = await generateText({
    model: openai.chat("gpt-4o-mini"),
    prompt: "Summarize OpenTelemetry in one sentence.",
    experimental_telemetry: { isEnabled: true },
  });
  return text;
});

// 2. Per call, bound to one tracer: no tracer needs to be active in context.
const telemetry = { isEnabled: true, tracer: tracer.getTracer(), functionId: "draft-reply" };
let reply = "";
for await (const part of streamText({ model: openai.chat("gpt-4o-mini"), prompt: `Draft a reply based on: ${summary}`, experimental_telemetry: telemetry }).textStream) {
  reply += part;
}

export { reply };
console.log(`summary: ${summary}\nreply: ${reply}`);
await tracer.flush();
await closeFakeOpenAI();
await localBackend.report();
