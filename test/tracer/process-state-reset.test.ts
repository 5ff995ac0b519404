// Issue 11 req 4: every piece of process-wide state is in one registry, and resetHoneyHiveGlobals() clears it.
// The test creates state in each entry through real use (tracers, a dev server with the viewer, encoders,
// instrumentation registration, run hooks...), checks each entry is non-empty, resets, and finds none.
import { tracingChannel } from "node:diagnostics_channel";
import { ROOT_CONTEXT, context, trace as otelTrace } from "@opentelemetry/api";
import { afterAll, describe, expect, it } from "vitest";
import { HoneyHiveSpanProcessor, HoneyHiveTracer, createApiClient, enrichSession, getGitInfo, trace } from "../../packages/honeyhive/src/index";
import { setListeningRunner } from "../../packages/honeyhive/src/evaluation/listening-runner";
import { type ModuleCacheName, processStateSizes } from "../../packages/honeyhive/src/internal/process-state";
import { encodeTraceRequestJson, encodeTraceRequestProtobuf } from "../../packages/honeyhive/src/otlp/index";
import { toJsonString } from "../../packages/honeyhive/src/normalize/index";
import { createTestTracer, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { KEY, startViewerServer } from "../viewer/helpers/viewer-server";

const ALL_CACHES: readonly ModuleCacheName[] = [
  "normalize/key-cache", "normalize/json-key-prefixes", "otlp/json-encoder", "otlp/protobuf-kv-cache", "otlp/protobuf-encoder",
  "otlp/any-value-slots", "otlp/proto-writer", "processing/span-ids", "processing/span-processor", "instrument/parameter-names",
  "instrument/open-streams", "tracer/resource-attributes", "transport/agents", "transport/origins", "transport/pipelines", "transport/request-slots", "evaluation/git-info", "internal/sdk-logger",
];
const ALL_SHARED = [
  "defaultTracer", "sharedProvider", "instrumentationRegistry", "exitHooks", "listeningRunner", "spanRoutesFallback", "aiSdkTelemetry", "warnedOnce", "internalErrors",
  "spanScopeCounts",
];
/** ai 7's diagnostics channel, which every activated SDK watches until the first AI SDK call. */
const aiTelemetryChannel = tracingChannel("ai:telemetry") as unknown as { hasSubscribers: boolean };

const server = await startViewerServer();
afterAll(() => server.close());

function captureStderr<T>(fn: () => Promise<T>): Promise<{ result: T; text: string }> {
  const original = process.stderr.write.bind(process.stderr);
  let text = "";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  return fn().then(
    (result) => {
      process.stderr.write = original;
      return { result, text };
    },
    (error: unknown) => {
      process.stderr.write = original;
      throw error;
    },
  );
}

async function createStateEverywhere(): Promise<string[]> {
  const warnings: string[] = [];
  const logSink = (_level: string, message: string): void => void warnings.push(message);
  // A free function with no tracer anywhere: the SDK's own logger remembers its once-only warning.
  const { text } = await captureStderr(() => enrichSession({ metadata: { a: 1 } }));
  expect(text).toContain("no HoneyHive tracer in context");
  // A tracer sending to the dev server (no test mode): default tracer, provider, exit hooks, HTTP agents.
  const instrumentation = { instrumentationName: "reset-test", setTracerProvider: () => undefined, enable: () => undefined };
  const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, disableBatch: true, logSink, instrumentations: [instrumentation] });
  // "no API key" is warned once per process.
  new HoneyHiveTracer({ setAsDefault: false, skipSessionStart: true, logSink });
  // Hostile options are swallowed and counted.
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const hostile = await captureStderr(async () => new HoneyHiveTracer(revoked.proxy as never));
  expect(hostile.text).toContain("options could not be read");
  const traced = trace(async (question: string, context: Record<string, unknown>) => ({ answer: question, context }), { tracer });
  await traced("why?", { nested: { deep: [1, 2, { k: "v" }] } });
  // A span of a third-party library under one of ours: the processor's owner lookup.
  tracer.startSpan("outer", () => otelTrace.getTracer("lib").startSpan("inner").end());
  const remoteParent = otelTrace.wrapSpanContext({ traceId: "1".repeat(32), spanId: "2".repeat(16), traceFlags: 1 });
  context.with(otelTrace.setSpan(ROOT_CONTEXT, remoteParent), () => otelTrace.getTracer("lib").startSpan("orphan").end());
  new HoneyHiveSpanProcessor();
  setListeningRunner({ reporter: {}, settings: { concurrency: 1 } });
  toJsonString({ some: { keys: ["x"] } });
  await getGitInfo();
  // Both OTLP encoders over spans recorded in memory.
  const recorder = createTestTracer();
  recorder.tracer.startSpan("encoded", () => 1, { inputs: { q: "x" } });
  recorder.tracer.startSpan("encoded", () => 1, { inputs: { q: "x" } });
  const spans = await recorder.spans();
  encodeTraceRequestJson(spans, {});
  encodeTraceRequestProtobuf(spans, {});
  encodeTraceRequestProtobuf(spans, {});
  // A call through a fetch the SDK does not own: the slots of its origin.
  expect((await createApiClient({ apiKey: KEY, serverUrl: server.url, fetch: (url, init) => fetch(url, init) }).datasets.list()).ok).toBe(true);
  // The viewer builds a session tree of the tracer's session (and its client bundle).
  expect(await tracer.flush(10_000)).toBe(true);
  const res = await fetch(`${server.url}/viewer/sessions/${tracer.sessionId}/tree`, { headers: { authorization: `Bearer ${KEY}` } });
  expect(res.status).toBe(200);
  expect((await fetch(`${server.url}/assets/viewer.js`)).status).toBe(200);
  const streaming = trace(async function* (n: number) {
    for (let i = 0; i < n; i++) yield i;
  }, { tracer });
  const openStream = streaming(3); // left open: tracked until the tracer's next flush
  expect(openStream).toBeDefined();
  return warnings;
}

describe("resetHoneyHiveGlobals() clears every piece of process-wide state", () => {
  it("each registry entry holds state after real use, and none after the reset", async () => {
    const listenersBefore = process.listenerCount("beforeExit");
    const monitorsBefore = process.listenerCount("uncaughtExceptionMonitor");
    const warnings = await createStateEverywhere();
    expect(warnings.some((w) => w.includes("no API key"))).toBe(true);
    const before = processStateSizes();
    expect(Object.keys(before.caches).sort()).toEqual([...ALL_CACHES].sort());
    const empty = Object.entries(before.caches).filter(([, size]) => size === 0).map(([name]) => name);
    expect(empty).toEqual([]);
    expect(before.shared.sort()).toEqual([...ALL_SHARED].sort());
    expect(process.listenerCount("beforeExit")).toBe(listenersBefore + 1);
    expect(process.listenerCount("uncaughtExceptionMonitor")).toBe(monitorsBefore + 1);
    expect(aiTelemetryChannel.hasSubscribers).toBe(true);

    resetHoneyHiveGlobals();

    const after = processStateSizes();
    expect(Object.entries(after.caches).filter(([, size]) => size !== 0)).toEqual([]);
    expect(after.shared).toEqual([]);
    expect(process.listenerCount("beforeExit")).toBe(listenersBefore);
    expect(process.listenerCount("uncaughtExceptionMonitor")).toBe(monitorsBefore);
    expect(aiTelemetryChannel.hasSubscribers).toBe(false);
    const fresh = createTestTracer({ setAsDefault: true });
    expect(fresh.tracer.diagnostics().internalErrors).toBe(0);
    expect(fresh.tracer.startSpan("after-reset", () => 7)).toBe(7);
    expect((await fresh.spans()).map((s) => s.name)).toEqual(["after-reset"]);
    resetHoneyHiveGlobals();
  }, 60_000);
});
