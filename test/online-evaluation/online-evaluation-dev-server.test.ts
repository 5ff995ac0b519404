// Online evaluation end to end against the real dev server (requests checked against HoneyHive's spec): scores land
// on the session's or the span's event, marked as online evaluation; unsampled sessions get none. A session is judged
// once (when it has gone quiet, or at shutdown) with evaluate()'s argument shape: its outputs, inputs, ground truth.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, createApiClient, isSessionSampled, type ApiClient } from "../../packages/honeyhive/src/index";
import { useCheckedDevServer } from "../helpers/checked-dev-server";

const KEY = "hh_online_eval_key";
const checked = useCheckedDevServer();
let api: ApiClient;
beforeAll(() => {
  api = createApiClient({ serverUrl: checked.proxy.url, apiKey: KEY });
});

async function events(sessionId: string): Promise<any[]> {
  const result = await api.events.export({ filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 100 });
  if (!result.ok) throw new Error(result.error);
  return result.data.events;
}

function answerLength(outputs: unknown): number {
  return String(outputs).length;
}

/** Waits until `done()` holds (checking every 20 ms); fails after 30 s. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("condition not reached within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("online evaluation against the dev server", () => {
  it("target session: each sampled session is judged once, at its end, its scores on its session event; others none", async () => {
    const calls: string[] = [];
    const tracer = new HoneyHiveTracer({
      apiKey: KEY, serverUrl: checked.proxy.url, setAsDefault: false, logSink: () => undefined,
      onlineEvaluation: {
        sampleRate: 0.5,
        evaluators: [answerLength, { name: "polite", fn: (o) => { calls.push(String(o)); return String(o).includes("please"); } }],
      },
    });
    const sessions = Array.from({ length: 16 }, () => randomUUID());
    for (const [i, sessionId] of sessions.entries()) {
      // a session of three requests: the last one's return value is the session's output
      for (let turn = 0; turn < 3; turn++) {
        const answer = await tracer.withSession({ sessionId, sessionName: "chat", inputs: { user: `u${i}` } }, () =>
          tracer.startSpan("handler", () => (turn === 2 && i % 2 === 0 ? `please ${i}` : `no ${i}.${turn}`), { captureOutput: true }));
        expect(answer).toMatch(/\d+$/); // the handler's own result, untouched
      }
    }
    expect(await tracer.shutdown(10_000)).toBe(true); // the sessions end: each sampled one is judged
    const sampled = sessions.filter((id) => isSessionSampled(id, 0.5));
    expect(sampled.length).toBeGreaterThan(0);
    expect(sampled.length).toBeLessThan(sessions.length);
    expect(calls).toHaveLength(sampled.length); // once per session, not once per request
    for (const [i, sessionId] of sessions.entries()) {
      const session = (await events(sessionId)).find((e) => e.event_type === "session");
      if (sampled.includes(sessionId)) {
        const result = i % 2 === 0 ? `please ${i}` : `no ${i}.2`;
        expect(session?.metrics).toMatchObject({ answerLength: result.length, polite: i % 2 === 0 });
        expect(session?.metadata).toMatchObject({ online_evaluation: true });
      } else {
        expect(session?.metrics?.answerLength).toBeUndefined();
      }
    }
    const online = tracer.diagnostics().onlineEvaluation!;
    expect(online).toMatchObject({ sampled: sampled.length, evaluated: sampled.length, written: sampled.length, dropped: 0, evaluatorErrors: 0, pending: 0, waiting: 0 });
    expect(checked.proxy.violations()).toEqual([]);
    const writes = checked.proxy.requests.filter((r) => r.method === "PUT" && r.url.includes("/v1/events/") && r.body.includes("\"metrics\""));
    expect(writes.length).toBe(sampled.length);
  });

  it("target session: evaluators take evaluate()'s shape (the session's outputs, inputs, ground truth); the guide's outputs.answer works", async () => {
    const seen: unknown[][] = [];
    const tracer = new HoneyHiveTracer({
      apiKey: KEY, serverUrl: checked.proxy.url, setAsDefault: false, logSink: () => undefined,
      onlineEvaluation: { evaluators: [function short(outputs: { answer?: string }, inputs: unknown, truth: unknown) { seen.push([outputs, inputs, truth]); return (outputs.answer ?? "").length < 5; }] },
    });
    const plain = randomUUID();
    const enriched = randomUUID();
    // a traced handler returning { answer }: the session's output is its last root span's return value
    await tracer.withSession({ sessionId: plain, inputs: { question: "2+2?" } }, () => tracer.startSpan("handler", () => ({ answer: "four!" }), { captureOutput: true }));
    // outputs and ground truth given with enrichSession win over the spans'
    await tracer.withSession({ sessionId: enriched }, async () => {
      tracer.startSpan("handler", () => tracer.enrichSpan({ inputs: { question: "3+3?" }, outputs: { text: "six" } }));
      await tracer.enrichSession({ outputs: { answer: "6" }, feedback: { ground_truth: { answer: "6" } } });
    });
    expect(await tracer.shutdown(10_000)).toBe(true);
    expect(seen).toEqual(expect.arrayContaining([
      [{ answer: "four!" }, { question: "2+2?" }, undefined],
      [{ answer: "6" }, { question: "3+3?" }, { answer: "6" }],
    ]));
    expect(seen).toHaveLength(2);
    const scores = await Promise.all([plain, enriched].map(async (id) => (await events(id)).find((e) => e.event_type === "session")?.metrics?.short));
    expect(scores).toEqual([false, true]);
  });

  it("target session: judged once the session has gone quiet; later activity is counted, not judged again", async () => {
    const warnings: string[] = [];
    let judged = 0;
    const tracer = new HoneyHiveTracer({
      apiKey: KEY, serverUrl: checked.proxy.url, setAsDefault: false, logSink: (level, message) => void (level === "warn" && warnings.push(message)),
      onlineEvaluation: { sessionQuietMs: 300, evaluators: [function turns(outputs: unknown) { judged++; return String(outputs); }] },
    });
    const sessionId = randomUUID();
    await tracer.withSession({ sessionId }, () => tracer.startSpan("handler", () => "first", { captureOutput: true }));
    expect(tracer.diagnostics().onlineEvaluation).toMatchObject({ waiting: 1, evaluated: 0 });
    await until(() => tracer.diagnostics().onlineEvaluation!.written === 1); // quiet: judged without a flush or shutdown
    await tracer.withSession({ sessionId }, () => tracer.startSpan("handler", () => "second", { captureOutput: true }));
    expect(await tracer.shutdown(10_000)).toBe(true);
    expect(judged).toBe(1);
    expect(tracer.diagnostics().onlineEvaluation).toMatchObject({ evaluated: 1, written: 1, activityAfterJudged: 1 });
    expect(warnings.filter((w) => w.includes("after it was judged"))).toHaveLength(1);
    const session = (await events(sessionId)).find((e) => e.event_type === "session");
    expect(session?.metrics?.turns).toBe("first"); // the earlier score stands
  });

  it("target span: each model span's own event gets the score; the filter picks the spans", async () => {
    const tracer = new HoneyHiveTracer({
      apiKey: KEY, serverUrl: checked.proxy.url, setAsDefault: false, logSink: () => undefined,
      onlineEvaluation: { target: "span", filter: (s) => s.eventType === "model", evaluators: [function words(o) { return String((o as { content?: string }).content).split(" ").length; }] },
    });
    const sessionId = randomUUID();
    tracer.withSession({ sessionId }, () => tracer.startSpan("agent", () => {
      tracer.startSpan("llm", () => tracer.enrichSpan({ outputs: { content: "one two three" } }), { eventType: "model" });
      tracer.startSpan("lookup", () => tracer.enrichSpan({ outputs: { content: "a b" } }), { eventType: "tool" });
    }, { eventType: "chain" }));
    expect(await tracer.flush(10_000)).toBe(true);
    const stored = await events(sessionId);
    const model = stored.find((e) => e.event_name === "llm");
    expect(model?.metrics).toMatchObject({ words: 3 });
    expect(model?.metadata).toMatchObject({ online_evaluation: true });
    expect(stored.find((e) => e.event_name === "lookup")?.metrics?.words).toBeUndefined();
    expect(tracer.diagnostics().onlineEvaluation).toMatchObject({ sampled: 3, filteredOut: 2, evaluated: 1, written: 1 });
    expect(checked.proxy.violations()).toEqual([]);
    await tracer.shutdown();
  });
});
