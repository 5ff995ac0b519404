import { describe, expect, it } from "vitest";
import { HoneyHiveTracer, enrichSpan, trace } from "../../packages/honeyhive/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

// The old TS SDK's `HoneyHiveTracer` surface (the 1.0 API this SDK keeps; see MIGRATION.md): every member code written
// against it calls must exist, so such code neither fails to compile nor throws at the call.
const LEGACY_STATICS = ["init", "flush", "enrichSpan"] as const;
const LEGACY_INSTANCE = [
  "startSession", "enrichSession", "enrichSpan", "getTracer", "traceFunction", "traceModel", "traceTool", "traceChain", "logModel", "trace", "flush",
] as const;
const LEGACY_GETTERS = [
  "apiKey", "project", "sessionId", "serverUrl", "sessionName", "source", "inputs", "metadata", "disableBatch", "isEvaluation", "runId",
  "datasetId", "datapointId", "verbose", "disableHttpTracing",
] as const;

describe("the old TS SDK's HoneyHiveTracer surface", () => {
  it("has every static, method and getter the 1.0 API lists", () => {
    const { tracer } = createTestTracer();
    for (const name of LEGACY_STATICS) expect(typeof (HoneyHiveTracer as unknown as Record<string, unknown>)[name], `static ${name}`).toBe("function");
    for (const name of LEGACY_INSTANCE) expect(typeof (tracer as unknown as Record<string, unknown>)[name], name).toBe("function");
    for (const name of LEGACY_GETTERS) expect(name in tracer, `getter ${name}`).toBe(true);
  });

  it("static HoneyHiveTracer.enrichSpan (deprecated) enriches the active span of its own tracer; with none it returns false", async () => {
    const { tracer, spans } = createTestTracer();
    const handler = trace(function handleRequest() {
      return HoneyHiveTracer.enrichSpan({ metadata: { tenant: "acme" }, metrics: { score: 1 } });
    }, { tracer });
    expect(handler()).toBe(true);
    expect(HoneyHiveTracer.enrichSpan({ metadata: { lost: true } })).toBe(false); // no active span: nothing to enrich
    expect(HoneyHiveTracer.enrichSpan(null as never)).toBe(false); // hostile input never throws
    const [span] = await spans();
    expect(span!.name).toBe("handleRequest");
    expect(span!.attributes).toMatchObject({ "honeyhive_metadata.tenant": "acme", "honeyhive_metrics.score": 1 });
  });

  it("enrichSpan outside every span says so once (it used to return false in silence); inside a span it does not", () => {
    const lines: string[] = [];
    const { tracer } = createTestTracer({ logSink: (_level, message) => lines.push(message) });
    expect(enrichSpan({ metadata: { lost: 1 } }, tracer)).toBe(false);
    expect(tracer.enrichSpan({ metadata: { lost: 2 } })).toBe(false);
    expect(trace(() => enrichSpan({ metadata: { kept: 1 } }), { tracer })()).toBe(true);
    expect(lines.filter((l) => l.includes("enrichSpan() was called outside any span"))).toHaveLength(1);
  });

  it("the sessionId setter takes 1.0's string | undefined: a UUID switches the session, undefined keeps it with a warning", () => {
    const lines: string[] = [];
    const { tracer } = createTestTracer({ logSink: (_level, message) => lines.push(message) });
    const before = tracer.sessionId;
    const maybeId: string | undefined = undefined as string | undefined;
    expect(() => { tracer.sessionId = maybeId; }).not.toThrow();
    expect(tracer.sessionId).toBe(before);
    expect(lines).toEqual(["sessionId must be a UUID; unchanged"]);
    const next: string | undefined = "0f8e4b52-4c1e-4b43-9c56-3a8f1b2d7e10";
    tracer.sessionId = next;
    expect(tracer.sessionId).toBe(next);
  });
});
