/** The unit of work of the Anthropic routing tests: datapoint i's two calls of the real `@anthropic-ai/sdk` client. */
import type * as AnthropicModule from "@anthropic-ai/sdk";
import { unitMark } from "./routing-check";

/** The model the root routing tests name (the fake echoes it; the price table does not know it). */
export const ANTHROPIC_TEST_MODEL = "claude-test";

/** Datapoint i's two calls through `client` (the second streamed), naming `model`. */
export async function anthropicCalls(anthropic: AnthropicModule.Anthropic, i: number, model = ANTHROPIC_TEST_MODEL): Promise<string[]> {
  const first = await anthropic.messages.create({ model, max_tokens: 64, messages: [{ role: "user", content: `${unitMark(i)}a` }] });
  const text = first.content.map((block) => (block.type === "text" ? block.text : "")).join("");
  let streamed = "";
  const stream = await anthropic.messages.create({ model, max_tokens: 64, stream: true, messages: [{ role: "user", content: `${unitMark(i)}b` }] });
  for await (const event of stream) if (event.type === "content_block_delta" && event.delta.type === "text_delta") streamed += event.delta.text;
  return [text, streamed];
}

/**
 * Datapoint i's two streamed calls through `client`: `messages.create({ stream: true })` (tag `b`) and the
 * `messages.stream()` helper read with `finalMessage()` (tag `s`), whose built-in telemetry span the client starts
 * beside the instrumentation's span instead of inside it.
 */
export async function anthropicStreamCalls(anthropic: AnthropicModule.Anthropic, i: number, model = ANTHROPIC_TEST_MODEL): Promise<string[]> {
  let streamed = "";
  const stream = await anthropic.messages.create({ model, max_tokens: 64, stream: true, messages: [{ role: "user", content: `${unitMark(i)}b` }] });
  for await (const event of stream) if (event.type === "content_block_delta" && event.delta.type === "text_delta") streamed += event.delta.text;
  const final = await anthropic.messages.stream({ model, max_tokens: 64, messages: [{ role: "user", content: `${unitMark(i)}s` }] }).finalMessage();
  return [streamed, final.content.map((block) => (block.type === "text" ? block.text : "")).join("")];
}
