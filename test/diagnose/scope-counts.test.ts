/**
 * Spans per instrumentation scope, counted by HoneyHiveSpanProcessor on its routing path (what diagnose() reports
 * as `spansByScope`): one count per span even with two processors, routed vs. not, and a bounded number of entries.
 */
import { trace } from "@opentelemetry/api";
import { afterAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, diagnose } from "../../packages/honeyhive/src/index";
import { OTHER_SCOPES, scopeCountOf, spanCountsByScope } from "../../packages/honeyhive/src/processing/scope-counts";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

const tracer = new HoneyHiveTracer({ sessionName: "scope-counts", skipSessionStart: true, logSink: () => undefined, setAsDefault: false });
afterAll(async () => {
  await tracer.shutdown();
  resetHoneyHiveGlobals();
});

describe("spans by instrumentation scope", () => {
  it("counts each span once under its scope; spans with no tracer in context and no default are started, not routed", async () => {
    const scoped = tracer.getTracer("scope-a");
    for (let i = 0; i < 3; i++) scoped.startSpan(`a${i}`).end();
    trace.getTracer("scope-b").startSpan("outside any tracer").end(); // no tracer in context, none is the default
    const { spansByScope } = await diagnose({ backend: false });
    expect(spansByScope["scope-a"]).toEqual({ started: 3, routed: 3 });
    expect(spansByScope["scope-b"]).toEqual({ started: 1, routed: 0 });
  });

  it("keeps a bounded number of entries: scopes beyond it are counted together", () => {
    for (let i = 0; i < 400; i++) scopeCountOf({ instrumentationScope: { name: `many-${i}` } }).started++;
    const counts = spanCountsByScope();
    expect(Object.keys(counts).length).toBeLessThanOrEqual(257);
    expect(counts[OTHER_SCOPES]!.started).toBeGreaterThan(100);
    expect(Object.values(counts).reduce((sum, c) => sum + c.started, 0)).toBe(400 + 4);
  });

  it("costs one lookup per span: a million counts of a known scope in well under a second", () => {
    const span = { instrumentationScope: { name: "scope-a" } };
    const started = performance.now();
    for (let i = 0; i < 1_000_000; i++) scopeCountOf(span).started++;
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
