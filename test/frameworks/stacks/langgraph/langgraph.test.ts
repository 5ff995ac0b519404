/**
 * Issue 23, requirement 3: LangGraph (`createReactAgent` with a tool, `@langchain/openai`) traced by OpenInference's
 * LangChain instrumentation (`manuallyInstrument` of `@langchain/core/callbacks/manager`), under `evaluate()` (20
 * datapoints, 10 at a time) against the fake OpenAI server: per datapoint a tool run (tool-call turn + answer) and a
 * streamed run — 60 LLM calls, each one model event in its own datapoint's session; graph nodes are chains.
 */
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { type StackBackend, modelEvents, startStackBackend } from "../../../routing/evaluate-stack";
import { recordStackRow, stackRow } from "../../stack-row";
import { chainEventsWithoutIo } from "../../step-io-check";
import { agentCalls, bindStackCallbackQueue, createAgents } from "./langgraph-shared";

const stackDir = dirname(fileURLToPath(import.meta.url));
let fake: FakeOpenAI;
let backend: StackBackend;
let agents: ReturnType<typeof createAgents>;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  bindStackCallbackQueue();
  const instrumentation = new LangChainInstrumentation();
  createTestTracer({ instrumentations: [instrumentation] });
  instrumentation.manuallyInstrument(CallbackManagerModule);
  agents = createAgents(`${fake.url}/v1`);
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

describe("LangGraph createReactAgent + OpenInference LangChain, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("60 LLM calls -> 60 model events, graph nodes typed chain, the tool a tool event", async () => {
    const report = await backend.evaluate("langgraph", (i) => agentCalls(agents, i), undefined, { tags: ["a", "b"], callsPerTag: { a: 2 } });
    const row = stackRow("langgraph", stackDir, report, { streamedTags: ["b"] });
    recordStackRow(row);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 60, arrived: 60, misrouted: 0, doubleCounted: 0, lost: 0 });
    for (const events of report.eventsByDatapoint) {
      expect(modelEvents(events).map((e) => e.event_name)).toEqual(["ChatOpenAI", "ChatOpenAI", "ChatOpenAI"]);
      expect(events.filter((e) => e.event_type === "tool").map((e) => e.event_name)).toEqual(["lookup"]);
      expect(new Set(events.filter((e) => ["LangGraph", "agent", "tools"].includes(e.event_name)).map((e) => e.event_type))).toEqual(new Set(["chain"]));
    }
    expect(row.withTokens).toBe("60/60");
    // depends on the translate lane (tool inputs and outputs from OpenInference's input.value/output.value)
    expect(row.withInputsOutputs).toBe("80/80");
    // agent and step events (the graph, its nodes) carry inputs and outputs
    expect(report.eventsByDatapoint.flatMap(chainEventsWithoutIo)).toEqual([]);
  });

  it("diagnose() after the evaluation reports no instrumentation problem", async () => {
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.filter((c) => c.status === "problem").map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
    expect(diagnosis.checks.find((c) => c.id === "instrumentations")?.status).not.toBe("problem");
  });
});
