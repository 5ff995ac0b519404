/**
 * LangGraph's `createReactAgent` with `ChatBedrockConverse` (`@langchain/aws`, Converse and ConverseStream), traced by
 * OpenInference's LangChain instrumentation as the providers guide's LangChain setup does, under `evaluate()` (20
 * datapoints, 10 at a time) against the loopback Bedrock fake: per datapoint the agent invoked and streamed, each run a
 * tool-call turn and an answer turn: 80 LLM calls. The model is named only in LangChain's run metadata
 * (`ls_model_name`): each event has it, and Bedrock's price for it.
 */
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { ChatBedrockConverse } from "@langchain/aws";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import { tool } from "@langchain/core/tools";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { modelEvents } from "../../../routing/evaluate-stack";
import { unitMark } from "../../../routing/routing-check";
import { startFakeBedrock } from "../../fake-bedrock-server";
import { expectDiagnosisClean, withProviderStack } from "../../provider-stack";
import { bindStackCallbackQueue } from "../../stack-callback-queue";

const MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

function createAgent(endpoint: string): ReturnType<typeof createReactAgent> {
  const client = new BedrockRuntimeClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" }, maxAttempts: 1 });
  const llm = new ChatBedrockConverse({ model: MODEL, region: "us-east-1", client, maxTokens: 64 });
  const lookup = tool(async ({ input }: { input: string }) => `found ${input}`, {
    name: "lookup", description: "Looks the input up.", schema: z.object({ input: z.string() }),
  });
  return createReactAgent({ llm, tools: [lookup] });
}

function text(content: unknown): string {
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((part) => (part?.type === "text" && typeof part.text === "string" ? part.text : "")).join("") : "";
}

async function agentCalls(agent: ReturnType<typeof createAgent>, i: number): Promise<string[]> {
  const first = await agent.invoke({ messages: [{ role: "user", content: `${unitMark(i)}a` }] });
  let streamed = "";
  const stream = await agent.stream({ messages: [{ role: "user", content: `${unitMark(i)}b` }] }, { streamMode: "messages" });
  for await (const [chunk, metadata] of stream) {
    if ((metadata as { langgraph_node?: string }).langgraph_node !== "agent") continue;
    const { content, tool_call_chunks: calls } = chunk as { content?: unknown; tool_call_chunks?: unknown[] };
    streamed = (calls?.length ?? 0) > 0 ? "" : streamed + text(content);
  }
  return [text(first.messages.at(-1)?.content), streamed];
}

const stack = withProviderStack({
  stack: "langchain-bedrock",
  testUrl: import.meta.url,
  startFake: () => startFakeBedrock(EventStreamCodec),
  fromStackDir: true,
  captureLogs: false,
  streamedTags: ["b"],
  run: (fake, backend) => {
    bindStackCallbackQueue(import.meta.url);
    const langchain = new LangChainInstrumentation();
    createTestTracer({ instrumentations: [langchain] });
    langchain.manuallyInstrument(CallbackManagerModule);
    const agent = createAgent(fake.url);
    return backend.evaluate("langchain-bedrock", (i) => agentCalls(agent, i), undefined, { callsPerTag: { a: 2, b: 2 } });
  },
});

describe("LangGraph + ChatBedrockConverse + OpenInference LangChain, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("80 LLM calls -> 80 model events, each in its own datapoint's session, none doubled", () => {
    expect(stack.report.problems).toEqual([]);
    expect(stack.report).toMatchObject({ expected: 80, arrived: 80, misrouted: 0, doubleCounted: 0, lost: 0 });
  });

  it("every model event whole: the model from ls_model_name, provider aws.bedrock, Bedrock's price; streamed turns with a time to first token", () => {
    expect(stack.row).toMatchObject({ withTokens: "80/80", priced: "80/80", withProvider: "80/80", firstToken: "40/40" });
    const [withIo, of] = stack.row.withInputsOutputs.split("/");
    expect(withIo).toBe(of);
    for (const event of stack.report.eventsByDatapoint.flatMap(modelEvents)) {
      expect(event.config).toMatchObject({ provider: "aws.bedrock", model: MODEL });
      expect(String((event.metadata as Record<string, unknown>).cost_price_key)).toMatch(/^aws\//);
    }
  });

  it("diagnose(): no problem, the instrumentation's spans counted", async () => {
    await expectDiagnosisClean("@arizeai/openinference-instrumentation-langchain");
  });
});
