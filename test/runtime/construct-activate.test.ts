import { context, createContextKey, ROOT_CONTEXT, trace as otelTrace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, getDefaultTracer, trace } from "../../packages/honeyhive/src/index";
import { captureSdkLogs, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

const PROBE = createContextKey("construct-activate.probe");
const contextFollows = (): boolean => context.with(ROOT_CONTEXT.setValue(PROBE, 1), () => context.active().getValue(PROBE) === 1);
const globalProviderIsNoop = (): boolean => {
  // A tracer from the global (proxy) provider delegates to a no-op tracer until a provider is registered:
  // its spans are non-recording.
  const span = otelTrace.getTracer("probe").startSpan("probe");
  const recording = span.isRecording();
  span.end();
  return !recording;
};

describe("construct, then activate", () => {
  let recorder: HoneyHiveRecorder;
  beforeAll(async () => {
    resetHoneyHiveGlobals();
    recorder = await startHoneyHiveRecorder();
  });
  afterAll(async () => {
    await recorder.close();
    resetHoneyHiveGlobals();
  });

  it("activate: false builds objects only: no provider, context manager, default tracer, hooks or request", async () => {
    const listenersBefore = process.listenerCount("beforeExit");
    const tracer = new HoneyHiveTracer({ apiKey: "hh-key", serverUrl: recorder.url, activate: false, sessionName: "built" });
    await new Promise((r) => setTimeout(r, 50));
    expect(recorder.requests).toHaveLength(0);
    expect(globalProviderIsNoop()).toBe(true);
    expect(contextFollows()).toBe(false);
    expect(getDefaultTracer()).toBeUndefined();
    expect(process.listenerCount("beforeExit")).toBe(listenersBefore);
    expect(tracer.diagnostics().globalProvider).toBe("not-activated");

    // activate() performs the process-wide steps, once.
    expect(tracer.activate()).toBe(tracer);
    expect(globalProviderIsNoop()).toBe(false);
    expect(contextFollows()).toBe(true);
    expect(getDefaultTracer()).toBe(tracer);
    expect(process.listenerCount("beforeExit")).toBe(listenersBefore + 1);
    expect(tracer.diagnostics().globalProvider).toBe("registered-by-honeyhive");
    expect(await tracer.whenSessionStarted()).toBe(true);
    tracer.activate();
    expect(recorder.requestsTo("/session").length).toBe(1);

    // spans nest and are delivered; shutdown undoes the tracer's own steps (default tracer, exit tracking)
    const child = trace(function child() { return 2; });
    const parent = trace(async function parent() { await Promise.resolve(); return child(); }, { tracer });
    expect(await parent()).toBe(2);
    const report = await tracer.flushReport(5000);
    // parent, child, and the probe span started through the global provider after activation (the default tracer's)
    expect(report).toMatchObject({ ok: true, delivered: 3, dropped: 0, pending: 0, open: 0 });
    await tracer.shutdown();
    expect(getDefaultTracer()).toBeUndefined();
    const spans = recorder.spans();
    const parentSpan = spans.find((s) => s.name === "parent");
    expect(spans.find((s) => s.name === "child")?.parentSpanId).toBe(parentSpan?.spanId);
  });

  it("the public constructor still activates (the documented behaviour)", async () => {
    resetHoneyHiveGlobals();
    const tracer = new HoneyHiveTracer({ apiKey: "hh-key", serverUrl: recorder.url, sessionName: "classic" });
    expect(getDefaultTracer()).toBe(tracer);
    expect(tracer.diagnostics().globalProvider).toBe("registered-by-honeyhive");
    expect(await tracer.whenSessionStarted()).toBe(true);
    await tracer.shutdown();
  });

  it("a tracer shut down before activation settles whenSessionStarted() with false and cannot be activated", async () => {
    const logs = captureSdkLogs();
    const tracer = new HoneyHiveTracer({ apiKey: "hh-key", serverUrl: recorder.url, activate: false });
    await tracer.shutdown();
    expect(await tracer.whenSessionStarted()).toBe(false);
    tracer.activate();
    expect(tracer.diagnostics().globalProvider).toBe("not-activated");
    logs.restore();
    expect(logs.lines).toEqual([]);
  });
});
