/** The LlamaIndex stack's workload, shared by its test files (each patches the process its own way). */
import type { OpenAI as LlamaOpenAI } from "@llamaindex/openai";
import { unitMark } from "../../../routing/routing-check";

/** Datapoint `i`'s two calls through LlamaIndex's OpenAI LLM: a plain `chat()` (`a`) and a streamed one (`b`). */
export async function llamaIndexCalls(llm: LlamaOpenAI, i: number): Promise<string[]> {
  const first = await llm.chat({ messages: [{ role: "user", content: `${unitMark(i)}a` }] });
  let streamed = "";
  for await (const chunk of await llm.chat({ messages: [{ role: "user", content: `${unitMark(i)}b` }], stream: true })) streamed += chunk.delta;
  return [String(first.message.content), streamed];
}
