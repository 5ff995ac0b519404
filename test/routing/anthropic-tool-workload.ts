/**
 * Datapoint i's Anthropic tool loop through the real `@anthropic-ai/sdk` client (tag `t`, two LLM calls): the first
 * turn streamed with `messages.stream()` offering one tool, whose reply is a `tool_use`; the app runs the tool (traced
 * as a `tool` event); the second turn sends its result back as a `user` message of `tool_result` blocks and gets the
 * answer. The fake (test/helpers/fake-anthropic-server.ts) calls the first tool with the prompt as the query.
 */
import type * as AnthropicModule from "@anthropic-ai/sdk";
import { traceTool } from "../../packages/honeyhive/src/instrument/legacy-trace";
import { toolResultFor } from "../frameworks/ai-sdk-workload";
import { unitMark } from "./routing-check";

/** The tool offered on the first turn. */
const LOOKUP = {
  name: "lookup",
  description: "Looks the query up.",
  input_schema: { type: "object" as const, properties: { query: { type: "string" } }, required: ["query"] },
};

/** The app's tool: a traced function, so its call is a `tool` event with the query as inputs and the result as outputs. */
const lookup = traceTool(async function lookup(query: string): Promise<string> {
  return toolResultFor(query);
}, { eventName: "lookup" });

/** The tool loop of datapoint `i` through `anthropic`; returns the final answer. */
export async function anthropicToolLoop(anthropic: AnthropicModule.Anthropic, i: number, model = "claude-test"): Promise<string[]> {
  const question = { role: "user" as const, content: `${unitMark(i)}t` };
  const first = await anthropic.messages.stream({ model, max_tokens: 64, tools: [LOOKUP], messages: [question] }).finalMessage();
  const call = first.content.find((block) => block.type === "tool_use");
  if (call?.type !== "tool_use") throw new Error(`datapoint ${i}: the first turn made no tool call (${first.stop_reason})`);
  const result = await lookup((call.input as { query: string }).query);
  const answer = await anthropic.messages.create({
    model, max_tokens: 64, tools: [LOOKUP],
    messages: [question, { role: "assistant", content: first.content }, { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: result }] }],
  });
  return [answer.content.map((block) => (block.type === "text" ? block.text : "")).join("")];
}
