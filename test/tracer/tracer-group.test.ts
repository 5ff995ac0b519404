import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trace } from "../../packages/honeyhive/src/index";
import { TracerGroup } from "../../packages/honeyhive/src/tracer/tracer-group";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

describe("TracerGroup: tracers sharing one export pipeline", () => {
  let server: HoneyHiveRecorder;
  beforeAll(async () => {
    server = await startHoneyHiveRecorder();
  });
  afterAll(() => server.close());

  it("batches the spans of many tracers into few requests; each span keeps its own tracer's session and ids", async () => {
    const group = new TracerGroup();
    const tracers = Array.from({ length: 50 }, (_, i) =>
      group.create({ apiKey: "hh_group_key_1234", serverUrl: server.url, sessionName: "run", datapointId: `dp-${i}`, runId: "r1", datasetId: "d1", setAsDefault: false }),
    );
    await Promise.all(tracers.map((tracer, i) => tracer.trace(() => trace(async function unit() { await new Promise((r) => setTimeout(r, 1)); return i; })())));
    await Promise.all(tracers.map((t) => t.shutdown())); // shutting one down never affects the others
    expect(await group.drain()).toBe(true);
    const exports = server.requestsTo("/opentelemetry/v1/traces");
    expect(exports.length).toBeLessThan(5);
    const spans = exports.flatMap((r) => r.spans);
    expect(spans).toHaveLength(50);
    for (const span of spans) {
      const i = span.attributes["honeyhive_outputs.result"] as number;
      expect(span.attributes["honeyhive.session_id"]).toBe(tracers[i]!.sessionId);
      expect(span.attributes["honeyhive_metadata.datapoint_id"]).toBe(`dp-${i}`);
    }
    expect(server.requestsTo("/v1/sessions")).toHaveLength(50);
    await group.close();
  });

  it("each tracer of a group keeps its own session fields: one's options written to never show in another's", async () => {
    const group = new TracerGroup();
    const run = { apiKey: "hh_group_key_5678", serverUrl: server.url, project: "p1", sessionName: "run", runId: "r1", datasetId: "d1", isEvaluation: true, setAsDefault: false };
    const tracers = [0, 1, 2].map((i) => group.create({ ...run, datapointId: `dp-${i}`, inputs: { i }, metadata: { m: i } }));
    (tracers[1]!.metadata as Record<string, unknown>).written = true;
    (tracers[1]!.inputs as Record<string, unknown>).i = 99;
    expect(() => Object.assign(tracers[1]!, { project: "changed" })).toThrow(TypeError); // getters only
    for (const [i, tracer] of tracers.entries()) {
      expect(tracer.datapointId).toBe(`dp-${i}`);
      expect(tracer.inputs).toEqual({ i: i === 1 ? 99 : i });
      expect(tracer.metadata).toEqual(i === 1 ? { m: 1, written: true } : { m: i });
      expect(tracer.toJSON()).toMatchObject({ project: "p1", sessionName: "run", source: "dev", serverUrl: server.url });
      expect(tracer.runId).toBe("r1");
      expect(tracer.isEvaluation).toBe(true);
    }
    expect(new Set(tracers.map((t) => t.sessionId)).size).toBe(3);
    await Promise.all(tracers.map((t) => t.shutdown()));
    await group.close();
  });

  it("a tracer with another destination gets its own pipeline, even inside a group", async () => {
    const group = new TracerGroup();
    const a = group.create({ apiKey: "hh_group_key_aaaa", serverUrl: server.url, setAsDefault: false });
    const b = group.create({ apiKey: "hh_group_key_bbbb", serverUrl: server.url, setAsDefault: false });
    const before = server.requestsTo("/opentelemetry/v1/traces").length;
    a.startSpan("a", () => 1);
    b.startSpan("b", () => 2);
    await b.shutdown();
    await group.close();
    const sent = server.requestsTo("/opentelemetry/v1/traces").slice(before);
    const byKey = Object.fromEntries(sent.map((r) => [String(r.headers.authorization), r.spans.map((s) => s.name)]));
    expect(byKey).toEqual({ "Bearer hh_group_key_aaaa": ["a"], "Bearer hh_group_key_bbbb": ["b"] });
  });
});
