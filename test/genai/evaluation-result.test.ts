// Issue 47 req 8: the OTel GenAI `gen_ai.evaluation.result` event. (1) Sent by any OpenTelemetry app as a span event,
// it becomes metrics on the span's event in the dev server (`<name>`, `<name>_label`, `<name>_explanation`; an
// explicit honeyhive_metrics value wins). (2) evaluate() emits its evaluators' results as that span event on the
// datapoint's span, beside the honeyhive_metrics attributes, so other OTel backends read them. (3) Through the
// HoneyHive SDK, such events on any span are also written as honeyhive_metrics attributes when it ends, for HoneyHive's
// backend. Real OTel SDK, real OTLP export, the real dev server.
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import {
  ATTR_GEN_AI_EVALUATION_EXPLANATION, ATTR_GEN_AI_EVALUATION_NAME, ATTR_GEN_AI_EVALUATION_SCORE_LABEL, ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  EVENT_GEN_AI_EVALUATION_RESULT,
} from "@opentelemetry/semantic-conventions/incubating";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addEvaluationMetrics } from "../../packages/core/src/semconv/genai";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { client, startServer } from "../dev-server/helpers";
import { startOtlpTap, type OtlpTap } from "../helpers/otlp-tap";

let server: DevServer;
let tap: OtlpTap;
beforeAll(async () => {
  server = await startServer();
  tap = await startOtlpTap(server.url);
});
afterAll(async () => {
  await tap.close();
  await server.close();
});

async function exported(key: string): Promise<any[]> {
  const reply = await client(server, key).call("POST", "/v1/events/export", { filters: [], limit: 500 });
  expect(reply.status).toBe(200);
  return (reply.body.events as any[]).filter((e) => e.event_type !== "session");
}

describe("gen_ai.evaluation.result events at ingest", () => {
  it("become metrics of the evaluated span's event", async () => {
    const exporter = new OTLPTraceExporter({ url: `${server.url}/opentelemetry/v1/traces`, headers: { authorization: "Bearer eval-events" } });
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const span = provider.getTracer("otel-only-app").startSpan("chat gpt-4o-mini", {
      attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini", "honeyhive_metrics.mine": 7 },
    });
    span.addEvent(EVENT_GEN_AI_EVALUATION_RESULT, {
      [ATTR_GEN_AI_EVALUATION_NAME]: "relevance", [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: 0.25,
      [ATTR_GEN_AI_EVALUATION_SCORE_LABEL]: "irrelevant", [ATTR_GEN_AI_EVALUATION_EXPLANATION]: "talks about Rome",
    });
    span.addEvent(EVENT_GEN_AI_EVALUATION_RESULT, { [ATTR_GEN_AI_EVALUATION_NAME]: "tone", [ATTR_GEN_AI_EVALUATION_SCORE_LABEL]: "polite" });
    span.addEvent(EVENT_GEN_AI_EVALUATION_RESULT, { [ATTR_GEN_AI_EVALUATION_NAME]: "mine", [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: 1 });
    span.addEvent(EVENT_GEN_AI_EVALUATION_RESULT, { [ATTR_GEN_AI_EVALUATION_NAME]: "broken", "error.type": "timeout" });
    span.end();
    await provider.forceFlush();
    await provider.shutdown();
    const [event] = await exported("eval-events");
    expect(event.event_type).toBe("model");
    expect(event.metrics).toEqual({ mine: 7, relevance: 0.25, relevance_label: "irrelevant", relevance_explanation: "talks about Rome", tone: "polite" });
  });

  it("reads totally: malformed events add nothing, the first event of a name wins", () => {
    const metrics: Record<string, unknown> = {};
    const event = (attributes: Record<string, unknown>) => ({ name: "gen_ai.evaluation.result", attributes });
    addEvaluationMetrics([
      event({}), event({ "gen_ai.evaluation.name": "x" }), event({ "gen_ai.evaluation.name": "", "gen_ai.evaluation.score.value": 1 }),
      event({ "gen_ai.evaluation.name": "nan", "gen_ai.evaluation.score.value": Number.NaN }), { name: "other", attributes: { "gen_ai.evaluation.name": "o", "gen_ai.evaluation.score.value": 1 } },
      event({ "gen_ai.evaluation.name": "neg", "gen_ai.evaluation.score.value": "-0.5" }), event({ "gen_ai.evaluation.name": "neg", "gen_ai.evaluation.score.value": 9 }),
    ], metrics);
    expect(metrics).toEqual({ neg: -0.5 });
  });
});

describe("evaluate() emits gen_ai.evaluation.result span events", () => {
  it("puts one event per evaluator on the datapoint's span: scores, explanations, failures without their message", async () => {
    tap.clear();
    const result = await evaluate<{ question: string }, { answer: string }, string>({
      name: "evaluation-result-events", apiKey: "eval-sdk", serverUrl: tap.url,
      dataset: [{ inputs: { question: "q1" }, ground_truth: { answer: "a1" } }],
      function: async function answer() { return "a1"; },
      evaluators: [
        function exact(outputs, _inputs, gt) { return outputs === gt.answer; },
        function length(outputs) { return { score: outputs.length, explanation: "characters" }; },
        function grade() { return "B"; },
        function broken() { throw new Error("secret-token-123 leaked"); },
      ],
    });
    expect(result.status).toBe("completed");
    const span = tap.spans().find((s) => s.name === "answer")!;
    const results = span.events.filter((e) => e.name === "gen_ai.evaluation.result").map((e) => e.attributes);
    expect(results).toEqual(expect.arrayContaining([
      { "gen_ai.evaluation.name": "exact", "gen_ai.evaluation.score.value": 1, "gen_ai.evaluation.score.label": "true" },
      { "gen_ai.evaluation.name": "length", "gen_ai.evaluation.score.value": 2, "gen_ai.evaluation.explanation": "characters" },
      { "gen_ai.evaluation.name": "grade", "gen_ai.evaluation.score.label": "B" },
      { "gen_ai.evaluation.name": "broken", "error.type": "_OTHER" },
    ]));
    expect(results).toHaveLength(4);
    expect(JSON.stringify(results)).not.toContain("secret-token-123");
    // HoneyHive still reads its own attributes: the events add no metric beside them
    const chain = (await exported("eval-sdk")).find((e) => e.event_name === "answer");
    expect(chain.metrics).toEqual({ exact: true, length: 2, length_explanation: "characters", grade: "B" });
  });
});

describe("gen_ai.evaluation.result events through the HoneyHive SDK", () => {
  it("are also written as honeyhive_metrics attributes when the span ends (what HoneyHive's backend reads)", async () => {
    tap.clear();
    const tracer = new HoneyHiveTracer({ apiKey: "eval-sdk-events", serverUrl: tap.url, setAsDefault: false, sessionName: "judged" });
    tracer.startSpan("answer", (span: any) => {
      span.setAttribute("honeyhive_metrics.mine", 3);
      span.addEvent(EVENT_GEN_AI_EVALUATION_RESULT, { [ATTR_GEN_AI_EVALUATION_NAME]: "relevance", [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: 0.5, [ATTR_GEN_AI_EVALUATION_EXPLANATION]: "half" });
      span.addEvent(EVENT_GEN_AI_EVALUATION_RESULT, { [ATTR_GEN_AI_EVALUATION_NAME]: "mine", [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: 9 });
    }, { eventType: "chain" });
    await tracer.flush();
    await tracer.shutdown();
    const sent = tap.spans().find((s) => s.name === "answer")!;
    const metrics = Object.fromEntries(Object.entries(sent.attributes).filter(([k]) => k.startsWith("honeyhive_metrics.")));
    expect(metrics).toEqual({ "honeyhive_metrics.mine": 3, "honeyhive_metrics.relevance": 0.5, "honeyhive_metrics.relevance_explanation": "half" });
    const stored = (await exported("eval-sdk-events")).find((e) => e.event_name === "answer");
    expect(stored.metrics).toEqual({ mine: 3, relevance: 0.5, relevance_explanation: "half" });
  });
});
