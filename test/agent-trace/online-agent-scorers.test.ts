/**
 * The agent scorers online: a production tracer with online evaluation at session scope runs trajectoryMatch,
 * toolAssertions and budget on a real agent's session (the `openai` client with tools, OpenInference's instrumentation,
 * two requests in one session) against the loopback fake, once per session, and their scores land on the session's
 * event in the real dev server. The trace they get has the shape evaluate() gives for the same work: the same tool
 * calls with the same arguments and results, the same model calls.
 */
import { randomUUID } from "node:crypto";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { type AgentTrace, createApiClient, HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { budget, calledTool, noToolErrors, toolAssertions, trajectoryMatch } from "../../packages/honeyhive/src/evaluators";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { requireOpenAI } from "../routing/openai-workload";
import { KEY, startViewerServer } from "../viewer/helpers/viewer-server";
import { runSupportAgent, supportToolPlan, TOOL_FUNCTIONS } from "./support-agent";

let fake: FakeOpenAI;
let server: DevServer;
let client: OpenAIClient;
let tracer: HoneyHiveTracer;
const online: AgentTrace[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI({ toolPlan: supportToolPlan });
  server = await startViewerServer();
  // the app's tracer, created before the `openai` module loads (its instrumentation patches it as it loads)
  tracer = new HoneyHiveTracer({
    apiKey: KEY, serverUrl: server.url, setAsDefault: false, logSink: () => undefined, instrumentations: [new OpenAIInstrumentation()],
    onlineEvaluation: { target: "session", evaluators: scorers(online) },
  });
  client = new (requireOpenAI().OpenAI)({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
}, 60_000);
afterAll(async () => {
  resetHoneyHiveGlobals();
  await Promise.all([fake.close(), server.close()]);
});

const TRACED = Object.fromEntries(Object.entries(TOOL_FUNCTIONS).map(([name, fn]) => [name, trace(fn, { eventType: "tool" })]));
const agent = (prompt: string) => runSupportAgent(client, prompt, (name, args) => TRACED[name]!(args));
const EXPECTED = [{ name: "lookup_order", arguments: { order_id: "A1" } }, { name: "refund_order", arguments: { order_id: "A1", amount: 25 } }, { name: "lookup_order", arguments: { order_id: "B2" } }];

/** The scorers, the same offline and online, and an evaluator keeping the trace it was given. */
function scorers(seen: AgentTrace[]) {
  return [
    trajectoryMatch({ expected: EXPECTED }),
    toolAssertions([calledTool("refund_order", { args: { order_id: "A1" }, times: 1 }), noToolErrors()]),
    budget({ maxModelCalls: 5 }),
    function trace_steps(_o: unknown, _i: unknown, _g: unknown, context?: { trace: AgentTrace }) {
      seen.push(context!.trace);
      return context!.trace.steps.length;
    },
  ];
}

/** What the two runs must agree on: tool calls with arguments and results, model calls' models and tokens. */
function shape(t: AgentTrace) {
  return {
    tools: t.toolCalls.map((c) => ({ name: c.name, arguments: c.arguments, result: c.result, error: c.error })),
    models: t.modelCalls.map((c) => ({ model: c.model, inputTokens: c.inputTokens, outputTokens: c.outputTokens })),
    steps: t.steps.map((s) => s.kind),
  };
}

describe("agent scorers online, at session scope", () => {
  it("judge a production session once, on the trace shape evaluate() gives", async () => {
    const sessionId = randomUUID();
    for (const prompt of ["refund A1", "status B2"]) {
      await tracer.withSession({ sessionId, sessionName: "support" }, () => tracer.startSpan("handle", () => agent(prompt), { eventType: "chain", captureOutput: true }));
    }
    expect(await tracer.shutdown(20_000)).toBe(true); // the session ends: it is judged, once
    expect(online).toHaveLength(1);
    const api = createApiClient({ serverUrl: server.url, apiKey: KEY });
    const res = await api.events.export({ filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 100 });
    if (!res.ok) throw new Error(res.error);
    const session = res.data.events.find((e) => e.event_type === "session");
    expect(session?.metrics).toMatchObject({ trajectory_match: true, tool_assertions: true, budget: true, budget_model_calls: 5, budget_tool_calls: 3, trace_steps: 8 });

    // the same work under evaluate(): the trace has the same shape
    const offline: AgentTrace[] = [];
    await evaluate({
      name: "support-offline", apiKey: KEY, serverUrl: server.url, progress: false, dataset: [{ inputs: { prompts: ["refund A1", "status B2"] } }],
      function: async (inputs: { prompts: string[] }) => {
        for (const prompt of inputs.prompts) await agent(prompt);
        return "done";
      },
      evaluators: scorers(offline),
    });
    expect(shape(online[0]!)).toEqual(shape(offline[0]!));
    expect(online[0]!.toolCalls.map((c) => c.name)).toEqual(["lookup_order", "refund_order", "lookup_order"]);
  });
});
