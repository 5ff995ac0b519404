/**
 * The trajectory and tool-call scorers under evaluate() on a real agent: the `openai` chat client with tools
 * (OpenInference's instrumentation) against the loopback fake, the real dev server. The trajectory judge (the real
 * `openai` client against a second fake playing the judge) sees the whole sequence: every step, in order, with
 * arguments and results, and the reference. A failing assertion names itself in the result's failure line.
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { OpenAI } from "openai";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { budget, calledTool, neverCalled, noToolErrors, toolAssertions, trajectoryJudge, trajectoryMatch } from "../../packages/honeyhive/src/evaluators";
import { failureLine } from "../../packages/honeyhive/src/reporting/failure-line";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { requireOpenAI } from "../routing/openai-workload";
import { KEY, startViewerServer } from "../viewer/helpers/viewer-server";
import { runSupportAgent, supportToolPlan, TOOL_FUNCTIONS } from "./support-agent";

let fake: FakeOpenAI;
let judgeFake: FakeOpenAI;
let server: DevServer;
let client: OpenAIClient;
let setup: HoneyHiveTracer;

/** The judge's prompts, as received. */
const judged: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI({ toolPlan: supportToolPlan });
  judgeFake = await startFakeOpenAI({
    chatReply: (body) => {
      const prompt: string = body.messages.at(-1).content;
      judged.push(prompt);
      const steps = /<trajectory>\n([\s\S]*?)\n<\/trajectory>/.exec(prompt)?.[1] ?? "";
      const good = /tool lookup_order[\s\S]*tool refund_order\(\{"amount":25,"order_id":"A1"\}\) returned/.test(steps);
      return JSON.stringify({ verdict: good ? "good" : "poor", explanation: good ? "looked up, then refunded" : "step 4 refunded an order that does not exist" });
    },
  });
  server = await startViewerServer();
  setup = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: "setup", instrumentations: [new OpenAIInstrumentation()] });
  client = new (requireOpenAI().OpenAI)({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
}, 60_000);
afterAll(async () => {
  await setup.shutdown();
  resetHoneyHiveGlobals();
  await Promise.all([fake.close(), judgeFake.close(), server.close()]);
});

const TRACED = Object.fromEntries(Object.entries(TOOL_FUNCTIONS).map(([name, fn]) => [name, trace(fn, { eventType: "tool" })]));
const REFUND = [{ name: "lookup_order", arguments: { order_id: "A1" } }, { name: "refund_order", arguments: { order_id: "A1", amount: 25 } }];

describe("agent scorers under evaluate()", () => {
  it("score the trajectory, the assertions, the budget and the judge per datapoint; a failure names the assertion", async () => {
    const judgeClient = new OpenAI({ baseURL: `${judgeFake.url}/v1`, apiKey: "sk-judge", maxRetries: 0 });
    const result = await evaluate({
      name: "support-agent", apiKey: KEY, serverUrl: server.url, progress: false,
      dataset: [
        { inputs: { prompt: "refund A1" }, ground_truth: { trajectory: REFUND } },
        { inputs: { prompt: "refund Z9" }, ground_truth: { trajectory: [{ name: "lookup_order" }] } },
      ],
      function: async (inputs: { prompt: string }) => runSupportAgent(client, inputs.prompt, (name, args) => TRACED[name]!(args)),
      evaluators: [
        trajectoryMatch({ args: "superset" }),
        toolAssertions([calledTool("lookup_order", { atMost: 1 }), neverCalled("delete_account"), noToolErrors()]),
        budget({ maxModelCalls: 3, maxCostUsd: 0.01 }),
        trajectoryJudge({ client: judgeClient, model: "judge-model", rubric: "Look the order up before refunding it." }),
      ],
    });
    const [good, bad] = result.datapoints;
    expect(good!.metrics).toMatchObject({ trajectory_match: true, tool_assertions: true, budget: true, budget_model_calls: 3, budget_tool_calls: 2, trajectory_quality: 1, trajectory_quality_verdict: "good" });
    expect(good!.passed).toBe(true);
    expect(bad!.metrics).toMatchObject({
      trajectory_match: false, trajectory_match_explanation: "step 2: got an extra call refund_order",
      tool_assertions: false, tool_assertions_explanation: "1 of 3 failed: no tool error: refund_order (tool call 2) failed: no order Z9",
      budget: true, trajectory_quality: 0,
    });
    expect(bad!.passed).toBe(false);
    // the failure line (the CLI's and the reports') names the failing assertion
    expect(failureLine(bad!)).toContain('tool_assertions_explanation="1 of 3 failed: no tool error: refund_order (tool call 2) failed: no order Z9"');

    // the judge saw the whole sequence, in order, with arguments, results and errors, and the criteria and reference
    const prompt = judged.find((p) => p.includes("refund Z9"))!;
    const steps = /<trajectory>\n([\s\S]*?)\n<\/trajectory>/.exec(prompt)![1]!.split("\n");
    expect(steps).toEqual([
      "1. model gpt-4o-mini asked for lookup_order",
      '2. tool lookup_order({"order_id":"Z9"}) returned {"order_id":"Z9"}',
      "3. model gpt-4o-mini asked for refund_order",
      '4. tool refund_order({"amount":0,"order_id":"Z9"}) failed: no order Z9',
      '5. model gpt-4o-mini replied "echo: refund Z9"',
    ]);
    expect(prompt).toContain("<criteria>\nLook the order up before refunding it.\n</criteria>");
    expect(prompt).toContain("<reference_trajectory>\n1. lookup_order\n</reference_trajectory>");
    // the judge's own call is evaluation work: not a step of the app's trace, counted apart in the session
    expect(good!.metrics.budget_model_calls).toBe(3);
  });
});
