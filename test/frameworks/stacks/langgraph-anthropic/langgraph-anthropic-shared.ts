/**
 * The LangGraph + ChatAnthropic stack's app, shared by its three setups (agent-stack.ts): a `createReactAgent` with
 * one tool, run twice per datapoint: invoked (`unit-<i>/a`: a tool-call turn whose reply is a text block and a
 * `tool_use` block, the tool, the answer turn) and streamed (`unit-<i>/b`, `streamMode: "messages"`: the same two turns streamed). Anthropic replies are content
 * blocks: the `AIMessage`'s `content` is an array (also a streamed answer's, since tools are bound) and its tool calls
 * are in `tool_calls` / `tool_call_chunks`. Four LLM calls per datapoint.
 */
import { ChatAnthropic } from "@langchain/anthropic";
import { tool } from "@langchain/core/tools";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { z } from "zod";
import { bindStackCallbackQueue as bindQueueOf } from "../../stack-callback-queue";
import { unitMark } from "../../../routing/routing-check";

/** Binds the callback queue of this stack's `@langchain/core` (see stack-callback-queue.ts). */
export function bindStackCallbackQueue(): void {
  bindQueueOf(import.meta.url);
}

/** The stack's agent, talking to the fake Anthropic server at `baseURL`. */
export function createAgent(baseURL: string): ReturnType<typeof createReactAgent> {
  const llm = new ChatAnthropic({ model: "claude-haiku-4-5", apiKey: "sk-ant-test", anthropicApiUrl: baseURL, maxRetries: 0, maxTokens: 64 });
  const lookup = tool(async ({ word }: { word: string }) => `definition of ${word}`, {
    name: "lookup", description: "Looks a word up.", schema: z.object({ word: z.string() }),
  });
  return createReactAgent({ llm, tools: [lookup] });
}

/** The text of a message's content: a string, or its `text` blocks (the `tool_use` blocks are not text). */
function text(content: unknown): string {
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((part) => (part?.type === "text" && typeof part.text === "string" ? part.text : "")).join("") : "";
}

/** LLM calls per run of the agent: the tool-call turn and the answer. */
export const CALLS_PER_RUN = 2;

/** Datapoint `i`'s two runs of `agent` (the second streamed); returns the two answers. */
export async function agentCalls(agent: ReturnType<typeof createAgent>, i: number): Promise<string[]> {
  const first = await agent.invoke({ messages: [{ role: "user", content: `${unitMark(i)}a` }] });
  const answer = text(first.messages.at(-1)?.content);
  // the answer is the model's text after its tool call (the tool-call turn's text and the tool's result stream first)
  let streamed = "";
  const stream = await agent.stream({ messages: [{ role: "user", content: `${unitMark(i)}b` }] }, { streamMode: "messages" });
  for await (const [chunk, metadata] of stream) {
    if ((metadata as { langgraph_node?: string }).langgraph_node !== "agent") continue;
    const { content, tool_call_chunks: calls } = chunk as { content?: unknown; tool_call_chunks?: unknown[] };
    streamed = (calls?.length ?? 0) > 0 ? "" : streamed + text(content);
  }
  return [answer, streamed];
}
