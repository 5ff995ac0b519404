// Issue 47 req 8: the 2026 GenAI conventions (semantic-conventions-genai). Agent-level operations (`invoke_agent`,
// remote or in-process, `plan`, `handle_conversation_turn`, the memory operations) are chain events, never model or
// tool events, even when they name a model and report usage; their inputs and outputs are read (messages for agents,
// plans and turns; query and records for memory operations). Also the 2026 fixture through the real ingest.
import { describe, expect, it } from "vitest";
import { spanEventType } from "../../packages/core/src/semconv/event-type";
import { readStepIo } from "../../packages/core/src/semconv/genai";
import { client, startServer } from "../dev-server/helpers";
import { ingestSteps, stepFixture } from "./step-events";

const MESSAGES_IN = JSON.stringify([{ role: "user", parts: [{ type: "text", content: "Plan a day in Paris" }] }]);
const MESSAGES_OUT = JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "1. Louvre 2. Seine" }], finish_reason: "stop" }]);
/**
 * The agent-level operation names of the 2026 conventions, written out here rather than taken from the code's own list
 * (a name the code forgets must fail this test, not drop out of it): the conversation turn, planning, agent invocation,
 * and the memory operations on stores and records.
 */
const OPERATIONS_2026 = [
  "handle_conversation_turn", "plan", "invoke_agent",
  "create_memory_store", "delete_memory_store", "create_memory", "update_memory", "upsert_memory", "search_memory", "delete_memory",
] as const;
const MODEL_ATTRIBUTES = { "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 10, "gen_ai.usage.output_tokens": 5 };

describe("2026 operation names", () => {
  it.each(OPERATIONS_2026)("%s is a chain event, also when it names a model", (operation) => {
    expect(spanEventType({ "gen_ai.operation.name": operation }, operation)).toBe("chain");
    expect(spanEventType({ "gen_ai.operation.name": operation, ...MODEL_ATTRIBUTES }, `${operation} gpt-4o-mini`)).toBe("chain");
  });

  it("types an in-process agent invocation (gen_ai.invocation.internal) as a chain, and still types chat and tools", () => {
    expect(spanEventType({ "gen_ai.operation.name": "invoke_agent", "gen_ai.invocation.internal": true, ...MODEL_ATTRIBUTES }, "invoke_agent planner")).toBe("chain");
    expect(spanEventType({ "gen_ai.operation.name": "chat", ...MODEL_ATTRIBUTES }, "chat gpt-4o-mini")).toBe("model");
    expect(spanEventType({ "gen_ai.operation.name": "execute_tool" }, "execute_tool get_weather")).toBe("tool");
  });
});

describe("2026 operation inputs and outputs", () => {
  const span = (attributes: Record<string, unknown>) => ({ name: "s", attributes });

  it.each(["plan", "handle_conversation_turn"])("%s: the input messages and the reply", (operation) => {
    const io = readStepIo(span({ "gen_ai.operation.name": operation, "gen_ai.input.messages": MESSAGES_IN, "gen_ai.output.messages": MESSAGES_OUT }));
    expect(io?.inputs?.field).toEqual({ chat_history: [{ role: "user", content: "Plan a day in Paris" }] });
    expect(io?.outputs?.field).toEqual({ role: "assistant", content: "1. Louvre 2. Seine" });
  });

  it("search_memory: the query in, the records found out; the raw attributes move out of metadata", () => {
    const records = [{ id: "mem_1", content: "Prefers window seats", score: 0.9 }];
    const io = readStepIo(span({
      "gen_ai.operation.name": "search_memory", "gen_ai.memory.store.id": "prefs", "gen_ai.memory.query.text": "seat preference",
      "gen_ai.memory.records": JSON.stringify(records), "gen_ai.memory.record.count": 1,
    }));
    expect(io?.inputs).toEqual({ field: { query: "seat preference" }, consumed: ["gen_ai.memory.query.text"] });
    expect(io?.outputs).toEqual({ field: { records }, consumed: ["gen_ai.memory.records"] });
  });

  it("create_memory / update_memory / upsert_memory: the records written are the inputs; structured values too", () => {
    for (const operation of ["create_memory", "update_memory", "upsert_memory"]) {
      const io = readStepIo(span({ "gen_ai.operation.name": operation, "gen_ai.memory.records": [{ content: "Likes tea" }] as unknown }));
      expect(io?.inputs?.field).toEqual({ records: [{ content: "Likes tea" }] });
      expect(io?.outputs).toBeUndefined();
    }
  });

  it("delete_memory without content reads nothing; malformed records stay text", () => {
    expect(readStepIo(span({ "gen_ai.operation.name": "delete_memory", "gen_ai.memory.record.id": "mem_1" }))).toBeUndefined();
    const io = readStepIo(span({ "gen_ai.operation.name": "search_memory", "gen_ai.memory.records": "[not json" }));
    expect(io?.outputs?.field).toEqual({ records: "[not json" });
  });
});

// The captured 2026 fixture (test/fixtures/genai/captured/steps/otel-genai-2026-steps.json; its steps are checked by
// step-io.test.ts) through the real ingest: the session and the evaluation metrics.
describe("the 2026 fixture at the dev server's ingest", () => {
  it("puts both turns (two traces) in the conversation's session and reads the evaluation result as metrics", async () => {
    const server = await startServer();
    try {
      const { fixture } = stepFixture("otel-genai-2026-steps.json");
      const { events } = await ingestSteps(server, fixture, "conventions-2026");
      const spans = fixture.otlp.resourceSpans.flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans));
      expect(new Set(spans.map((s: any) => s.traceId)).size).toBe(2);
      expect(new Set(events.map((e) => e.session_id))).toEqual(new Set([events[0].session_id]));
      const sessions = (await client(server, "conventions-2026").call("POST", "/v1/events/export", { filters: [{ field: "event_type", operator: "is", value: "session", type: "string" }] })).body.events;
      expect(sessions.map((s: any) => [s.event_id, s.event_name])).toEqual([[events[0].session_id, "conv_trip_0042"]]);
      expect(events.filter((e) => e.event_name === "handle_conversation_turn").every((e) => e.parent_id === e.session_id)).toBe(true);
      const judged = events.filter((e) => e.event_type === "model" && Object.keys(e.metrics).length > 0);
      expect(judged.map((e) => e.metrics)).toEqual([{ plan_quality: 0.8, plan_quality_label: "good", plan_quality_explanation: "covers weather and memory" }]);
      expect(judged[0].metadata).toMatchObject({ "gen_ai.conversation.id": "conv_trip_0042" });
    } finally {
      await server.close();
    }
  });
});
