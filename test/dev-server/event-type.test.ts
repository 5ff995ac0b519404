import { describe, expect, it } from "vitest";
import { spanEventType } from "../../packages/core/src/semconv/event-type";
import { aggregate } from "../../packages/dev-server/src/results/aggregate";
import { metricVerdict } from "../../packages/core/src/verdict/metric-verdict";
import { passingRangeOf } from "../../packages/core/src/verdict/passing-range";
import { resolvePath } from "../../packages/dev-server/src/query/field-path";

// One definition for the SDK's span processing and the dev server's ingest (src/semconv/event-type.ts).
describe("span event type inference (§2.3)", () => {
  it.each([
    [{ honeyhive_event_type: "chain", "gen_ai.operation.name": "chat" }, "chain"],
    [{ "traceloop.span.kind": "workflow" }, "chain"],
    [{ "traceloop.span.kind": "task" }, "chain"],
    [{ "traceloop.span.kind": "agent" }, "chain"],
    [{ "traceloop.span.kind": "tool", "gen_ai.system": "openai" }, "tool"],
    [{ "openinference.span.kind": "LLM" }, "model"],
    [{ "openinference.span.kind": "chain" }, "chain"],
    [{ "openinference.span.kind": "AGENT" }, "chain"],
    [{ "openinference.span.kind": "RETRIEVER", "llm.model_name": "x" }, "tool"],
    [{ "gen_ai.operation.name": "chat" }, "model"],
    [{ "gen_ai.operation.name": "text_completion" }, "model"],
    [{ "gen_ai.operation.name": "generate_content" }, "model"],
    [{ "gen_ai.operation.name": "invoke_agent" }, "chain"],
    [{ "gen_ai.operation.name": "create_agent" }, "chain"],
    [{ "gen_ai.operation.name": "invoke_workflow" }, "chain"],
    // ai 7's @ai-sdk/otel: one span per step of a multi-step run, named "step N" (the name heuristics said tool)
    [{ "gen_ai.operation.name": "agent_step" }, "chain"],
    [{ "gen_ai.operation.name": "execute_tool" }, "tool"],
    [{ "gen_ai.operation.name": "embeddings" }, "model"],
    [{ "llm.request.model": "gpt" }, "model"],
    [{ "openinference.span.kind": "EMBEDDING" }, "tool"], // as the Python SDK: only LLM spans are model events
    // the Vercel AI SDK (v4-v6): the do* span is the model call, the outer span its chain, tool calls tools
    [{ "ai.operationId": "ai.generateText.doGenerate", "gen_ai.request.model": "m" }, "model"],
    [{ "ai.operationId": "ai.streamText.doStream" }, "model"],
    [{ "ai.operationId": "ai.embed.doEmbed" }, "model"],
    [{ "ai.operationId": "ai.generateText", "ai.model.id": "m" }, "chain"],
    [{ "ai.operationId": "ai.streamText" }, "chain"],
    [{ "ai.operationId": "ai.embedMany" }, "chain"],
    [{ "ai.operationId": "ai.toolCall" }, "tool"],
    [{ "llm.request.model": "gpt" }, "model"],
    [{ "http.method": "GET" }, "tool"],
    [{ honeyhive_event_type: "x".repeat(150) }, "x".repeat(100)],
    [{}, "tool"],
  ])("%j -> %s", (attributes, expected) => {
    expect(spanEventType(attributes, "span")).toBe(expected);
  });

  it("uses span-name heuristics after every attribute rule", () => {
    expect(spanEventType({}, "openai.chat")).toBe("model");
    expect(spanEventType({ "traceloop.span.kind": "task" }, "openai.chat")).toBe("chain");
    expect(spanEventType({}, "fetch_documents")).toBe("tool");
  });
});

describe("result helpers", () => {
  it("aggregates empty lists sensibly", () => {
    expect(aggregate([], "average")).toBeNull();
    expect(aggregate([], "count")).toBe(0);
    expect(aggregate([], "sum")).toBe(0);
    expect(aggregate([7], "p99")).toBe(7);
  });

  it("reads passing rules defensively", () => {
    expect(passingRangeOf({ a: { min: "1" } }, "a")).toBeUndefined();
    expect(passingRangeOf({ a: null }, "a")).toBeUndefined();
    expect(passingRangeOf(Object.create({ inherited: { min: 1 } }), "inherited")).toBeUndefined();
    expect(metricVerdict(false, { pass_when: false })).toBe("passed");
    expect(metricVerdict(true, { max: 0 })).toBe("failed");
    expect(metricVerdict(5, undefined)).toBe("undecided");
  });

  it("resolves dotted keys greedily and never reads inherited properties", () => {
    expect(resolvePath({ "a.b": { c: 1 } }, ["a", "b", "c"])).toBe(1);
    expect(resolvePath({ a: [{ x: 2 }] }, ["a", "0", "x"])).toBe(2);
    expect(resolvePath({}, ["constructor"])).toBeUndefined();
    expect(resolvePath({ a: 1 }, ["a", "toString"])).toBeUndefined();
  });
});
