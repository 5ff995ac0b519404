import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, enrichSpan, trace } from "../../packages/honeyhive/src/index";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

const tick = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 3));

describe("two tracers with different keys and sessions", () => {
  let server: HoneyHiveRecorder;
  beforeAll(async () => {
    server = await startHoneyHiveRecorder();
  });
  afterAll(() => server.close());

  it("interleaved async work: every span carries only its tracer's session and goes out with its key", async () => {
    const a = new HoneyHiveTracer({ apiKey: "hh_key_alpha_111111", serverUrl: server.url, source: "a-src", project: "proj-a", sessionName: "A" });
    const b = new HoneyHiveTracer({ apiKey: "hh_key_beta_2222222", serverUrl: server.url, source: "b-src", sessionName: "B" });
    expect(a.sessionId).not.toBe(b.sessionId);

    const step = trace(async function step(label: string, n: number) {
      await tick();
      enrichSpan({ metadata: { label, n } });
      return `${label}-${n}`;
    });
    const work = (label: string) =>
      trace(async function unit(count: number) {
        const out: string[] = [];
        for (let i = 0; i < count; i++) {
          out.push(...(await Promise.all([step(label, i), step(label, i + 100)])));
          await tick();
        }
        return out.length;
      }, { eventType: "chain" });

    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => a.trace(() => work("a")(5))),
      ...Array.from({ length: 10 }, () => b.trace(() => work("b")(5))),
    ]);
    expect(results.every((n) => n === 10)).toBe(true);
    expect(await a.flush()).toBe(true);
    expect(await b.flush()).toBe(true);

    const byKey = new Map<string, { session: unknown; label: unknown }[]>();
    for (const request of server.requestsTo("/opentelemetry/v1/traces")) {
      const key = String(request.headers.authorization);
      const list = byKey.get(key) ?? [];
      for (const span of request.spans) list.push({ session: span.attributes["honeyhive.session_id"], label: span.attributes["honeyhive_metadata.label"] ?? span.attributes["honeyhive_inputs.label"] });
      byKey.set(key, list);
    }
    const alpha = byKey.get("Bearer hh_key_alpha_111111") ?? [];
    const beta = byKey.get("Bearer hh_key_beta_2222222") ?? [];
    // 10 units x (1 unit span + 5 x 2 step spans) = 110 spans per tracer
    expect(alpha).toHaveLength(110);
    expect(beta).toHaveLength(110);
    expect(alpha.every((s) => s.session === a.sessionId)).toBe(true);
    expect(beta.every((s) => s.session === b.sessionId)).toBe(true);
    expect(alpha.filter((s) => s.label !== undefined).every((s) => s.label === "a")).toBe(true);
    expect(beta.filter((s) => s.label !== undefined).every((s) => s.label === "b")).toBe(true);

    const spansA = server.requestsTo("/opentelemetry/v1/traces").filter((r) => r.headers.authorization === "Bearer hh_key_alpha_111111").flatMap((r) => r.spans);
    expect(spansA[0]!.attributes["honeyhive.source"]).toBe("a-src");
    expect(spansA[0]!.attributes["honeyhive.project"]).toBe("proj-a");
    expect(spansA[0]!.attributes["traceloop.association.properties.session_id"]).toBe(a.sessionId);
    const spansB = server.spans().filter((s) => s.attributes["honeyhive.session_id"] === b.sessionId);
    expect(spansB.some((s) => "honeyhive.project" in s.attributes)).toBe(false);

    const starts = server.requestsTo("/v1/sessions");
    const startA = starts.find((r) => r.json.session_id === a.sessionId)!;
    expect(startA.headers.authorization).toBe("Bearer hh_key_alpha_111111");
    expect(startA.json).toMatchObject({ session_name: "A", source: "a-src" });
    expect(startA.json.project).toBeUndefined();
    await Promise.all([a.shutdown(), b.shutdown()]);
  });

  it("no API key: nothing at all is sent, tracing still works locally", async () => {
    const before = server.requests.length;
    const lines: string[] = [];
    const t = new HoneyHiveTracer({ serverUrl: server.url, logSink: (_l, m) => lines.push(m), setAsDefault: false });
    const f = trace((x: number) => x * 2, { tracer: t });
    expect(f(21)).toBe(42);
    expect(await t.enrichSession({ metadata: { a: 1 } })).toBe(false);
    await t.flush();
    await t.shutdown();
    expect(server.requests.length).toBe(before);
    expect(t.diagnostics().spansStarted).toBe(1);
    expect(t.diagnostics().dropped.noDestination).toBe(1);
  });

  it("testMode: no network even with a key", async () => {
    const before = server.requests.length;
    const t = new HoneyHiveTracer({ apiKey: "hh_test_key_333333", serverUrl: server.url, testMode: true, setAsDefault: false });
    t.trace(() => trace(() => 1, { tracer: t })());
    await t.enrichSession({ metadata: { x: 1 } });
    await t.flush();
    await t.shutdown();
    expect(server.requests.length).toBe(before);
  });
});
