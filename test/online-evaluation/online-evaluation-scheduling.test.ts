// Online evaluation's work stays small on the span's end and spread in the background: the sampling decision is
// remembered per session id in a bounded map (the same decision as the documented rule), and a burst of sampled
// subjects starts its evaluations one per turn of the event loop, never all in one turn.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { HoneyHiveTracer, isSessionSampled } from "../../packages/honeyhive/src/index";
import { SAMPLE_DECISIONS_MAX, SampleDecisions } from "../../packages/honeyhive/src/online-evaluation/sample-decisions";

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("online evaluation scheduling", () => {
  // the evaluator's code is loaded by a tracer's first need of it; here, as after an earlier tracer with the option
  beforeAll(() => import("../../packages/honeyhive/src/online-evaluation/online-evaluation-part"));

  it("remembers sampling decisions in a bounded map, each the same as isSessionSampled", () => {
    const decisions = new SampleDecisions(0.3, 100);
    const ids = Array.from({ length: 1000 }, () => randomUUID());
    for (const id of ids) expect(decisions.sampled(id)).toBe(isSessionSampled(id, 0.3));
    expect(decisions.size).toBe(100);
    // asked again (remembered or forgotten and recomputed): the same answers
    for (const id of [...ids.slice(-50), ...ids.slice(0, 50)]) expect(decisions.sampled(id)).toBe(isSessionSampled(id, 0.3));
    expect(decisions.size).toBe(100);
    expect(new SampleDecisions(0.1).max).toBe(SAMPLE_DECISIONS_MAX);
  });

  it("rate 0 and rate 1 decide without hashing or remembering", () => {
    const none = new SampleDecisions(0);
    const all = new SampleDecisions(1);
    for (let i = 0; i < 10; i++) {
      const id = randomUUID();
      expect(none.sampled(id)).toBe(false);
      expect(all.sampled(id)).toBe(true);
    }
    expect(none.size + all.size).toBe(0);
  });

  it("a burst of sampled sessions starts at most one evaluation per turn of the event loop", async () => {
    let calls = 0;
    const tracer = new HoneyHiveTracer({
      testMode: true, setAsDefault: false, exporter: new InMemorySpanExporter(), logSink: () => undefined,
      onlineEvaluation: { concurrency: 8, sessionQuietMs: 1, evaluators: [function counted() { calls++; return 1; }] },
    });
    for (let i = 0; i < 8; i++) tracer.withSession({ sessionId: randomUUID() }, () => tracer.startSpan("handler", () => i));
    expect(calls).toBe(0); // none in the turn where the spans ended
    // counted turn by turn from the spans' end (a loaded machine may run the whole burst before a timer-based wait
    // returns, so the count starts at once and watches every turn until all 8 have run)
    const perTurn: number[] = [];
    const deadline = Date.now() + 30_000;
    while (calls < 8 && Date.now() < deadline) {
      const before = calls;
      await nextTurn();
      perTurn.push(calls - before);
    }
    expect(calls).toBe(8);
    expect(Math.max(...perTurn)).toBe(1);
    await tracer.flush(5000);
    expect(tracer.diagnostics().onlineEvaluation).toMatchObject({ sampled: 8, evaluated: 8, pending: 0 });
    await tracer.shutdown();
  });
});
