/**
 * Issue 23, requirements 2 and 3: the OpenAI Agents SDK (`@openai/agents`, Responses API) traced by OpenInference's
 * agents instrumentation (a trace processor, `manuallyInstrument(agents)`) together with OpenInference's OpenAI
 * client instrumentation, under `evaluate()` (20 datapoints, 10 at a time) against the fake Responses API.
 *
 * Per datapoint: an agent run with a tool (`unit-<i>/a`: a tool-call turn, the tool, the answer turn: two LLM calls)
 * and a streamed run of an agent without tools (`unit-<i>/b`: one call). Each LLM call is reported twice — the
 * processor's `response` span and the client's `OpenAI Responses` span — as spans neither of which encloses the
 * other (the processor never makes its spans current, and the Agents SDK starts its own trace root), so before the
 * sibling rule (semconv/sibling-call.ts) the run had 120 model events for 60 calls.
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { OpenAIAgentsInstrumentation } from "@arizeai/openinference-instrumentation-openai-agents";
import * as agents from "@openai/agents";
import OpenAI from "openai";
import { z } from "zod";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HoneyHiveEvent } from "../../../../packages/honeyhive/src/api-client/types";
import { diagnose } from "../../../../packages/honeyhive/src/diagnose/index";
import { createTestTracer } from "../../../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../../../helpers/fake-openai-server";
import { DATAPOINTS, type StackBackend, modelEvents, startStackBackend } from "../../../routing/evaluate-stack";
import { unitMark } from "../../../routing/routing-check";
import { recordStackRow, stackRow } from "../../stack-row";
import { chainEventsWithoutIo } from "../../step-io-check";

const stackDir = dirname(fileURLToPath(import.meta.url));
let fake: FakeOpenAI;
let backend: StackBackend;
let withTool: agents.Agent;
let plain: agents.Agent;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  backend = await startStackBackend();
  const openAIInstrumentation = new OpenAIInstrumentation();
  const agentsInstrumentation = new OpenAIAgentsInstrumentation();
  createTestTracer({ instrumentations: [openAIInstrumentation, agentsInstrumentation] });
  openAIInstrumentation.manuallyInstrument(OpenAI); // ESM: the namespace the Agents SDK's client comes from
  agentsInstrumentation.manuallyInstrument(agents);
  agents.setTracingDisabled(false); // the Agents SDK turns its tracing off when NODE_ENV is "test" (vitest sets it)
  agents.setDefaultOpenAIClient(new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 }) as never);
  agents.setOpenAIAPI("responses");
  const lookup = agents.tool({
    name: "lookup", description: "Looks a word up.", parameters: z.object({ word: z.string() }),
    execute: async ({ word }) => `definition of ${word}`,
  });
  withTool = new agents.Agent({ name: "Researcher", instructions: "Look the word up, then answer.", model: "gpt-4o-mini", tools: [lookup] });
  plain = new agents.Agent({ name: "Writer", instructions: "Answer briefly.", model: "gpt-4o-mini" });
});
afterAll(async () => {
  await fake.close();
  await backend.close();
});

async function calls(i: number): Promise<string[]> {
  const first = await agents.run(withTool, `${unitMark(i)}a`);
  const streamed = await agents.run(plain, `${unitMark(i)}b`, { stream: true });
  for await (const _event of streamed) {
    // consume the stream as an app rendering it would
  }
  await streamed.completed;
  return [String(first.finalOutput), String(streamed.finalOutput)];
}

function tokens(event: HoneyHiveEvent): number {
  return Number((event.metadata as Record<string, unknown> | undefined)?.total_tokens ?? 0);
}

let agentRunEvents: HoneyHiveEvent[] = [];
let allEvents: HoneyHiveEvent[][] = [];

describe("OpenAI Agents SDK + OpenInference agents + OpenInference OpenAI, evaluate() 20 datapoints x maxWorkers 10", () => {
  it("60 LLM calls -> 60 model events (the twin of each a linked chain), tools and agents with inputs and outputs, tokens once", async () => {
    const report = await backend.evaluate("openai-agents", calls, undefined, { tags: ["a", "b"], callsPerTag: { a: 2 } });
    const row = stackRow("openai-agents", stackDir, report, { streamedTags: ["b"] });
    recordStackRow(row);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ expected: 60, arrived: 60, misrouted: 0, doubleCounted: 0, lost: 0 });
    expect(fake.requests.filter((r) => r.path === "/v1/responses")).toHaveLength(60);
    let total = 0;
    for (const events of report.eventsByDatapoint) {
      const models = modelEvents(events);
      // each call's twin is kept as a chain event naming its model event
      const twins = events.filter((e) => typeof (e.metadata as Record<string, unknown> | undefined)?.same_call_as === "string");
      expect(twins.map((e) => e.event_type)).toEqual(["chain", "chain", "chain"]);
      // … by its event id: the link names a model event of the session (the twins are in another trace than it)
      for (const twin of twins) expect(models.map((m) => m.event_id)).toContain((twin.metadata as Record<string, unknown>).same_call_as);
      for (const model of models) expect(tokens(model)).toBeGreaterThan(0);
      total += models.reduce((sum, e) => sum + tokens(e), 0);
      const tools = events.filter((e) => e.event_type === "tool");
      expect(tools.map((e) => e.event_name)).toEqual(["lookup"]);
      const agentEvents = events.filter((e) => e.event_name === "Researcher" || e.event_name === "Writer");
      expect(agentEvents.map((e) => e.event_type)).toEqual(["chain", "chain"]);
    }
    // usage per call (words): tool-call turn 1 + 1, answer turn 1 + 2, streamed run 1 + 2 — counted once each
    expect(total).toBe(DATAPOINTS * 8);
    expect(row.withTokens).toBe("60/60");
    // depends on the translate lane (tool/agent inputs and outputs from OpenInference's input.value/output.value)
    expect(row.withInputsOutputs).toBe("80/80");
    allEvents = report.eventsByDatapoint;
    agentRunEvents = report.eventsByDatapoint.flatMap((events) => events.filter((e) => e.event_name === "Researcher" || e.event_name === "Writer"));
  });

  // Which report of a call is its model event must not vary from run to run: the processor's `response` span, inside
  // the agent's tree (agent -> turn -> response), the call as the application made it; the client's `OpenAI Responses`
  // span (parented to what was active: the datapoint's span, outside the agent run) is the linked twin. Both report
  // usage, and both end within the same millisecond (the Agents SDK's times are whole milliseconds), so end times
  // cannot order them: the sibling rule's own-tree tie-break does (semconv/sibling-call.ts).
  it("every model event is the agent's `response` span inside its `turn`; every twin is the client's span", () => {
    expect(allEvents).toHaveLength(DATAPOINTS);
    const misplaced = allEvents.flatMap((events) => {
      const byId = new Map(events.map((e) => [e.event_id, e]));
      const twins = events.filter((e) => typeof (e.metadata as Record<string, unknown> | undefined)?.same_call_as === "string");
      const kept = modelEvents(events).map((m) => `${m.event_name} under ${byId.get(String(m.parent_id))?.event_name ?? "no parent"}`);
      return [...kept.filter((k) => k !== "response under turn"), ...twins.filter((t) => t.event_name !== "OpenAI Responses").map((t) => `twin ${t.event_name}`)];
    });
    expect(misplaced).toEqual([]);
  });

  // The agent spans of @openai/agents 0.20 through OpenInference carry no input or output of their own (the
  // instrumentation lifts them onto the trace's root only): the SDK gives each the first model call's inputs and the
  // last one's outputs of the calls it contains (semconv/genai/step-io-from-calls.ts, decision record 0020).
  it("agent events carry inputs and outputs: the first model call's messages, the last call's answer", () => {
    expect(agentRunEvents.length).toBe(DATAPOINTS * 2);
    for (const agent of agentRunEvents) {
      const mark = agent.event_name === "Researcher" ? "a" : "b";
      expect(agent.inputs).toMatchObject({ chat_history: expect.arrayContaining([{ role: "user", content: expect.stringMatching(new RegExp(`^unit-\\d+/${mark}$`)) }]) });
      expect(agent.outputs).toMatchObject({ role: "assistant", content: expect.stringMatching(new RegExp(`^echo: unit-\\d+/${mark}$`)) });
      expect(agent.metadata).toMatchObject({ io_from_model_calls: ["inputs", "outputs"] });
    }
  });

  // The processor's `response` span (kept) records nothing of the stream; its twin, the client's `OpenAI Responses`
  // span, has the stream observer's time to first chunk and `stream: true`: handed over by the sibling rule.
  it("the streamed run's model event has the time to first token and streamed; the runs not streamed have neither", () => {
    const models = allEvents.flatMap((events) => modelEvents(events));
    const streamedRun = models.filter((e) => /unit-\d+\/b/.test(JSON.stringify(e.inputs)));
    expect(streamedRun).toHaveLength(DATAPOINTS);
    for (const model of streamedRun) expect(model.metadata).toMatchObject({ time_to_first_token: expect.any(Number), streamed: true });
    const others = models.filter((e) => !streamedRun.includes(e));
    expect(others).toHaveLength(DATAPOINTS * 2);
    for (const model of others) expect((model.metadata as Record<string, unknown>).streamed).toBeUndefined();
  });

  it("every chain event (workflow, agent, turn, the linked twin of a call) carries inputs and outputs", () => {
    expect(allEvents.flatMap(chainEventsWithoutIo)).toEqual([]);
  });

  it("diagnose() after the evaluation reports no instrumentation problem", async () => {
    const diagnosis = await diagnose({ backend: false });
    const instrumentations = diagnosis.checks.find((c) => c.id === "instrumentations");
    expect(diagnosis.checks.filter((c) => c.status === "problem").map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
    expect(instrumentations?.status).not.toBe("problem");
  });
});
