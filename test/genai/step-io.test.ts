// Issue 23 req 4: every dialect's tool, agent and chain spans reach HoneyHive with their inputs and outputs. The step
// fixtures (captured from the real packages by `npm run fixtures:genai`: OpenInference and OpenLLMetry LangChain
// instrumentations, the AI SDK 6's ai.* telemetry, ai 7 + @ai-sdk/otel) go through the dev server's real OTLP
// ingest; the export must give the reviewed inputs and outputs of every tool and chain event, type agent and step
// spans `chain`, and leave the raw attributes whose whole content moved out of metadata (those decoded into less than
// they hold, LangChain's serialized objects, stay).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { readStepIo } from "../../packages/core/src/semconv/genai";
import { startServer } from "../dev-server/helpers";
import { GENAI_FIXTURES } from "./expected-events";
import { ingestSteps, stepFixture, type StepEvent } from "./step-events";

const FILES = readdirSync(join(GENAI_FIXTURES, "captured", "steps")).filter((f) => f.endsWith(".json"));
/** Raw attributes whose whole content becomes a tool event's inputs or outputs. */
const MOVED = ["input.value", "output.value", "input.mime_type", "output.mime_type", "gen_ai.tool.call.arguments", "gen_ai.tool.call.result",
  "ai.toolCall.args", "ai.toolCall.result", "traceloop.entity.input", "traceloop.entity.output"];

const byName = (a: StepEvent, b: StepEvent) => (a.event_name + JSON.stringify(a.inputs)).localeCompare(b.event_name + JSON.stringify(b.inputs));

let server: DevServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe.each(FILES)("GenAI step fixture %s", (file) => {
  it("gives every tool and chain event its reviewed inputs and outputs, and one model event per call", async () => {
    const { fixture, expected } = stepFixture(file);
    expect(expected.review.length).toBeGreaterThan(40);
    const { steps, models, events } = await ingestSteps(server, fixture, `steps-${file}`);
    expect([...steps].sort(byName)).toEqual([...expected.steps].sort(byName));
    expect(models).toHaveLength(expected.models);
    const tools = steps.filter((s) => s.event_type === "tool");
    expect(tools.length).toBeGreaterThan(0);
    for (const tool of tools) expect(Object.keys(tool.inputs as object).length * Object.keys(tool.outputs as object).length).toBeGreaterThan(0);
    for (const event of events.filter((e) => e.event_type !== "model")) {
      for (const key of MOVED) {
        // a LangChain serialized object is decoded into less than it holds (its class, status, metadata): its raw stays
        const raw = event.metadata[key.replace(".mime_type", ".value")];
        if (event.metadata[key] !== undefined) expect(String(raw)).toContain('"lc":1');
      }
    }
  });
});

describe("step inputs and outputs at ingest", () => {
  it("keeps explicit honeyhive_inputs / honeyhive_outputs, and then the raw attributes stay in metadata", async () => {
    const { fixture } = stepFixture("vercel-ai-steps.json");
    const spans = fixture.otlp.resourceSpans[0].scopeSpans[0].spans as any[];
    const toolSpan = spans.find((s) => s.name === "ai.toolCall");
    toolSpan.attributes.push({ key: "honeyhive_inputs.mine", value: { stringValue: "explicit" } });
    const { events } = await ingestSteps(server, fixture, "steps-explicit");
    const tool = events.find((e) => e.event_name === "get_weather"); // the tool call span, named after its tool
    expect(tool.inputs).toEqual({ mine: "explicit" });
    expect(tool.metadata["ai.toolCall.args"]).toBe('{"city":"Paris"}');
    expect(tool.outputs).toEqual({ forecast: "Sunny in Paris" });
    expect(tool.metadata).not.toHaveProperty(["ai.toolCall.result"]);
  });
});

describe("readStepIo", () => {
  const span = (attributes: Record<string, unknown>) => ({ name: "s", attributes });

  it("reads nothing from a span without dialect inputs or outputs", () => {
    expect(readStepIo(span({ "gen_ai.operation.name": "agent_step" }))).toBeUndefined();
    expect(readStepIo(span({ "input.value": "", "traceloop.entity.output": null }))).toBeUndefined();
  });

  it("records a value that is not an object as { value }, and keeps text that only looks like JSON as text", () => {
    expect(readStepIo(span({ "input.value": "[1,2]", "output.value": "{not json" }))?.inputs?.field).toEqual({ value: [1, 2] });
    expect(readStepIo(span({ "output.value": "{not json" }))?.outputs?.field).toEqual({ value: "{not json" });
    expect(readStepIo(span({ "gen_ai.tool.call.result": 42 }))?.outputs?.field).toEqual({ value: 42 });
  });

  // the AI SDK writes a tool's arguments and result as JSON.stringify(value) (ai 6: ai.toolCall.*, ai 7 with
  // @ai-sdk/otel: gen_ai.tool.call.*, which OTel GenAI records as JSON text when the value is structured)
  it("a tool's JSON-text arguments and result (AI SDK, OTel GenAI) are the values: strings as strings, objects as objects, other text as it is", () => {
    for (const [args, result] of [["ai.toolCall.args", "ai.toolCall.result"], ["gen_ai.tool.call.arguments", "gen_ai.tool.call.result"]] as const) {
      const outputs = (raw: unknown) => readStepIo(span({ [args]: '{"city":"Paris"}', [result]: raw }))?.outputs?.field;
      expect(outputs(JSON.stringify("Sunny in Paris-ai7, 21C"))).toEqual({ value: "Sunny in Paris-ai7, 21C" });
      expect(outputs(JSON.stringify({ forecast: "Sunny" }))).toEqual({ forecast: "Sunny" });
      expect(outputs(JSON.stringify('{"a":1}'))).toEqual({ value: '{"a":1}' }); // a string that holds JSON stays a string
      expect(outputs("42")).toEqual({ value: 42 });
      expect(outputs("[1,\"a\"]")).toEqual({ value: [1, "a"] });
      expect(outputs("Sunny in Paris")).toEqual({ value: "Sunny in Paris" }); // not JSON: the raw text
      expect(outputs("{not json")).toEqual({ value: "{not json" });
      expect(readStepIo(span({ [args]: JSON.stringify("Paris"), [result]: "1" }))?.inputs?.field).toEqual({ value: "Paris" });
      expect(readStepIo(span({ [args]: '{"city":"Paris"}', [result]: '"x"' }))?.outputs?.consumed).toEqual([result]);
    }
  });

  it("unwraps OpenLLMetry's single-argument wrapper only when it is one", () => {
    expect(readStepIo(span({ "traceloop.entity.input": '{"args":["x"],"kwargs":{}}' }))?.inputs?.field).toEqual({ value: "x" });
    expect(readStepIo(span({ "traceloop.entity.input": '{"args":["x","y"]}' }))?.inputs?.field).toEqual({ args: ["x", "y"] });
    expect(readStepIo(span({ "traceloop.entity.input": '{"args":["x"],"kwargs":{"k":1}}' }))?.inputs?.field).toEqual({ args: ["x"], kwargs: { k: 1 } });
  });

  it("decodes LangChain's serialized messages and objects, nested or not", () => {
    const ai = { lc: 1, type: "constructor", id: ["langchain_core", "messages", "AIMessage"], kwargs: { content: "hi", tool_calls: [], additional_kwargs: {} } };
    const doc = { lc: 1, type: "constructor", id: ["langchain_core", "documents", "Document"], kwargs: { pageContent: "p" } };
    expect(readStepIo(span({ "output.value": JSON.stringify({ messages: [ai], doc }) }))?.outputs?.field).toEqual({
      messages: [{ role: "assistant", content: "hi" }], doc: { pageContent: "p" },
    });
  });

  it("is total: any attribute values give nothing or object fields whose consumed keys are attributes of the span", () => {
    const keys = fc.constantFrom("input.value", "output.value", "gen_ai.tool.call.arguments", "gen_ai.tool.call.result", "ai.toolCall.args",
      "ai.toolCall.result", "ai.prompt", "ai.response.text", "traceloop.entity.input", "traceloop.entity.output", "gen_ai.input.messages", "gen_ai.output.messages");
    const value = fc.oneof(fc.string(), fc.json(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()));
    fc.assert(fc.property(fc.dictionary(keys, value), (attributes) => {
      const io = readStepIo(span(attributes));
      for (const side of [io?.inputs, io?.outputs]) {
        if (side === undefined) continue;
        expect(typeof side.field === "object" && side.field !== null && !Array.isArray(side.field)).toBe(true);
        for (const key of side.consumed) expect(attributes).toHaveProperty([key]);
      }
    }));
  });

  it("never throws on hostile values", () => {
    const hostile = new Proxy({}, { get: () => { throw new Error("boom"); }, ownKeys: () => { throw new Error("boom"); } });
    expect(() => readStepIo(span(hostile as Record<string, unknown>))).not.toThrow();
    expect(readStepIo(span({ "output.value": "x".repeat(10) + "{" }))?.outputs?.field).toEqual({ value: "xxxxxxxxxx{" });
  });
});
