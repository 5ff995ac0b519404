// Online evaluation end to end against the real dev server (requests checked against HoneyHive's spec): scores land
// on the session's or the span's event, marked as online evaluation; unsampled sessions get none.
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

function answerLength(outputs: Record<string, unknown>): number {
  return String(outputs.result ?? "").length;
}

describe("online evaluation against the dev server", () => {
  it("target session: sampled sessions get the scores on their session event, marked online; others none", async () => {
    const tracer = new HoneyHiveTracer({
      apiKey: KEY, serverUrl: checked.proxy.url, setAsDefault: false, logSink: () => undefined,
      onlineEvaluation: { sampleRate: 0.5, evaluators: [answerLength, { name: "polite", fn: (o) => String((o as { result?: string }).result).includes("please") }] },
    });
    const sessions = Array.from({ length: 16 }, () => randomUUID());
    for (const [i, sessionId] of sessions.entries()) {
      const answer = tracer.withSession({ sessionId, sessionName: "chat" }, () =>
        tracer.startSpan("handler", () => {
          const result = i % 2 === 0 ? `please ${i}` : `no ${i}`;
          tracer.enrichSpan({ inputs: { question: `q${i}` }, outputs: { result } });
          return result;
        }));
      expect(answer).toMatch(/\d+$/); // the handler's own result, untouched
    }
    expect(await tracer.flush(10_000)).toBe(true);
    const sampled = sessions.filter((id) => isSessionSampled(id, 0.5));
    expect(sampled.length).toBeGreaterThan(0);
    expect(sampled.length).toBeLessThan(sessions.length);
    for (const [i, sessionId] of sessions.entries()) {
      const session = (await events(sessionId)).find((e) => e.event_type === "session");
      if (sampled.includes(sessionId)) {
        const result = i % 2 === 0 ? `please ${i}` : `no ${i}`;
        expect(session?.metrics).toMatchObject({ answerLength: result.length, polite: i % 2 === 0 });
        expect(session?.metadata).toMatchObject({ online_evaluation: true });
      } else {
        expect(session?.metrics?.answerLength).toBeUndefined();
      }
    }
    const online = tracer.diagnostics().onlineEvaluation!;
    expect(online).toMatchObject({ sampled: sampled.length, evaluated: sampled.length, written: sampled.length, dropped: 0, evaluatorErrors: 0, pending: 0 });
    expect(checked.proxy.violations()).toEqual([]);
    const writes = checked.proxy.requests.filter((r) => r.method === "PUT" && r.url.includes("/v1/events/"));
    expect(writes.length).toBe(sampled.length);
    await tracer.shutdown();
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
