/** Datapoint i's two AI SDK calls with telemetry on: `generateText` (`unit-<i>/a`), then `streamText` (`unit-<i>/b`). */
import type { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamText } from "ai";
import { unitMark } from "./routing-check";

/** Both answers, in call order. */
export async function vercelAiCalls(provider: ReturnType<typeof createOpenAI>, i: number): Promise<string[]> {
  const model = provider.chat("gpt-test");
  const telemetry = { isEnabled: true };
  const first = (await generateText({ model, prompt: `${unitMark(i)}a`, experimental_telemetry: telemetry })).text;
  let streamed = "";
  for await (const part of streamText({ model, prompt: `${unitMark(i)}b`, experimental_telemetry: telemetry }).textStream) streamed += part;
  return [first, streamed];
}
