/**
 * Issue 3, requirement 5: the Vercel AI SDK's own telemetry (`ai` v6, `experimental_telemetry`), with the OpenAI
 * provider pointed at a loopback OpenAI-compatible server, 200 concurrent units of work each under its own
 * tracer — once through the global OpenTelemetry API (`{ isEnabled: true }`, spans routed by the HoneyHive tracer
 * found in context), once with the HoneyHive tracer given explicitly (`{ isEnabled: true, tracer:
 * tracer.getTracer() }`) and no tracer in context.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { type TelemetrySettings, embed, generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trace } from "../../packages/honeyhive/src/index";
import { type TestTracer, createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, fakeAnswer, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type SpanView, checkRouting, crossUnitParents, sleep, spansInForeignTraces, unitMark, viewOfReadable } from "./routing-check";

const UNITS = 200;
/** Model calls per unit (one generateText, one streamText); each makes a call span and a model-call span. */
const CHAT_PER_UNIT = 2;
/** All AI SDK spans per unit: 2 x (ai.<call>, ai.<call>.do<Generate|Stream>) + embed (ai.embed, ai.embed.doEmbed). */
const AI_SPANS_PER_UNIT = CHAT_PER_UNIT * 2 + 2;
const operationOf = (s: SpanView): unknown => s.attributes["ai.operationId"];
/** AI SDK spans (scope "ai" through the global provider; "honeyhive" when created through tracer.getTracer()). */
const isAiSdk = (s: SpanView): boolean => typeof operationOf(s) === "string";
const isChat = (s: SpanView): boolean => operationOf(s) === "ai.generateText.doGenerate" || operationOf(s) === "ai.streamText.doStream";

let fake: FakeOpenAI;
let provider: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test" });
});
afterAll(() => fake.close());

/**
 * Unit i: generateText; a short sleep; then in parallel (`Promise.all`) a streamText (inside a traced step when
 * traced) and an embed started from a timer callback.
 */
async function runUnit(i: number, telemetry: TelemetrySettings, traced: boolean): Promise<void> {
  const model = provider.chat("gpt-test");
  const streamed = async (tag: string): Promise<string> => {
    let text = "";
    for await (const part of streamText({ model, prompt: `${unitMark(i)}${tag}`, experimental_telemetry: telemetry }).textStream) text += part;
    return text;
  };
  const step = traced ? trace(streamed, { eventName: "unit_step", eventType: "chain" }) : streamed;
  const first = (await generateText({ model, prompt: `${unitMark(i)}a`, experimental_telemetry: telemetry })).text;
  await sleep(i % 3);
  const embedded = new Promise<number>((resolve, reject) => setTimeout(() => {
    embed({ model: provider.embedding("text-embedding-test"), value: `${unitMark(i)}e`, experimental_telemetry: telemetry }).then((r) => resolve(r.embedding.length), reject);
  }, i % 4));
  const [second, dimensions] = await Promise.all([step("b"), embedded]);
  if (first !== fakeAnswer(`${unitMark(i)}a`) || second !== fakeAnswer(`${unitMark(i)}b`) || dimensions !== 4) {
    throw new Error(`unit ${i}: unexpected results ${first} | ${second} | ${dimensions}`);
  }
}

async function collect(units: TestTracer[]): Promise<SpanView[]> {
  return (await Promise.all(units.map(async (unit, i) => (await unit.spans()).map((s) => viewOfReadable(s, i))))).flat();
}

function expectRouted(units: TestTracer[], spans: SpanView[]): void {
  const sessionOf = (i: number): string => units[i]!.tracer.sessionId;
  const report = checkRouting(spans, { units: UNITS, sessionOf, select: isChat, perUnit: CHAT_PER_UNIT });
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ counted: UNITS * CHAT_PER_UNIT, misrouted: 0, lost: 0, duplicated: 0 });
  // every AI SDK span, content-bearing or not, is in its own unit's trace and session, and none is missing
  expect(spansInForeignTraces(spans, sessionOf)).toBe(0);
  expect(crossUnitParents(spans)).toBe(0);
  const perUnit = new Array<number>(UNITS).fill(0);
  for (const span of spans) if (isAiSdk(span)) perUnit[span.deliveredTo]!++;
  expect(new Set(perUnit)).toEqual(new Set([AI_SPANS_PER_UNIT]));
  // event types (ai.operationId): the model calls are model events, the calls around them chains
  const typeOf = (op: string): Set<unknown> => new Set(spans.filter((s) => operationOf(s) === op).map((s) => s.attributes["honeyhive_event_type"]));
  for (const op of ["ai.generateText.doGenerate", "ai.streamText.doStream", "ai.embed.doEmbed"]) expect(typeOf(op)).toEqual(new Set(["model"]));
  for (const op of ["ai.generateText", "ai.streamText", "ai.embed"]) expect(typeOf(op)).toEqual(new Set(["chain"]));
}

describe("Vercel AI SDK telemetry, 200 concurrent tracers", () => {
  it("telemetry through the global OpenTelemetry API, tracer found through context: zero misrouted, zero lost", async () => {
    const units = Array.from({ length: UNITS }, () => createTestTracer());
    await Promise.all(units.map((unit, i) => unit.tracer.trace(() => runUnit(i, { isEnabled: true }, true))));
    const spans = await collect(units);
    expectRouted(units, spans);
    // the streamText call made inside the traced step is a child of the step's span
    const steps = new Set(spans.filter((s) => s.name === "unit_step").map((s) => s.spanId));
    expect(steps.size).toBe(UNITS);
    expect(spans.filter((s) => s.name === "ai.streamText" && s.parentSpanId !== undefined && steps.has(s.parentSpanId))).toHaveLength(UNITS);
  });

  it("per-call tracer.getTracer() and no tracer in context: zero misrouted, zero lost", async () => {
    const units = Array.from({ length: UNITS }, () => createTestTracer());
    await Promise.all(units.map((unit, i) => runUnit(i, { isEnabled: true, tracer: unit.tracer.getTracer() }, false)));
    expectRouted(units, await collect(units));
  });
});
