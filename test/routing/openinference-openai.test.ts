/**
 * Issue 3, requirement 5: OpenInference's OpenAI instrumentation + the real `openai` client against a loopback
 * OpenAI-compatible server, 200 concurrent units of work, each under its own HoneyHive tracer. Every LLM span
 * must carry its own unit's session and be exported by its own unit's tracer: zero misrouted, zero lost.
 *
 * What works for enabling the instrumentation: `instrumentations: [new OpenAIInstrumentation()]` installs a
 * require hook, so `openai` must be loaded with `require` AFTER the first tracer was created (here with
 * `requireOpenAI()`, i.e. `createRequire`; vitest, like any native ESM `import`, would load the ESM build that
 * require hooks never see). For ESM imports use `instrumentModules: { openAI: OpenAI }` instead (see
 * traceloop-openai.test.ts and masking.test.ts).
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { type TestTracer, createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";
import { CHAT_CALLS_PER_UNIT, STEP_SPAN_NAME, runOpenAIUnit, requireOpenAI } from "./openai-workload";
import { type SpanView, checkRouting, crossUnitParents, viewOfDecoded, viewOfReadable } from "./routing-check";

const UNITS = 200;
const SCOPE = "@arizeai/openinference-instrumentation-openai";
const isChat = (s: SpanView): boolean => s.scope === SCOPE && s.name === "OpenAI Chat Completions";
const isEmbedding = (s: SpanView): boolean => s.scope === SCOPE && s.name === "OpenAI Embeddings";

let fake: FakeOpenAI;
let client: OpenAIClient;
let first: TestTracer;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  first = createTestTracer({ instrumentations: [new OpenAIInstrumentation()] });
  // Loaded only now, through require, so the instrumentation's require hook patches it.
  const { OpenAI } = requireOpenAI();
  client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(() => fake.close());

describe("OpenInference OpenAI instrumentation, 200 concurrent tracers", () => {
  it("in-memory tracers: zero misrouted, zero lost, LLM spans typed 'model', one trace tree per unit", async () => {
    const units = [first, ...Array.from({ length: UNITS - 1 }, () => createTestTracer())];
    await Promise.all(units.map((unit, i) => unit.tracer.trace(() => runOpenAIUnit(client, i, { embeddings: true }))));
    const spans = (await Promise.all(units.map(async (unit, i) => (await unit.spans()).map((s) => viewOfReadable(s, i))))).flat();

    const chat = checkRouting(spans, { units: UNITS, sessionOf: (i) => units[i]!.tracer.sessionId, select: isChat, perUnit: CHAT_CALLS_PER_UNIT });
    expect(chat.problems).toEqual([]);
    expect({ counted: chat.counted, misrouted: chat.misrouted, lost: chat.lost, duplicated: chat.duplicated })
      .toEqual({ counted: UNITS * CHAT_CALLS_PER_UNIT, misrouted: 0, lost: 0, duplicated: 0 });
    const embeddings = checkRouting(spans, { units: UNITS, sessionOf: (i) => units[i]!.tracer.sessionId, select: isEmbedding, perUnit: 1 });
    expect(embeddings).toMatchObject({ counted: UNITS, misrouted: 0, lost: 0, duplicated: 0 });

    // event types inferred in the Python SDK's order: openinference.span.kind LLM -> model, EMBEDDING -> tool
    expect(new Set(spans.filter(isChat).map((s) => s.attributes["honeyhive_event_type"]))).toEqual(new Set(["model"]));
    expect(new Set(spans.filter(isEmbedding).map((s) => s.attributes["honeyhive_event_type"]))).toEqual(new Set(["tool"]));
    // the call made inside the traced function is a child of that function's span, in the same unit
    const steps = spans.filter((s) => s.name === STEP_SPAN_NAME);
    expect(steps).toHaveLength(UNITS);
    const stepIds = new Set(steps.map((s) => s.spanId));
    expect(spans.filter((s) => isChat(s) && s.parentSpanId !== undefined && stepIds.has(s.parentSpanId))).toHaveLength(UNITS);
    expect(crossUnitParents(spans)).toBe(0);
    expect(fake.requests.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(UNITS * CHAT_CALLS_PER_UNIT);
  });

  describe("real tracers exporting OTLP to a loopback HoneyHive", () => {
    let server: HoneyHiveRecorder;
    beforeAll(async () => {
      server = await startHoneyHiveRecorder();
    });
    afterAll(() => server.close());

    it("every LLM span arrives once, with its own unit's session, sent with its own unit's API key", async () => {
      const keyOf = (i: number): string => `hh_key_unit_${String(i).padStart(4, "0")}`;
      const units = Array.from({ length: UNITS }, (_, i) =>
        new HoneyHiveTracer({ apiKey: keyOf(i), serverUrl: server.url, sessionName: `unit ${i}`, setAsDefault: false }),
      );
      await Promise.all(units.map((tracer, i) => tracer.trace(() => runOpenAIUnit(client, i))));
      const flushed = await Promise.all(units.map((t) => t.flush()));
      expect(flushed.every(Boolean)).toBe(true);

      const unitOfKey = new Map(units.map((_, i) => [`Bearer ${keyOf(i)}`, i]));
      const spans = server.requestsTo("/opentelemetry/v1/traces").flatMap((r) => r.spans.map((s) => viewOfDecoded(s, unitOfKey.get(String(r.headers.authorization)) ?? -1)));
      const report = checkRouting(spans, { units: UNITS, sessionOf: (i) => units[i]!.sessionId, select: isChat, perUnit: CHAT_CALLS_PER_UNIT });
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({ counted: UNITS * CHAT_CALLS_PER_UNIT, misrouted: 0, lost: 0, duplicated: 0 });
      expect(spans.filter(isChat).every((s) => s.attributes["honeyhive_event_type"] === "model")).toBe(true);
      expect(crossUnitParents(spans)).toBe(0);
      await Promise.all(units.map((t) => t.shutdown()));
    });
  });
});
