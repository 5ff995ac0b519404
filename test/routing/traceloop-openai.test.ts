/**
 * Issue 3, requirement 5: Traceloop's OpenAI instrumentation + the real `openai` client against a loopback
 * OpenAI-compatible server, 200 concurrent units of work (plain and streamed), each under its own tracer.
 *
 * What works for enabling it here: `openai` is imported as an ES module (vitest, like native ESM, loads the
 * ESM build, which require hooks never see), so the tracer patches it explicitly with
 * `instrumentModules: { openAI: OpenAI }`, with `@traceloop/instrumentation-openai` registered as the app's choice.
 */
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestTracer, createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, fakeAnswer, startFakeOpenAI } from "../helpers/fake-openai-server";
import { chooseTraceloopForOpenAI } from "./choose-traceloop";
import { CHAT_CALLS_PER_UNIT, runOpenAIUnit } from "./openai-workload";
import { type SpanView, checkRouting, crossUnitParents, unitMark, unitOfContent, viewOfReadable } from "./routing-check";

const UNITS = 200;
const SCOPE = "@traceloop/instrumentation-openai";
const isChat = (s: SpanView): boolean => s.scope === SCOPE && s.name === "chat gpt-test";

let fake: FakeOpenAI;
let client: OpenAI;
let first: TestTracer;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  chooseTraceloopForOpenAI();
  first = createTestTracer({ instrumentModules: { openAI: OpenAI } });
  client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(() => fake.close());

async function runUnits(stream: boolean): Promise<{ units: TestTracer[]; spans: SpanView[] }> {
  const units = Array.from({ length: UNITS }, () => createTestTracer());
  await Promise.all(units.map((unit, i) => unit.tracer.trace(() => runOpenAIUnit(client, i, { stream }))));
  const spans = (await Promise.all(units.map(async (unit, i) => (await unit.spans()).map((s) => viewOfReadable(s, i))))).flat();
  return { units, spans };
}

describe("Traceloop OpenAI instrumentation (instrumentModules), 200 concurrent tracers", () => {
  it("patches the explicitly given module: one LLM span per call, typed 'model' from gen_ai.operation.name", async () => {
    const answer = await first.tracer.trace(async () => (await client.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] })).choices[0]?.message.content);
    expect(answer).toBe(fakeAnswer("hi"));
    const spans = (await first.spans()).map((s) => viewOfReadable(s, 0));
    expect(spans.filter(isChat)).toHaveLength(1);
    expect(spans[0]!.attributes).toMatchObject({ "gen_ai.operation.name": "chat", honeyhive_event_type: "model", "honeyhive.session_id": first.tracer.sessionId });
  });

  it("non-streaming: zero misrouted, zero lost", async () => {
    const { units, spans } = await runUnits(false);
    const report = checkRouting(spans, { units: UNITS, sessionOf: (i) => units[i]!.tracer.sessionId, select: isChat, perUnit: CHAT_CALLS_PER_UNIT });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ counted: UNITS * CHAT_CALLS_PER_UNIT, misrouted: 0, lost: 0, duplicated: 0 });
    expect(spans.filter(isChat).every((s) => s.attributes["honeyhive_event_type"] === "model")).toBe(true);
    expect(crossUnitParents(spans)).toBe(0);
  });

  it("streaming (stream: true): zero misrouted, zero lost, each span holds its own unit's streamed answer", async () => {
    const { units, spans } = await runUnits(true);
    const report = checkRouting(spans, { units: UNITS, sessionOf: (i) => units[i]!.tracer.sessionId, select: isChat, perUnit: CHAT_CALLS_PER_UNIT });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ counted: UNITS * CHAT_CALLS_PER_UNIT, misrouted: 0, lost: 0, duplicated: 0 });
    // the aggregated stream output recorded on each span is the answer to that span's own prompt
    const outputs = spans.filter(isChat).map((s) => String(s.attributes["gen_ai.output.messages"] ?? ""));
    expect(outputs.every((o) => o.includes("echo: unit-"))).toBe(true);
    for (const span of spans.filter(isChat)) {
      const out = String(span.attributes["gen_ai.output.messages"]);
      expect(out.includes(`echo: ${unitMark(span.deliveredTo)}`)).toBe(true);
    }
    expect(crossUnitParents(spans)).toBe(0);
  });

  it("one tracer, 100 concurrent withSession scopes: every LLM span lands in its own scope's session", async () => {
    const shared = createTestTracer();
    const sessions: string[] = [];
    await Promise.all(Array.from({ length: 100 }, (_, i) => shared.tracer.withSession({ sessionName: `scope ${i}` }, async (sessionId) => {
      sessions[i] = sessionId;
      await runOpenAIUnit(client, i);
    })));
    expect(new Set(sessions).size).toBe(100);
    const spans = (await shared.spans()).map((s) => viewOfReadable(s, -1));
    // one exporter for all scopes: the session is what must differ, so check it against the unit named in the content
    const report = checkRouting(spans.map((s) => ({ ...s, deliveredTo: unitOfContent(s) ?? -1 })), { units: 100, sessionOf: (i) => sessions[i]!, select: isChat, perUnit: CHAT_CALLS_PER_UNIT });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ counted: 100 * CHAT_CALLS_PER_UNIT, misrouted: 0, lost: 0, duplicated: 0 });
  });
});
