/**
 * Issue 3, requirement 2: `instrumentations` are registered once per process however many tracers get them;
 * registering the same object again, or an equal one (another instance of the same instrumentation), is a
 * no-op — never a second patch, never duplicate LLM spans.
 *
 * Traceloop's instrumentation is the demanding case: every instance enables itself in its constructor (a
 * require hook) and wraps `openai` again when it loads, with no module-level guard.
 */
import { OpenAIInstrumentation } from "@traceloop/instrumentation-openai";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestTracer, createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { ask, requireOpenAI } from "./openai-workload";
import { type SpanView, checkRouting, unitMark, viewOfReadable } from "./routing-check";

const isChat = (s: SpanView): boolean => s.scope === "@traceloop/instrumentation-openai";

let fake: FakeOpenAI;
let client: OpenAIClient;
const tracers: TestTracer[] = [];
const debugLines: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  const shared = new OpenAIInstrumentation();
  const logSink = (_level: string, message: string): void => {
    debugLines.push(message);
  };
  // three tracers: the same object twice, then an equal one (a second instance of the same instrumentation)
  tracers.push(createTestTracer({ instrumentations: [shared], verbose: true, logSink }));
  tracers.push(createTestTracer({ instrumentations: [shared], verbose: true, logSink }));
  tracers.push(createTestTracer({ instrumentations: [new OpenAIInstrumentation()], verbose: true, logSink }));
  const { OpenAI } = requireOpenAI();
  client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(() => fake.close());

describe("registering an instrumentation twice", () => {
  it("one LLM span per call, in each tracer's own session, whichever tracer registered it", async () => {
    await Promise.all(tracers.map((t, i) => t.tracer.trace(async () => {
      await ask(client, `${unitMark(i)}x`);
      await ask(client, `${unitMark(i)}y`, true);
    })));
    const spans = (await Promise.all(tracers.map(async (t, i) => (await t.spans()).map((s) => viewOfReadable(s, i))))).flat();
    const report = checkRouting(spans, { units: tracers.length, sessionOf: (i) => tracers[i]!.tracer.sessionId, select: isChat, perUnit: 2 });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ counted: 6, misrouted: 0, lost: 0, duplicated: 0 });
    expect(debugLines.filter((l) => l.includes("already registered"))).toHaveLength(2);
  });

  it("the skipped duplicate stays inert: a later require of openai is not wrapped a second time", async () => {
    const again = requireOpenAI();
    const other = new again.OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    const t = tracers[0]!;
    t.exporter.reset();
    await t.tracer.trace(() => ask(other, `${unitMark(0)}z`));
    expect((await t.spans()).filter((s) => s.instrumentationScope.name === "@traceloop/instrumentation-openai")).toHaveLength(1);
  });
});
