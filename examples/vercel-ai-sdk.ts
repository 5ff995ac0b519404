/**
 * The Vercel AI SDK (`ai` v7) reports its own OpenTelemetry spans through `@ai-sdk/otel`. HoneyHive receives
 * them in two ways:
 *
 * 1. Register the integration once (`registerTelemetry(new OpenTelemetry())`): its spans go through the global
 *    provider and land in the session of the HoneyHive tracer active where the call was made.
 * 2. Give a call (or an agent) an integration bound to one tracer with `tracer.getTracer()`: its spans belong to
 *    that tracer even when no tracer is active in context.
 */
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { closeFakeOpenAI } from "./support/fake-openai"; // a local stand-in for the OpenAI API unless OPENAI_API_KEY is set
import { createOpenAI } from "@ai-sdk/openai";
import { OpenTelemetry } from "@ai-sdk/otel";
import { generateText, registerTelemetry, streamText } from "ai";
import { HoneyHiveTracer } from "honeyhive";

const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL: process.env.OPENAI_BASE_URL });
const tracer = new HoneyHiveTracer({ apiKey: process.env.HH_API_KEY, project: "support-bot", sessionName: "vercel-ai-example" });

// 1. Globally: routed by the tracer active in context.
registerTelemetry(new OpenTelemetry());
const summary = await tracer.trace(async () => {
  const { text } = await generateText({ model: openai.chat("gpt-4o-mini"), prompt: "Summarize OpenTelemetry in one sentence." });
  return text;
});

// 2. Per call, bound to one tracer: no tracer needs to be active in context.
const telemetry = { integrations: [new OpenTelemetry({ tracer: tracer.getTracer() })], functionId: "draft-reply" };
let reply = "";
for await (const part of streamText({ model: openai.chat("gpt-4o-mini"), prompt: `Draft a reply based on: ${summary}`, telemetry }).textStream) {
  reply += part;
}

export { reply };
console.log(`summary: ${summary}\nreply: ${reply}`);
await tracer.flush();
await closeFakeOpenAI();
await localBackend.report();
