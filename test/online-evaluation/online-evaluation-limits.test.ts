// Online evaluation's limits: off the request path, budget (calls per minute, cost per day) warned once, bounded
// pending work with drops counted when the backend is down, failures counted and never thrown into user code. The
// sessions here end at shutdown (they are judged then, as sessions gone quiet would be).
import { createServer } from "node:net";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_EVENT_ID } from "@honeyhive/core/semconv/attributes";
import { HoneyHiveTracer, type HoneyHiveTracerOptions } from "../../packages/honeyhive/src/index";

function localTracer(onlineEvaluation: HoneyHiveTracerOptions["onlineEvaluation"], warnings: string[] = []): HoneyHiveTracer {
  return new HoneyHiveTracer({
    testMode: true, setAsDefault: false, exporter: new InMemorySpanExporter(), onlineEvaluation,
    logSink: (level, message) => { if (level === "warn") warnings.push(message); },
  });
}

function handle(tracer: HoneyHiveTracer, outputs: Record<string, unknown> = { result: "ok" }): string {
  return tracer.withSession({ sessionId: randomUUID() }, () => tracer.startSpan("handler", () => {
    tracer.enrichSpan({ outputs });
    return "handled";
  }));
}

/** A loopback URL where nothing listens (the backend is down). */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe("online evaluation limits", () => {
  it("never runs an evaluator on the request path: the span ends and the handler returns first", async () => {
    const calls: string[] = [];
    const tracer = localTracer({ evaluators: [function seen() { calls.push("evaluator"); return 1; }] });
    const result = tracer.withSession({ sessionId: randomUUID() }, () => tracer.startSpan("handler", () => "done"));
    calls.push(`returned ${result}`);
    expect(calls).toEqual(["returned done"]);
    expect(await tracer.shutdown(5000)).toBe(true);
    expect(calls).toEqual(["returned done", "evaluator"]);
  });

  it("calls per minute: judging stops at the limit and the SDK says so once", async () => {
    const warnings: string[] = [];
    let calls = 0;
    const tracer = localTracer({ concurrency: 1, budget: { callsPerMinute: 3 }, evaluators: [function judge() { calls++; return 1; }] }, warnings);
    for (let i = 0; i < 10; i++) handle(tracer);
    await tracer.shutdown(5000);
    expect(calls).toBe(3);
    expect(tracer.diagnostics().onlineEvaluation).toMatchObject({ sampled: 10, evaluated: 3, budgetSkipped: 7 });
    expect(warnings.filter((w) => w.includes("budget"))).toEqual([expect.stringContaining("callsPerMinute exhausted")]);
    await tracer.shutdown();
  });

  it("cost per day: a judge's model calls count as evaluation cost; once spent, judging stops (warned once)", async () => {
    const warnings: string[] = [];
    const judge = { name: "judge", fn: () => tracer.startSpan("judge-llm", (span) => { span.setAttribute("gen_ai.usage.cost", 0.6); return 1; }, { eventType: "model" }) };
    const tracer: HoneyHiveTracer = localTracer({ concurrency: 1, budget: { costPerDayUsd: 1 }, evaluators: [judge] }, warnings);
    for (let i = 0; i < 5; i++) handle(tracer);
    await tracer.shutdown(5000);
    const online = tracer.diagnostics().onlineEvaluation!;
    expect(online).toMatchObject({ sampled: 5, evaluated: 2, budgetSkipped: 3 });
    expect(online.costTodayUsd).toBeCloseTo(1.2, 6);
    expect(warnings.filter((w) => w.includes("budget"))).toEqual([expect.stringContaining("costPerDayUsd exhausted")]);
    await tracer.shutdown();
  });

  it("a span the export queue dropped is not judged (the server holds no event to score it on): counted as notExported", async () => {
    const exported = new Set<string>();
    const exporter = { // records what it was given (an InMemorySpanExporter forgets at shutdown)
      export(spans: ReadableSpan[], done: (r: { code: number }) => void) { for (const s of spans) exported.add(String(s.attributes[ATTR_EVENT_ID])); done({ code: 0 }); },
      shutdown: () => Promise.resolve(),
    };
    const judged: string[] = [];
    const tracer = new HoneyHiveTracer({
      testMode: true, setAsDefault: false, exporter, maxQueueSize: 3, logSink: () => undefined,
      onlineEvaluation: { target: "span", maxPending: 100, filter: (s) => judged.push(String(s.eventId)) > 0, evaluators: [function judge() { return 1; }] },
    });
    await tracer.flush(); // the evaluator is loaded: every span ends through it (gets its event id, is shown to it)
    for (let i = 0; i < 10; i++) handle(tracer); // in one turn: 3 fit in the queue, 7 are dropped
    await tracer.shutdown(5000);
    const d = tracer.diagnostics();
    expect(d.dropped.queueFull).toBe(7);
    expect(exported.size).toBe(3);
    expect(new Set(judged)).toEqual(exported);
    expect(d.onlineEvaluation).toMatchObject({ sampled: 10, notExported: 7, evaluated: 3 });
  });

  it("an evaluator or filter that throws is counted, never thrown into the application", async () => {
    const tracer = localTracer({
      filter: (s) => { if (s.outputs.result === "bad filter") throw new Error("filter broke"); return true; },
      evaluators: [function broken() { throw new Error("evaluator broke"); }, async function rejects() { throw new Error("async broke"); }, function fine() { return 1; }],
    });
    expect(handle(tracer)).toBe("handled");
    expect(handle(tracer, { result: "bad filter" })).toBe("handled");
    await tracer.shutdown(5000);
    expect(tracer.diagnostics().onlineEvaluation).toMatchObject({ sampled: 2, evaluated: 1, evaluatorErrors: 2, filterErrors: 1, filteredOut: 1 });
    await tracer.shutdown();
  });

  it("backend down: pending evaluations stay within maxPending, the rest are dropped and counted", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tracer = new HoneyHiveTracer({
      apiKey: "hh_down_key", serverUrl: await deadUrl(), setAsDefault: false, timeoutMs: 500, logSink: () => undefined,
      exporter: new InMemorySpanExporter(),
      onlineEvaluation: { concurrency: 1, maxPending: 5, evaluators: [async function slow() { await gate; return 1; }] },
    });
    for (let i = 0; i < 50; i++) expect(handle(tracer)).toBe("handled");
    await tracer.flush(50); // the ended spans reached the evaluator (its code loads on the tracer's first need)
    const during = tracer.diagnostics().onlineEvaluation!;
    expect(during).toMatchObject({ sampled: 50, dropped: 45, waiting: 5, pending: 0 });
    release();
    expect(await tracer.shutdown(3000)).toBe(false); // nothing reached the backend
    const after = tracer.diagnostics().onlineEvaluation!;
    expect(after.evaluated).toBe(5);
    expect(after.written).toBe(0);
    expect(after.writeFailures).toBe(5);
    expect(after).toMatchObject({ pending: 0, waiting: 0 });
  });

  it("an unknown key is a configuration error naming the closest", () => {
    expect(() => new HoneyHiveTracer({ resilience: "strict", testMode: true, setAsDefault: false, onlineEvaluation: { evaluators: [() => 1], sampelRate: 0.1 } as never }))
      .toThrow(/sampelRate.*sampleRate/s);
    expect(() => new HoneyHiveTracer({ resilience: "strict", testMode: true, setAsDefault: false, onlineEvaluation: { evaluators: [() => 1], budget: { callsPerMinit: 1 } } as never }))
      .toThrow(/callsPerMinit.*callsPerMinute/s);
    expect(() => new HoneyHiveTracer({ resilience: "strict", testMode: true, setAsDefault: false, onlineEvaluation: { evaluators: [() => 1], sampleRate: 2 } }))
      .toThrow(/sampleRate/);
  });
});
