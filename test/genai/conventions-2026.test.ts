// Issue 47 req 8: the 2026 GenAI conventions (semantic-conventions-genai). Agent-level operations (`invoke_agent`,
// remote or in-process, `plan`, `handle_conversation_turn`, the memory operations) are chain events, never model or
// tool events, even when they name a model and report usage; their inputs and outputs are read (messages for agents,
// plans and turns; query and records for memory operations).
import { describe, expect, it } from "vitest";
import { spanEventType } from "../../packages/core/src/semconv/event-type";
import { readStepIo } from "../../packages/core/src/semconv/genai";
import { MEMORY_OPERATIONS } from "../../packages/core/src/semconv/genai/memory-operation";

const MESSAGES_IN = JSON.stringify([{ role: "user", parts: [{ type: "text", content: "Plan a day in Paris" }] }]);
const MESSAGES_OUT = JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "1. Louvre 2. Seine" }], finish_reason: "stop" }]);
const MODEL_ATTRIBUTES = { "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 10, "gen_ai.usage.output_tokens": 5 };

describe("2026 operation names", () => {
  it.each(["handle_conversation_turn", "plan", "invoke_agent", ...MEMORY_OPERATIONS])("%s is a chain event, also when it names a model", (operation) => {
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
