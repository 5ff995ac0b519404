/**
 * Evaluators see their datapoint's trace: the real `openai` chat client with tools (OpenInference's OpenAI
 * instrumentation) against the loopback fake, a support agent that looks an order up and refunds it, under
 * evaluate() against the real dev server. Once with its tools traced by `trace()`, once with them untraced (the tool
 * calls then come from the model's replies, their results from the next call's conversation). The trace agrees with
 * what the dev server stored for the session, is built without any read from the backend, and prices the calls as
 * the dev server does.
 */
import { describe, expect, it } from "vitest";
import { trace as otelTrace } from "@opentelemetry/api";
import { trace, type AgentTrace } from "../../packages/honeyhive/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { call, KEY } from "../viewer/helpers/viewer-server";
import { useOpenInferenceDevServer } from "../helpers/openinference-dev-server";
import { runSupportAgent, supportToolPlan, TOOL_FUNCTIONS } from "./support-agent";

const stack = useOpenInferenceDevServer({ toolPlan: supportToolPlan });

const TRACED_TOOLS = Object.fromEntries(Object.entries(TOOL_FUNCTIONS).map(([name, fn]) => [name, trace(fn, { eventType: "tool" })]));

const DATASET = [{ inputs: { prompt: "refund A1" } }, { inputs: { prompt: "status B2" } }, { inputs: { prompt: "refund Z9" } }];

/** Runs the agent over the dataset, keeping each datapoint's trace; counts the requests the run sent to the backend. */
async function runWithTraces(runTool: (name: string, args: unknown) => Promise<unknown>) {
  const traces = new Map<string, AgentTrace>();
  const requests: string[] = [];
  const result = await evaluate({
    name: "support", apiKey: KEY, serverUrl: stack.server.url, progress: false, dataset: DATASET,
    fetch: (input, init) => {
      requests.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    },
    function: async (inputs: { prompt: string }) => runSupportAgent(stack.client, inputs.prompt, runTool),
    evaluators: [function keepTrace(_outputs, inputs, _truth, context) {
      traces.set((inputs as { prompt: string }).prompt, context.trace);
      return context.trace.toolCalls.length;
    }],
  });
  expect(result.status).toBe("completed");
  return { result, traces, requests };
}

async function storedToolEvents(sessionId: string): Promise<any[]> {
  const { body } = await call(stack.server, "POST", "/v1/events/export", { filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 500 });
  return body.events.filter((e: any) => e.event_type === "tool").sort((a: any, b: any) => a.start_time - b.start_time);
}

describe("an evaluator's trace of an openai tool-calling agent", () => {
  it("with traced tools: each tool call in order with its parsed arguments, result and error; model calls with model, tokens, cost, latency", async () => {
    const { result, traces, requests } = await runWithTraces((name, args) => TRACED_TOOLS[name]!(args));
    const refund = traces.get("refund A1")!;
    expect(refund.toolCalls.map((c) => [c.name, c.arguments, c.result, c.error, c.recordedBy])).toEqual([
      ["lookup_order", { order_id: "A1" }, { order_id: "A1", status: "delivered", total: 25 }, undefined, "tool"],
      ["refund_order", { order_id: "A1", amount: 25 }, { refunded: 25 }, undefined, "tool"],
    ]);
    expect(refund.toolCalls.map((c) => c.id)).toEqual([expect.stringMatching(/_lookup$/), expect.stringMatching(/_refund$/)]);
    expect(refund.modelCalls).toHaveLength(3);
    for (const m of refund.modelCalls) {
      expect(m).toMatchObject({ model: "gpt-4o-mini", provider: "openai", inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
      expect(m.cost).toBeGreaterThan(0); // priced as the dev server prices gpt-4o-mini
      expect(m.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(refund.modelCalls.map((m) => m.requestedTools)).toEqual([["lookup_order"], ["refund_order"], []]);
    expect(refund.modelCalls.at(-1)!.reply).toBe("echo: refund A1");
    expect(refund.steps.map((s) => (s.kind === "tool" ? s.call.name : "model"))).toEqual(["model", "lookup_order", "model", "refund_order", "model"]);
    expect(refund.totals).toMatchObject({ steps: 5, modelCalls: 3, toolCalls: 2, toolErrors: 0, unpricedCalls: 0 });
    expect(refund.totals.totalTokens).toBe(refund.modelCalls.reduce((n, m) => n + m.totalTokens!, 0));
    expect(refund.spans.map((s) => s.eventType)).toEqual(expect.arrayContaining(["model", "tool"]));
    expect(refund.spans.some((s) => s.attributes["honeyhive_metadata.evaluator"] !== undefined)).toBe(false);

    expect(traces.get("status B2")!.toolCalls.map((c) => c.name)).toEqual(["lookup_order"]);
    const failed = traces.get("refund Z9")!;
    expect(failed.toolCalls.map((c) => [c.name, c.error])).toEqual([["lookup_order", undefined], ["refund_order", "no order Z9"]]);
    expect(failed.totals.toolErrors).toBe(1);

    // assembled in-process: the run read no event or session back from the backend (its one read is the run's summary)
    expect(requests.filter((r) => /events\/export|^GET (?!\/v1\/runs\/[^/]+\/result$)/.test(r))).toEqual([]);
    expect(requests.filter((r) => r.startsWith("GET"))).toEqual([`GET /v1/runs/${result.runId}/result`]);
    // and it agrees with what the dev server stored for each session
    for (const d of result.datapoints) {
      const stored = await storedToolEvents(d.sessionId!);
      const trace = traces.get((d.inputs as { prompt: string }).prompt)!;
      expect(stored.map((e) => e.event_name)).toEqual(trace.toolCalls.map((c) => c.name));
      expect(stored.map((e) => e.error ?? undefined)).toEqual(trace.toolCalls.map((c) => c.error));
      expect(d.metrics.keepTrace).toBe(trace.toolCalls.length);
    }
  });

  it("with untraced tools: the calls the model asked for, their results read from the next call's conversation", async () => {
    const { traces } = await runWithTraces((name, args) => TOOL_FUNCTIONS[name]!(args));
    const refund = traces.get("refund A1")!;
    expect(refund.toolCalls.map((c) => [c.name, c.arguments, c.result, c.recordedBy])).toEqual([
      ["lookup_order", { order_id: "A1" }, { order_id: "A1", status: "delivered", total: 25 }, "model"],
      ["refund_order", { order_id: "A1", amount: 25 }, { refunded: 25 }, "model"],
    ]);
    expect(refund.steps.map((s) => (s.kind === "tool" ? s.call.name : "model"))).toEqual(["model", "lookup_order", "model", "refund_order", "model"]);
    // a tool that failed untraced answered the model with its error text
    expect(traces.get("refund Z9")!.toolCalls[1]).toMatchObject({ name: "refund_order", result: "error: no order Z9", recordedBy: "model" });
  });

  /**
   * Reading ahead: once an evaluator of the run read a trace, each later datapoint's spans are read as they end. The
   * probe: a traced tool's recorded result is overwritten on its span after the span ended (nothing does that in real
   * use), so a trace read at build shows the overwrite and a trace read ahead the result as it was at the span's end.
   */
  async function probedRun(readsTrace: (index: number) => boolean) {
    const traces: (AgentTrace | undefined)[] = [];
    const result = await evaluate({
      name: "read-ahead", apiKey: KEY, serverUrl: stack.server.url, progress: false, maxConcurrency: 1,
      dataset: [0, 1, 2].map((index) => ({ inputs: { prompt: "refund A1", index } })),
      function: async (inputs: { prompt: string }) => {
        const ended: { attributes: Record<string, unknown> }[] = [];
        const answer = await runSupportAgent(stack.client, inputs.prompt, (name, args) => trace((toolArgs: unknown) => {
          ended.push(otelTrace.getActiveSpan() as unknown as { attributes: Record<string, unknown> });
          return TOOL_FUNCTIONS[name]!(toolArgs);
        }, { eventType: "tool", eventName: name })(args));
        for (const span of ended) {
          for (const key of Object.keys(span.attributes)) if (key.startsWith("honeyhive_outputs.")) delete span.attributes[key];
          span.attributes["honeyhive_outputs.result"] = "overwritten after its end";
        }
        return answer;
      },
      evaluators: [function probe(_outputs, inputs, _truth, context) {
        const index = (inputs as unknown as { index: number }).index;
        if (!readsTrace(index)) return 0;
        traces[index] = context.trace;
        return context.trace.toolCalls.length;
      }],
    });
    expect(result.status).toBe("completed");
    return traces;
  }

  it("once an evaluator read a trace, the run's later datapoints have their spans read as they end: the same trace", async () => {
    const traces = await probedRun(() => true);
    const results = traces.map((t) => t!.toolCalls.map((c) => c.result));
    expect(results[0]).toEqual(["overwritten after its end", "overwritten after its end"]); // the first: read at build
    const asEnded = [{ order_id: "A1", status: "delivered", total: 25 }, { refunded: 25 }];
    expect(results.slice(1)).toEqual([asEnded, asEnded]);
    const shape = (t: AgentTrace) => ({
      tools: t.toolCalls.map((c) => [c.name, c.arguments, c.id?.replace(/^.*_/, ""), c.recordedBy, c.error]),
      models: t.modelCalls.map((m) => [m.model, m.provider, m.inputTokens, m.outputTokens, m.totalTokens, m.cost, m.requestedTools, m.reply]),
      steps: t.steps.map((s) => s.kind), totals: { ...t.totals, durationMs: 0 }, spans: t.spans.map((s) => [s.name, s.eventType]),
    });
    expect(shape(traces[1]!)).toEqual(shape(traces[0]!));
    expect(shape(traces[2]!)).toEqual(shape(traces[0]!));
  });

  it("a run whose evaluators read no trace reads no span ahead", async () => {
    const traces = await probedRun((index) => index === 2);
    expect(traces[2]!.toolCalls.map((c) => c.result)).toEqual(["overwritten after its end", "overwritten after its end"]);
  });
});

