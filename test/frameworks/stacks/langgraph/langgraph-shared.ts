/**
 * The LangGraph stack's app, shared by its two setups (LangChain instrumentation alone; with the OpenAI client
 * instrumentation too): a `createReactAgent` with one tool (`unit-<i>/a`: a tool-call turn, the tool, the answer turn)
 * and a streamed run of an agent without tools (`unit-<i>/b`, `streamMode: "messages"`).
 */
import { tool } from "@langchain/core/tools";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import { bindStackCallbackQueue as bindQueueOf } from "../../stack-callback-queue";
import { unitMark } from "../../../routing/routing-check";

/** Binds the callback queue of this stack's `@langchain/core` (see stack-callback-queue.ts). */
export function bindStackCallbackQueue(): void {
  bindQueueOf(import.meta.url);
}

/** The two agents of the stack and their chat model, talking to the fake OpenAI server at `baseURL`. */
export function createAgents(baseURL: string): { withTool: ReturnType<typeof createReactAgent>; plain: ReturnType<typeof createReactAgent>; llm: ChatOpenAI } {
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-test", configuration: { baseURL }, maxRetries: 0 });
  const lookup = tool(async ({ word }: { word: string }) => `definition of ${word}`, {
    name: "lookup", description: "Looks a word up.", schema: z.object({ word: z.string() }),
  });
  return { withTool: createReactAgent({ llm, tools: [lookup] }), plain: createReactAgent({ llm, tools: [] }), llm };
}

function text(content: unknown): string {
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("") : "";
}

/** Datapoint `i`'s two runs; returns the two answers. */
export async function agentCalls(agents: ReturnType<typeof createAgents>, i: number): Promise<string[]> {
  const first = await agents.withTool.invoke({ messages: [{ role: "user", content: `${unitMark(i)}a` }] });
  const answer = text(first.messages.at(-1)?.content);
  let streamed = "";
  const stream = await agents.plain.stream({ messages: [{ role: "user", content: `${unitMark(i)}b` }] }, { streamMode: "messages" });
  for await (const [chunk] of stream) streamed += text((chunk as { content?: unknown }).content);
  return [answer, streamed];
}

/** Datapoint `i`'s two direct chat model calls (no graph: LangChain's LLM span is a root run), the second streamed. */
export async function chatModelCalls(llm: ChatOpenAI, i: number): Promise<string[]> {
  const first = await llm.invoke(`${unitMark(i)}a`);
  let streamed = "";
  for await (const chunk of await llm.stream(`${unitMark(i)}b`)) streamed += text(chunk.content);
  return [text(first.content), streamed];
}
