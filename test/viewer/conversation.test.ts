import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readConversation } from "../../packages/dev-server/src/viewer/client/conversation";
import { eventUsage, sumUsage } from "../../packages/dev-server/src/viewer/shared/usage";

/** Reading model calls as conversations and their tokens / cost, whatever convention wrote them. */
describe("readConversation", () => {
  it("reads HoneyHive chat_history with tool calls, a tool result and the assistant output", () => {
    const c = readConversation({
      inputs: { chat_history: [
        { role: "system", content: "be brief" },
        { role: "user", content: [{ type: "text", text: "weather?" }] },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: "{\"city\":\"Paris\"}" } }] },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
      ] },
      outputs: { role: "assistant", content: "Sunny in Paris." },
      config: { model: "gpt-4o", temperature: 0.2 },
      metadata: {},
    })!;
    expect(c.model).toBe("gpt-4o");
    expect(c.params).toEqual([["temperature", "0.2"]]);
    expect(c.messages.map((m) => [m.role, m.content, m.output])).toEqual([
      ["system", "be brief", false], ["user", "weather?", false], ["assistant", "", false], ["tool", "sunny", false], ["assistant", "Sunny in Paris.", true],
    ]);
    expect(c.messages[2]!.toolCalls).toEqual([{ id: "call_1", name: "get_weather", arguments: "{\"city\":\"Paris\"}" }]);
    expect(c.messages[3]!.toolCallId).toBe("call_1");
  });

  it("reads Traceloop, OpenInference and GenAI-convention attributes stored flat in metadata", () => {
    const traceloop = readConversation({ inputs: {}, outputs: {}, config: {}, metadata: {
      "gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": "hi", "gen_ai.completion.0.role": "assistant",
      "gen_ai.completion.0.tool_calls.0.name": "search", "gen_ai.completion.0.tool_calls.0.arguments": "{}", "gen_ai.request.model": "claude", "gen_ai.request.max_tokens": 64,
    } })!;
    expect(traceloop.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(traceloop.messages[1]!.toolCalls[0]!.name).toBe("search");
    expect(traceloop.model).toBe("claude");
    expect(traceloop.params).toEqual([["max_tokens", "64"]]);
    const oi = readConversation({ inputs: null, outputs: null, config: null, metadata: {
      "llm.input_messages.0.message.role": "system", "llm.input_messages.0.message.content": "rules", "llm.input_messages.1.message.role": "user",
      "llm.input_messages.1.message.content": "q", "llm.output_messages.0.message.role": "assistant", "llm.output_messages.0.message.content": "a",
      "llm.model_name": "mistral", "llm.invocation_parameters": "{\"temperature\":0.7,\"model\":\"x\"}",
    } })!;
    expect(oi.messages.map((m) => `${m.role}:${m.content}`)).toEqual(["system:rules", "user:q", "assistant:a"]);
    expect(oi.model).toBe("mistral");
    expect(oi.params).toEqual([["temperature", "0.7"]]);
    const semconv = readConversation({ inputs: {}, outputs: {}, config: {}, metadata: {
      "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "2+2?" }] }]),
      "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "tool_call", name: "calc", arguments: { x: 2 } }] }]),
    } })!;
    expect(semconv.messages.map((m) => m.content)).toEqual(["2+2?", ""]);
    expect(semconv.messages[1]!.toolCalls[0]!.name).toBe("calc");
  });

  it("never throws and finds nothing in shapes no instrumentation writes", () => {
    expect(readConversation({ inputs: { chat_history: "not a list" }, outputs: 42, config: [], metadata: { "gen_ai.prompt.x.role": 1 } })).toBeNull();
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), (inputs, outputs, config, metadata) => {
      const c = readConversation({ inputs, outputs, config, metadata });
      if (c) for (const m of c.messages) expect(typeof m.content).toBe("string");
    }));
  });
});

describe("eventUsage", () => {
  it("reads each convention and sums per session", () => {
    expect(eventUsage({ metadata: { "gen_ai.usage.input_tokens": 10, "gen_ai.usage.output_tokens": 5 } })).toEqual({ input_tokens: 10, output_tokens: 5, total_tokens: 15, cost: null });
    expect(eventUsage({ metadata: { "llm.token_count.prompt": 3, "llm.token_count.completion": 4, "llm.token_count.total": 7 } })).toEqual({ input_tokens: 3, output_tokens: 4, total_tokens: 7, cost: null });
    expect(eventUsage({ metadata: { "gen_ai.usage.prompt_tokens": "8", "llm.usage.total_tokens": 20 } })).toEqual({ input_tokens: 8, output_tokens: null, total_tokens: 20, cost: null });
    expect(eventUsage({ metadata: { total_tokens: 100, prompt_tokens: 60, completion_tokens: 40, cost: 0.0021 } })).toEqual({ input_tokens: 60, output_tokens: 40, total_tokens: 100, cost: 0.0021 });
    expect(eventUsage({ outputs: { usage: { prompt_tokens: 1, completion_tokens: 2 } } })!.total_tokens).toBe(3);
    expect(eventUsage({ metadata: { total_tokens: -5, cost: "free" } })).toBeNull();
    expect(sumUsage([{ input_tokens: 1, output_tokens: null, total_tokens: 1, cost: 0.5 }, null, { input_tokens: 2, output_tokens: 3, total_tokens: 5, cost: null }]))
      .toEqual({ input_tokens: 3, output_tokens: 3, total_tokens: 6, cost: 0.5 });
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (metadata, outputs) => {
      const u = eventUsage({ metadata, outputs });
      if (u) for (const v of Object.values(u)) expect(v === null || (Number.isFinite(v) && v >= 0)).toBe(true);
    }));
  });
});
