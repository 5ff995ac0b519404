/**
 * Issue 23, requirement 2 (LangChain + a provider instrumentation): the LangGraph stack of `langgraph.test.ts` with
 * OpenInference's OpenAI client instrumentation added. LangChain's LLM run span (never made current) and the client's
 * `OpenAI Chat Completions` span report each call as two spans neither of which encloses the other; the sibling rule
 * (semconv/sibling-call.ts) keeps one model event per call and links the other (`metadata.same_call_as`, a chain),
 * with the usage counted once — also for streamed calls, where the client span has no usage of its own.
 */
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";
import OpenAI from "openai";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HoneyHiveEvent } from "../../../../packages/honeyhive/src/api-client/types";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { DATAPOINTS, type StackBackend, modelEvents, startStackBackend } from "../../../routing/evaluate-stack";
import { recordStackRow, stackRow } from "../../stack-row";
import { agentCalls, bindStackCallbackQueue, chatModelCalls, createAgents } from "./langgraph-shared";

const stackDir = dirname(fileURLToPath(import.meta.url));
let fake: FakeOpenAI;
let backend: StackBackend;
let agents: ReturnType<typeof createAgents>;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  bindStackCallbackQueue();
  const langchain = new LangChainInstrumentation();
  const openai = new OpenAIInstrumentation();
  createTestTracer({ instrumentations: [langchain, openai] });
  langchain.manuallyInstrument(CallbackManagerModule);
  openai.manuallyInstrument(OpenAI);
  agents = createAgents(`${fake.url}/v1`);
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

function metadata(event: HoneyHiveEvent): Record<string, unknown> {
  return (event.metadata ?? {}) as Record<string, unknown>;
}

describe("LangGraph + OpenInference LangChain + OpenInference OpenAI (siblings), evaluate() 20 datapoints x maxWorkers 10", () => {
  it("60 LLM calls reported twice -> 60 model events, each twin a chain linked to its model event, tokens once", async () => {
    const report = await backend.evaluate("langgraph-openai", (i) => agentCalls(agents, i), undefined, { tags: ["a", "b"], callsPerTag: { a: 2 } });
    const row = stackRow("langgraph+openai", stackDir, report, { streamedTags: ["b"] });
    recordStackRow(row);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 60, arrived: 60, misrouted: 0, doubleCounted: 0, lost: 0 });
    let total = 0;
    for (const events of report.eventsByDatapoint) {
      const models = modelEvents(events);
      const reports = events.filter((e) => e.event_name === "OpenAI Chat Completions" || e.event_name === "ChatOpenAI");
      const twins = reports.filter((e) => e.event_type !== "model");
      expect(reports).toHaveLength(6);
      expect(twins.map((e) => e.event_type)).toEqual(["chain", "chain", "chain"]);
      // the model event is LangChain's LLM run, inside the graph (its parent a LangChain run), every run: the client's
      // span under the datapoint's span is the twin (it ends within a millisecond of the run, so times cannot order them)
      expect(models.map((e) => e.event_name)).toEqual(["ChatOpenAI", "ChatOpenAI", "ChatOpenAI"]);
      // each twin names its call's model event (its event id), and each model event is named by one twin
      const named = twins.map((e) => String(metadata(e).same_call_as));
      expect(new Set(named)).toEqual(new Set(models.map((e) => e.event_id)));
      total += models.reduce((sum, e) => sum + Number(metadata(e).total_tokens ?? 0), 0);
    }
    // usage per call (words): tool-call turn 1 + 1, answer turn 1 + 2, streamed run 1 + 2 — counted once each
    expect(total).toBe(DATAPOINTS * 8);
    expect(row.withTokens).toBe("60/60");
    // depends on the translate lane (tool inputs and outputs from OpenInference's input.value/output.value)
    expect(row.withInputsOutputs).toBe("80/80");
  });

  it("LangChain's chat model called directly (its LLM span a root run), both instrumentations: 40 calls -> 40 model events, every one LangChain's run", async () => {
    const report = await backend.evaluate("langchain-openai", (i) => chatModelCalls(agents.llm, i));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 40, arrived: 40, misrouted: 0, doubleCounted: 0, lost: 0 });
    let runs = 0;
    for (const events of report.eventsByDatapoint) {
      expect(events.filter((e) => e.event_name === "OpenAI Chat Completions" || e.event_name === "ChatOpenAI").map((e) => e.event_type).sort()).toEqual(["chain", "chain", "model", "model"]);
      // both spans hang under the datapoint's span (no tree tells them apart, and they end within a millisecond of
      // each other): the framework's report is kept over the client's, every call of every run
      const models = modelEvents(events);
      expect(models.map((e) => e.event_name)).toEqual(["ChatOpenAI", "ChatOpenAI"]);
      const twins = events.filter((e) => e.event_name === "OpenAI Chat Completions");
      expect(twins.map((e) => e.event_type)).toEqual(["chain", "chain"]);
      expect(new Set(twins.map((e) => String(metadata(e).same_call_as)))).toEqual(new Set(models.map((e) => e.event_id)));
      runs += models.length;
    }
    expect(runs).toBe(40);
  });

  it("diagnose() after the evaluation reports no instrumentation problem", async () => {
    const diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.filter((c) => c.status === "problem").map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
    expect(diagnosis.checks.find((c) => c.id === "instrumentations")?.status).not.toBe("problem");
  });
});
