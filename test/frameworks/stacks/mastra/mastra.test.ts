/**
 * Issue 23, requirement 3: a Mastra agent with a tool (`@mastra/core` 1.x), exported through `@mastra/otel-bridge`
 * as the Mastra docs set it up, under `evaluate()` (20 datapoints at `maxWorkers: 10`). Per datapoint: a plain
 * `generate()` that uses the tool (two LLM round trips: the tool-call turn and the answer) and a streamed call
 * (`stream()`, one round trip). Each round trip (`model_step`) is one model event with its messages, output and tokens
 * (the streamed one's through HoneyHive's `mastraStepUsage()` span output processor); the `model_generation` and
 * `agent_run` spans are chains and the tool span a tool event, each with inputs and outputs.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { Mastra } from "@mastra/core";
import { Agent } from "@mastra/core/agent";
import { createTool } from "@mastra/core/tools";
import { Observability } from "@mastra/observability";
import { OtelBridge } from "@mastra/otel-bridge";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { mastraStepUsage } from "../../../../packages/honeyhive/src/index";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import type { HoneyHiveEvent } from "../../../../packages/honeyhive/src/api-client/types";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { type StackBackend, modelEvents, startStackBackend } from "../../../routing/evaluate-stack";
import { unitMark } from "../../../routing/routing-check";
import { recordStackRow, stackRow } from "../../stack-row";
import { chainEventsWithoutIo } from "../../step-io-check";

const stackDir = dirname(fileURLToPath(import.meta.url));
let fake: FakeOpenAI;
let backend: StackBackend;
let agent: Agent;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  // The bridge takes the global tracer provider when it is constructed. An app's install has one
  // @opentelemetry/api (the SDK's and Mastra's deduplicated); this stack has two (the root's and its own), so the
  // provider is registered first, as an app does by creating its HoneyHiveTracer before `new Mastra(...)`.
  createTestTracer();
  const openai = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
  const lookup = createTool({
    id: "lookup", description: "Looks a word up", inputSchema: z.object({ word: z.string() }),
    execute: async ({ word }) => ({ definition: `definition of ${word}` }),
  });
  const helper = new Agent({ id: "helper", name: "helper", instructions: "Be terse.", model: openai.chat("gpt-4o-mini"), tools: { lookup } });
  const mastra = new Mastra({
    agents: { helper },
    logger: false,
    observability: new Observability({
      configs: { default: { serviceName: "stack-mastra", bridge: new OtelBridge(), spanOutputProcessors: [mastraStepUsage()] } },
    }),
  });
  agent = mastra.getAgent("helper");
});
afterAll(async () => {
  await fake?.close();
  await backend?.close();
});

async function calls(i: number): Promise<string[]> {
  const first = await agent.generate(`${unitMark(i)}a`);
  let streamed = "";
  const stream = await agent.stream(`${unitMark(i)}b`, { toolChoice: "none" });
  for await (const part of stream.textStream) streamed += part;
  return [first.text, streamed];
}

function byType(events: readonly HoneyHiveEvent[], mastraType: string): HoneyHiveEvent[] {
  return events.filter((e) => (e.metadata as Record<string, unknown> | undefined)?.["mastra.span.type"] === mastraType);
}

describe("Mastra agent + @mastra/otel-bridge, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("60 LLM round trips -> 60 model events (one per model_step), tools and chains with inputs and outputs", async () => {
    const report = await backend.evaluate("mastra", calls, undefined, { callsPerTag: { a: 2 } });
    const row = stackRow("mastra", stackDir, report, { streamedTags: ["b"] });
    recordStackRow(row);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 60, arrived: 60, misrouted: 0, doubleCounted: 0, lost: 0 });
    expect(row.withInputsOutputs).toBe("80/80");
    expect(row.withTokens).toBe("60/60");
    for (const events of report.eventsByDatapoint) {
      const models = modelEvents(events);
      expect(models.map((e) => (e.metadata as Record<string, unknown>)["mastra.span.type"])).toEqual(["model_step", "model_step", "model_step"]);
      const toolTurn = models.find((e) => JSON.stringify(e.outputs).includes("tool_calls"))!;
      expect((toolTurn.outputs as { tool_calls: { function: { name: string } }[] }).tool_calls[0]!.function.name).toBe("lookup");
      for (const m of models) expect(m.inputs.chat_history).toBeDefined();
      const tools = events.filter((e) => e.event_type === "tool");
      expect(tools).toHaveLength(1);
      expect(tools[0]!.event_name).toBe("lookup"); // `execute_tool lookup`: the tool's name (semconv/event-name.ts)
      expect(tools[0]!.inputs).toMatchObject({ word: expect.stringMatching(/^unit-\d+\/a$/) });
      expect(tools[0]!.outputs).toMatchObject({ definition: expect.stringMatching(/^definition of unit-\d+\/a$/) });
      expect(chainEventsWithoutIo(events)).toEqual([]);
      for (const chain of [...byType(events, "model_generation"), ...byType(events, "agent_run")]) {
        expect(chain.event_type).toBe("chain");
        expect(Object.keys(chain.inputs).length).toBeGreaterThan(0);
        expect(Object.keys(chain.outputs).length).toBeGreaterThan(0);
      }
      // every round trip's usage: the provider's response for the plain calls, mastraStepUsage() for the stream
      for (const m of models) expect(m.metadata).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
      expect(models.filter((m) => (m.metadata as Record<string, unknown>).streamed === true)).toHaveLength(1);
    }
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
  });
});
