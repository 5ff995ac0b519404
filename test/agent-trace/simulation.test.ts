/**
 * Multi-turn simulation under evaluate(): a simulated user (a fixed script, or a model playing a persona) talks to a
 * real tool-using agent (the `openai` client with tools, OpenInference's instrumentation) against loopback fakes, the
 * real dev server storing the sessions. Each turn is a chain event of the datapoint's session holding the app's model
 * events; the simulated user's calls are evaluation work, out of the evaluators' trace; conversation-level scorers see
 * the whole transcript. With the LLM cache, the replay run makes zero requests at either fake and gives a
 * byte-identical transcript and the same scores.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { type AgentTrace, createLlmCache, HoneyHiveTracer, type LlmCacheMode, trace } from "../../packages/honeyhive/src/index";
import { budget, modelUser, scriptedUser, simulateConversation, type SimulatedConversation, toolAssertions, calledTool, trajectoryJudge } from "../../packages/honeyhive/src/evaluators";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import type { HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { prepareExperiment } from "../../packages/honeyhive/src/runners/experiment-run";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { requireOpenAI } from "../routing/openai-workload";
import { KEY, startViewerServer } from "../viewer/helpers/viewer-server";
import { runSupportAgent, supportToolPlan, TOOL_FUNCTIONS } from "./support-agent";

let agentFake: FakeOpenAI;
let userFake: FakeOpenAI;
let judgeFake: FakeOpenAI;
let server: DevServer;
let dir: string;
/** Registers OpenInference's OpenAI instrumentation (as an app's tracer does). */
let setup: HoneyHiveTracer;

/** The simulated user's model: asks for a refund, then for a status, then is done. */
function userReply(body: any): string {
  const said = (body.messages as any[]).filter((m) => m.role === "assistant").length;
  const persona = /<persona>\n([\s\S]*?)\n<\/persona>/.exec(body.messages[0].content)?.[1] ?? "";
  const order = /order (\w+)/.exec(persona)?.[1] ?? "A1";
  return [`refund ${order}`, "status B2", "<done>"][said] ?? "<done>";
}

beforeAll(async () => {
  [agentFake, userFake, judgeFake] = await Promise.all([
    startFakeOpenAI({ toolPlan: supportToolPlan }),
    startFakeOpenAI({ chatReply: userReply }),
    startFakeOpenAI({ chatReply: (body) => JSON.stringify({ verdict: String(body.messages.at(-1).content).includes("<conversation>\nuser: refund") ? "good" : "poor", explanation: "saw the conversation" }) }),
  ]);
  server = await startViewerServer();
  dir = mkdtempSync(join(tmpdir(), "hh-simulation-"));
  setup = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: "setup", instrumentations: [new OpenAIInstrumentation()] });
}, 60_000);
afterAll(async () => {
  await setup.shutdown();
  resetHoneyHiveGlobals();
  await Promise.all([agentFake.close(), userFake.close(), judgeFake.close(), server.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const TRACED = Object.fromEntries(Object.entries(TOOL_FUNCTIONS).map(([name, fn]) => [name, trace(fn, { eventType: "tool" })]));

function agentApp(client: OpenAIClient) {
  return (message: string) => runSupportAgent(client, message, (name, args) => TRACED[name]!(args));
}

function withoutWallTime(metrics: Record<string, unknown>): Record<string, unknown> {
  const { budget_duration_ms: _measured, ...scores } = metrics;
  return scores;
}

async function sessionEvents(sessionId: string): Promise<HoneyHiveEvent[]> {
  const api = createApiClient({ serverUrl: server.url, apiKey: KEY });
  const res = await api.events.export({ filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 500 });
  if (!res.ok) throw new Error(res.error);
  return res.data.events;
}

describe("multi-turn simulation", () => {
  it("a scripted user, up to N turns with a stop condition: each turn a chain event holding the app's model events; scorers see the transcript and the whole trace", async () => {
    const client = new (requireOpenAI().OpenAI)({ baseURL: `${agentFake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    const traces: AgentTrace[] = [];
    const result = await evaluate<{ messages: string[] }, unknown, SimulatedConversation>({
      name: "scripted-conversation", apiKey: KEY, serverUrl: server.url, progress: false,
      dataset: [{ inputs: { messages: ["refund A1", "status B2", "status A1", "thanks"] } }],
      function: simulateConversation<{ messages: string[] }>({
        app: agentApp(client), user: scriptedUser((inputs) => inputs.messages), maxTurns: 5,
        stopWhen: ({ lastReply }) => lastReply.includes("status A1"),
      }),
      evaluators: [
        function turns(outputs: SimulatedConversation, _inputs: unknown, _gt: unknown, context?: { trace: AgentTrace }) {
          traces.push(context!.trace);
          return outputs.transcript.length;
        },
        toolAssertions([calledTool("lookup_order", { times: 3 }), calledTool("refund_order", { args: { order_id: "A1" }, times: 1 })]),
        budget({ maxModelCalls: 8 }),
      ],
    });
    const [datapoint] = result.datapoints;
    const outputs = datapoint!.outputs as SimulatedConversation;
    expect(outputs.stoppedBy).toBe("stop_condition");
    expect(outputs.turns).toBe(3);
    expect(outputs.transcript).toEqual([
      { role: "user", content: "refund A1" }, { role: "assistant", content: "echo: refund A1" },
      { role: "user", content: "status B2" }, { role: "assistant", content: "echo: status B2" },
      { role: "user", content: "status A1" }, { role: "assistant", content: "echo: status A1" },
    ]);
    expect(datapoint!.metrics).toMatchObject({ turns: 6, tool_assertions: true, budget: true, budget_model_calls: 7, budget_tool_calls: 4 });
    expect(traces[0]!.toolCalls.map((c) => c.name)).toEqual(["lookup_order", "refund_order", "lookup_order", "lookup_order"]);

    // the session: one chain event per turn, the app's model events under the turn they belong to
    const events = await sessionEvents(result.sessionIds[0]!);
    const turnEvents = events.filter((e) => /^turn \d$/.test(String(e.event_name))).sort((a, b) => (a.start_time ?? 0) - (b.start_time ?? 0));
    expect(turnEvents.map((e) => [e.event_name, e.event_type])).toEqual([["turn 1", "chain"], ["turn 2", "chain"], ["turn 3", "chain"]]);
    const byId = new Map(events.map((e) => [e.event_id, e]));
    const turnOf = (e: HoneyHiveEvent): string | undefined => {
      for (let p = byId.get(e.parent_id ?? ""); p !== undefined; p = byId.get(p.parent_id ?? "")) if (/^turn \d$/.test(String(p.event_name))) return String(p.event_name);
      return undefined;
    };
    const models = events.filter((e) => e.event_type === "model");
    expect(models.map(turnOf).sort()).toEqual(["turn 1", "turn 1", "turn 1", "turn 2", "turn 2", "turn 3", "turn 3"]);
    expect(turnEvents[1]!.outputs).toMatchObject({ content: "echo: status B2" });
  });

  it("a model user with recorded calls: the replay makes zero requests, gives a byte-identical transcript and the same scores", async () => {
    const run = async (mode: LlmCacheMode) => {
      const cache = createLlmCache({ mode, dir });
      const OpenAI = requireOpenAI().OpenAI;
      const agent = new OpenAI({ baseURL: `${agentFake.url}/v1`, apiKey: "sk-test", maxRetries: 0, fetch: cache.fetch });
      const userClient = new OpenAI({ baseURL: `${userFake.url}/v1`, apiKey: "sk-user", maxRetries: 0, fetch: cache.fetch });
      const judge = new OpenAI({ baseURL: `${judgeFake.url}/v1`, apiKey: "sk-judge", maxRetries: 0, fetch: cache.fetch });
      const result = await evaluate({
        name: `simulated-${mode}`, apiKey: KEY, serverUrl: server.url, progress: false,
        dataset: [{ id: "refund-a1", inputs: { persona: "A customer who wants order A1 refunded, then asks about B2." } }, { id: "refund-b2", inputs: { persona: "A customer who wants order B2 refunded." } }],
        function: simulateConversation({ app: agentApp(agent), user: modelUser({ client: userClient, model: "user-model" }), maxTurns: 6 }),
        evaluators: [
          function transcript_chars(outputs: SimulatedConversation) { return JSON.stringify(outputs.transcript).length; },
          budget({ maxModelCalls: 10 }),
          trajectoryJudge({ client: judge, model: "judge-model" }),
        ],
      });
      return { result, stats: cache.stats() };
    };
    const requests = () => agentFake.requests.length + userFake.requests.length + judgeFake.requests.length;

    const recorded = await run("record");
    const afterRecord = requests();
    expect(afterRecord).toBeGreaterThan(0);
    const replayed = await run("replay");
    expect(requests()).toBe(afterRecord);
    expect(replayed.stats).toMatchObject({ recorded: 0, misses: 0, passedThrough: 0 });
    expect(replayed.stats.replayed).toBe(recorded.stats.recorded);

    const first = recorded.result.datapoints[0]!.outputs as SimulatedConversation;
    expect(first.stoppedBy).toBe("user_done");
    expect(first.transcript.map((m) => m.content)).toEqual(["refund A1", "echo: refund A1", "status B2", "echo: status B2"]);
    for (const [i, datapoint] of replayed.result.datapoints.entries()) {
      expect(JSON.stringify(datapoint.outputs)).toBe(JSON.stringify(recorded.result.datapoints[i]!.outputs));
      // the scores are the same; the measured wall time beside the budget is a measure of this run, not a score
      expect(withoutWallTime(datapoint.metrics)).toEqual(withoutWallTime(recorded.result.datapoints[i]!.metrics));
    }
    // the user's model calls are evaluation work: the budget counts the app's model calls only (3 + 2 for datapoint 1)
    expect(recorded.result.datapoints[0]!.metrics).toMatchObject({ budget_model_calls: 5, trajectory_quality_verdict: "good" });
  });

  it("in the test runners (the code path of honeyhive/vitest and honeyhive/jest): up to maxTurns, a failing conversation scorer fails its case", async () => {
    const experiment = prepareExperiment({
      name: "runner-conversations", apiKey: KEY, serverUrl: server.url,
      passingRanges: { stayed_short: { pass_when: true } },
      cases: [
        { name: "short chat", inputs: { messages: ["hi", "bye"] } },
        { name: "long chat", inputs: { messages: ["one", "two", "three", "four", "five"] } },
      ],
      function: simulateConversation({ app: (message) => `ok: ${message}`, user: scriptedUser((inputs: Record<string, unknown>) => inputs.messages as string[]), maxTurns: 3 }),
      evaluators: [function stayed_short(outputs: unknown) { return (outputs as SimulatedConversation).turns < 3; }],
    }, {});
    const result = (await experiment.finished())!;
    const [short, long] = result.datapoints;
    expect(short!.outputs).toMatchObject({ turns: 2, stoppedBy: "user_done" });
    expect(long!.outputs).toMatchObject({ turns: 3, stoppedBy: "max_turns" });
    expect((long!.outputs as SimulatedConversation).transcript.map((m) => m.content)).toEqual(["one", "ok: one", "two", "ok: two", "three", "ok: three"]);
    expect([short!.passed, long!.passed]).toEqual([true, false]);
  });
});
