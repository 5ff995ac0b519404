import { ExportResultCode } from "@opentelemetry/core";
import { InMemorySpanExporter, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SpanPipeline } from "../../packages/honeyhive/src/export/index";
import { type OtlpReceiver, startOtlpReceiver } from "../helpers/otlp-receiver";
import { PipelineJar, countingFetch, makeSpans, pipelineOptions, recordingLogger, trackExportTimers } from "./pipeline-test-kit";

describe("SpanPipeline: shutdown, destinations, timers", () => {
  let receiver: OtlpReceiver;
  const jar = new PipelineJar();
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await jar.closeAll();
    await receiver.close();
  });
  const endpoint = () => `${receiver.url}/v1/traces`;

  it("shutdown is idempotent, flushes first, and drops later pushes as 'shutdown'", async () => {
    const pipeline = jar.make(pipelineOptions(endpoint()));
    for (const span of makeSpans(3)) pipeline.push(span);
    const first = pipeline.shutdown();
    const second = pipeline.shutdown();
    expect(second).toBe(first);
    pipeline.push(makeSpans(1)[0]!);
    await first;
    pipeline.push(makeSpans(1)[0]!);
    expect(receiver.spans()).toHaveLength(3);
    expect(pipeline.stats()).toMatchObject({ exported: 3, dropped: { shutdown: 2 } });
    expect(await pipeline.flush()).toBe(true);
  });

  it("shutdown gives up after its timeout: what is still queued is dropped, what is in flight aborted and counted unconfirmed (not lost)", async () => {
    receiver.setDelay(5_000);
    const { logger, lines } = recordingLogger();
    const pipeline = jar.make(pipelineOptions(endpoint(), { maxExportBatchSize: 2, maxConcurrentExports: 1, logger }));
    for (const span of makeSpans(6)) pipeline.push(span);
    const started = performance.now();
    expect(await pipeline.shutdown(100)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
    const stats = pipeline.stats();
    // 4 queued (dropped) + the batch of 2 in flight (the receiver has it: the server may store it): every span is
    // accounted for the moment shutdown resolves, none reported lost that may have been stored
    expect(stats.dropped.shutdown).toBe(4);
    expect(stats.unconfirmed).toBe(2);
    expect(stats.queued).toBe(0);
    expect(stats.inFlight).toBe(0);
    expect(receiver.requests.flatMap((r) => r.spans)).toHaveLength(2);
    expect(lines.some(([, m]) => /4 spans were still queued/.test(m))).toBe(true);
    expect(lines.some(([, m]) => /2 spans were still being sent; the requests were aborted unanswered/.test(m))).toBe(true);
  });

  it("without an API key or exporter sends nothing at all and counts noDestination", async () => {
    const counter = countingFetch();
    const pipeline = jar.make(pipelineOptions(endpoint(), { apiKey: undefined, fetch: counter.fetch, mode: "immediate" }));
    for (const span of makeSpans(5)) pipeline.push(span);
    expect(await pipeline.flush()).toBe(true);
    await pipeline.shutdown();
    expect(counter.calls()).toBe(0);
    expect(receiver.requests).toHaveLength(0);
    expect(pipeline.stats()).toMatchObject({ queued: 0, exported: 0, dropped: { noDestination: 5, queueFull: 0 } });
  });

  it("an empty API key counts as no key", async () => {
    const pipeline = jar.make(pipelineOptions(endpoint(), { apiKey: "" }));
    pipeline.push(makeSpans(1)[0]!);
    expect(await pipeline.flush()).toBe(true);
    expect(receiver.requests).toHaveLength(0);
    expect(pipeline.stats().dropped.noDestination).toBe(1);
  });

  it("uses the exporter seam instead of HTTP, and shuts it down once", async () => {
    const exporter = new InMemorySpanExporter();
    let shutdowns = 0;
    const original = exporter.shutdown.bind(exporter);
    exporter.shutdown = () => {
      shutdowns++;
      return original();
    };
    const counter = countingFetch();
    const pipeline = jar.make(pipelineOptions(endpoint(), { exporter, apiKey: undefined, fetch: counter.fetch }));
    for (const span of makeSpans(4, "seam")) pipeline.push(span);
    expect(await pipeline.flush()).toBe(true);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(["seam-0", "seam-1", "seam-2", "seam-3"]);
    await Promise.all([pipeline.shutdown(), pipeline.shutdown()]);
    expect(shutdowns).toBe(1);
    expect(counter.calls()).toBe(0);
    expect(receiver.requests).toHaveLength(0);
  });

  it("counts exporter failures, throws and hangs as exportFailed without throwing", async () => {
    const behaviours: ((spans: ReadableSpan[], done: (r: { code: ExportResultCode; error?: Error }) => void) => void)[] = [
      (_s, done) => done({ code: ExportResultCode.FAILED, error: new Error("nope") }),
      () => {
        throw new Error("exporter exploded");
      },
      () => undefined,
    ];
    for (const behaviour of behaviours) {
      const exporter: SpanExporter = { export: behaviour, shutdown: () => Promise.reject(new Error("bad shutdown")) };
      const pipeline = jar.make(pipelineOptions(endpoint(), { exporter, exportTimeoutMs: 50 }));
      pipeline.push(makeSpans(1)[0]!);
      expect(await pipeline.flush()).toBe(false);
      expect(pipeline.stats().dropped.exportFailed).toBe(1);
      await expect(pipeline.shutdown()).resolves.toBe(true); // the loss was reported by the flush before
    }
  });

  it("push never throws, whatever it is given or however the pipeline is configured", () => {
    const { logger, lines } = recordingLogger();
    const pipeline = jar.make(pipelineOptions(endpoint(), { maxQueueSize: Number.NaN, scheduledDelayMs: -5, maxConcurrentExports: 0, logger }));
    expect(() => pipeline.push(null as unknown as ReadableSpan)).not.toThrow();
    expect(() => pipeline.push({} as ReadableSpan)).not.toThrow();
    expect(lines.filter(([level]) => level === "warn").map(([, m]) => m).join("\n")).toMatch(/invalid maxQueueSize[\s\S]*invalid scheduledDelayMs[\s\S]*invalid maxConcurrentExports/);
  });

  it("rejects non-spans at push so they cannot sink a batch of good spans", async () => {
    const pipeline = jar.make(pipelineOptions(endpoint()));
    const [good] = makeSpans(1, "good");
    pipeline.push({ name: "broken" } as unknown as ReadableSpan);
    pipeline.push(good!);
    expect(await pipeline.flush()).toBe(false);
    expect(pipeline.stats()).toMatchObject({ exported: 1, dropped: { exportFailed: 1 } });
    expect(receiver.spans().map((s) => s.name)).toEqual(["good-0"]);
    pipeline.push(makeSpans(1)[0]!);
    expect(await pipeline.flush()).toBe(true);
  });

  it("leaves no timers behind after flush (including unref()ed ones)", async () => {
    const timers = trackExportTimers();
    const activeTimeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = activeTimeouts();
    try {
      const pipeline = jar.make(pipelineOptions(endpoint(), { scheduledDelayMs: 10_000 }));
      for (const span of makeSpans(3)) pipeline.push(span);
      expect(timers.live()).toBeGreaterThan(0); // the scheduled-delay timer exists while spans are queued
      expect(await pipeline.flush(10_000)).toBe(true);
      expect(timers.created()).toBeGreaterThan(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(timers.live()).toBe(0);
      expect(activeTimeouts()).toBeLessThanOrEqual(before);
    } finally {
      timers.stop();
    }
  });

  it("creates no timer at all while nothing is queued", async () => {
    const timers = trackExportTimers();
    try {
      const pipeline = new SpanPipeline(pipelineOptions(endpoint()));
      expect(await pipeline.flush()).toBe(true);
      await pipeline.shutdown();
      expect(timers.created()).toBe(0);
    } finally {
      timers.stop();
    }
  });
});
