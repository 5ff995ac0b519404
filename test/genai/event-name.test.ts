/**
 * The one event-name rule (packages/core/src/semconv/event-name.ts): explicit `honeyhive_event_name` > the tool's name
 * of a tool call span named generically (the AI SDK's `ai.toolCall`, the GenAI conventions' `execute_tool <tool>`, MCP's `tools/call <tool>`) >
 * the span's name. The SDK writes the derived
 * name before export (real tracer, real OpenTelemetry SDK), so HoneyHive's backend, which names an event by
 * `honeyhive_event_name` else the span name, shows the tool; the dev server applies the same rule to spans that
 * arrive without it. The AI SDK stacks (ai 5, 6, 7: test/frameworks) check it on the real packages: one name per tool.
 */
import { trace as otelTrace } from "@opentelemetry/api";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { derivedEventName, eventNameOf } from "../../packages/core/src/semconv/event-name";
import { createTestTracer, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

afterEach(() => resetHoneyHiveGlobals());

describe("eventNameOf (pure)", () => {
  it.each([
    [{ "ai.toolCall.name": "lookup" }, "ai.toolCall", "lookup"],
    [{ honeyhive_event_name: "mine", "ai.toolCall.name": "lookup" }, "ai.toolCall", "mine"],
    [{ honeyhive_event_name: "  ", "ai.toolCall.name": "lookup" }, "ai.toolCall", "lookup"],
    [{ "ai.toolCall.name": "" }, "ai.toolCall", "ai.toolCall"],
    [{ "ai.toolCall.name": 42 }, "ai.toolCall", "ai.toolCall"],
    [{}, "ai.toolCall", "ai.toolCall"],
    // only the AI SDK's tool call span: other spans keep their names, whatever attributes they carry
    [{ "ai.toolCall.name": "lookup" }, "ai.generateText", "ai.generateText"],
    // the GenAI conventions' tool span (ai 7's @ai-sdk/otel, Mastra): named after the tool, as ai 5/6's is
    [{ "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "get_weather" }, "execute_tool get_weather", "get_weather"],
    [{ "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "get_weather" }, "execute_tool", "get_weather"],
    [{ "gen_ai.tool.name": "get_weather" }, "execute_tool get_weather", "execute_tool get_weather"],
    // the MCP conventions' tool call span (`{mcp.method.name} {tool}`, client and server side): named after the tool
    [{ "mcp.method.name": "tools/call", "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "get_weather" }, "tools/call get_weather", "get_weather"],
    [{ "mcp.method.name": "tools/call", "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "get_weather" }, "tools/call", "get_weather"],
    [{ "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "get_weather" }, "tools/call get_weather", "tools/call get_weather"],
    [{ "mcp.method.name": "tools/list", "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "get_weather" }, "tools/call get_weather", "tools/call get_weather"],
    [{ "mcp.method.name": "tools/call", "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "other" }, "tools/call get_weather", "tools/call get_weather"],
    // a name the application chose, or one naming something else than the tool, is kept
    [{ "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "get_weather" }, "weather lookup", "weather lookup"],
    [{ "gen_ai.operation.name": "execute_tool" }, "execute_tool DynamicStructuredTool", "execute_tool DynamicStructuredTool"],
    [{ honeyhive_event_name: "explicit" }, "anything", "explicit"],
  ])("%j named %s -> %s", (attributes, spanName, expected) => {
    expect(eventNameOf(attributes, spanName)).toBe(expected);
  });

  it("reads own keys only, and any attribute values give a string (the span's name when nothing else)", () => {
    const inherited = Object.create({ honeyhive_event_name: "from the prototype", "ai.toolCall.name": "inherited" }) as Record<string, unknown>;
    expect(eventNameOf(inherited, "ai.toolCall")).toBe("ai.toolCall");
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("honeyhive_event_name", "ai.toolCall.name", "__proto__", "other"), fc.anything()), fc.string(), (attributes, spanName) => {
        const name = eventNameOf(attributes, spanName);
        expect(typeof name).toBe("string");
        if (derivedEventName(attributes, spanName) === undefined && typeof attributes.honeyhive_event_name !== "string") expect(name).toBe(spanName);
      }),
    );
  });
});

describe("the SDK names third-party tool call spans before export", () => {
  it("an AI SDK tool call span gets honeyhive_event_name = its tool; an explicit name and other spans are left alone", async () => {
    const unit = createTestTracer();
    unit.tracer.startSpan("app", () => {
      const ai = otelTrace.getTracer("ai");
      ai.startSpan("ai.toolCall", { attributes: { "ai.operationId": "ai.toolCall", "ai.toolCall.name": "lookup", "ai.toolCall.args": "{}" } }).end();
      ai.startSpan("ai.toolCall", { attributes: { "ai.operationId": "ai.toolCall", "ai.toolCall.name": "lookup", honeyhive_event_name: "named by the app" } }).end();
      ai.startSpan("ai.generateText", { attributes: { "ai.operationId": "ai.generateText" } }).end();
    }, { eventType: "chain" });
    const spans = await unit.spans();
    const names = spans.map((s) => [s.name, s.attributes.honeyhive_event_name]);
    expect(names).toEqual(expect.arrayContaining([["ai.toolCall", "lookup"], ["ai.toolCall", "named by the app"], ["ai.generateText", undefined]]));
    expect(spans.find((s) => s.name === "ai.toolCall" && s.attributes.honeyhive_event_name === "lookup")!.attributes.honeyhive_event_type).toBe("tool");
  });
});
