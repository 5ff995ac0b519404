// Working: the Vercel AI SDK 6 with `experimental_telemetry: { isEnabled: true }` (its own OpenTelemetry spans, scope "ai").
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamText } from "ai";
import { report, setupTracer, withFakeOpenAI } from "./report";

const tracer = setupTracer();
await report("before calls");
await withFakeOpenAI(tracer, async (baseURL) => {
  const model = createOpenAI({ baseURL, apiKey: "sk-test" }).chat("gpt-test");
  await generateText({ model, prompt: "unit-0/a", experimental_telemetry: { isEnabled: true } });
  for await (const part of streamText({ model, prompt: "unit-0/b", experimental_telemetry: { isEnabled: true } }).textStream) void part;
});
await report("after calls");
