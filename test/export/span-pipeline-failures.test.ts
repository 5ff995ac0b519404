import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SpanPipeline } from "../../packages/honeyhive/src/export/index";
import { type OtlpReceiver, startOtlpReceiver } from "../helpers/otlp-receiver";
import { PipelineJar, makeSpans, pipelineOptions, recordingLogger } from "./pipeline-test-kit";

describe("SpanPipeline: retries, drops and flush results", () => {
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

  it("retries a 503 and then succeeds", async () => {
    receiver.respondWith(503, {}, 2);
    const pipeline = jar.make(pipelineOptions(endpoint()));
    for (const span of makeSpans(3)) pipeline.push(span);
    expect(await pipeline.flush()).toBe(true);
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(receiver.spans()).toHaveLength(3);
    expect(pipeline.stats().exported).toBe(3);
    expect(pipeline.stats().dropped.exportFailed).toBe(0);
  });

  it("waits as long as Retry-After says on a 429", async () => {
    receiver.respondWith(429, { "retry-after": "1" }, 1);
    const pipeline = jar.make(pipelineOptions(endpoint()));
    pipeline.push(makeSpans(1)[0]!);
    expect(await pipeline.flush()).toBe(true);
    expect(receiver.requests.map((r) => r.status)).toEqual([429, 200]);
    const waited = receiver.requests[1]!.receivedAt - receiver.requests[0]!.receivedAt;
    expect(waited).toBeGreaterThanOrEqual(950);
  });

  it("drops a batch that still fails after its retries, counts it, and warns once without the key", async () => {
    receiver.respondWith(500);
    const { logger, lines } = recordingLogger();
    const pipeline = jar.make(pipelineOptions(endpoint(), { maxRetries: 2, logger, apiKey: "hh_secret_value_987654" }));
    for (const span of makeSpans(4)) pipeline.push(span);
    expect(await pipeline.flush()).toBe(false);
    expect(receiver.requests).toHaveLength(3);
    for (const span of makeSpans(2)) pipeline.push(span);
    expect(await pipeline.flush()).toBe(false);
    expect(pipeline.stats()).toMatchObject({ queued: 0, inFlight: 0, exported: 0, dropped: { exportFailed: 6 } });
    const warnings = lines.filter(([level]) => level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]![1]).toMatch(/span export failed after 3 attempts: HTTP 500; dropped 4 spans/);
    expect(lines.join("\n")).not.toContain("hh_secret_value_987654");
    receiver.respondWith(200);
    pipeline.push(makeSpans(1)[0]!);
    expect(await pipeline.flush()).toBe(true);
    expect(lines.some(([level, m]) => level === "info" && /recovered/.test(m))).toBe(true);
  });

  it("does not retry a 400 (non-retryable) and hints at the key on 401", async () => {
    receiver.respondWith(401);
    const { logger, lines } = recordingLogger();
    const pipeline = jar.make(pipelineOptions(endpoint(), { logger }));
    pipeline.push(makeSpans(1)[0]!);
    expect(await pipeline.flush()).toBe(false);
    expect(receiver.requests).toHaveLength(1);
    expect(lines.find(([level]) => level === "warn")![1]).toMatch(/HTTP 401 \(check the API key\)/);
  });

  it("drops and counts spans pushed into a full queue, warning once per pipeline", async () => {
    const { logger, lines } = recordingLogger();
    const pipeline = jar.make(pipelineOptions(endpoint(), { maxQueueSize: 5, logger }));
    for (const span of makeSpans(8)) pipeline.push(span);
    for (const span of makeSpans(2)) pipeline.push(span);
    expect(pipeline.stats()).toMatchObject({ queued: 5, dropped: { queueFull: 5 } });
    expect(lines.filter(([level, m]) => level === "warn" && /queue full/.test(m))).toHaveLength(1);
    expect(await pipeline.flush()).toBe(false);
    expect(receiver.spans()).toHaveLength(5);
    pipeline.push(makeSpans(1)[0]!);
    expect(await pipeline.flush()).toBe(true);
  });

  it("flush is false while the backend is down and true again after it recovers", async () => {
    const port = receiver.port;
    await receiver.close();
    const pipeline = jar.make(pipelineOptions(endpoint(), { maxRetries: 1 }));
    for (const span of makeSpans(3)) pipeline.push(span);
    expect(await pipeline.flush(5_000)).toBe(false);
    expect(pipeline.stats().dropped.exportFailed).toBe(3);
    receiver = await startOtlpReceiver({ port });
    for (const span of makeSpans(2, "after")) pipeline.push(span);
    expect(await pipeline.flush(5_000)).toBe(true);
    expect(receiver.spans().map((s) => s.name)).toEqual(["after-0", "after-1"]);
  });

  it("flush is false on timeout, and a later flush is true once the slow request completes", async () => {
    receiver.setDelay(300);
    const pipeline = jar.make(pipelineOptions(endpoint()));
    pipeline.push(makeSpans(1)[0]!);
    expect(await pipeline.flush(20)).toBe(false);
    expect(pipeline.stats().inFlight).toBe(1);
    expect(await pipeline.flush(5_000)).toBe(true);
    expect(pipeline.stats()).toMatchObject({ inFlight: 0, exported: 1 });
  });

  it("flush with nothing pushed resolves true", async () => {
    const pipeline = jar.make(pipelineOptions(endpoint()));
    expect(await pipeline.flush()).toBe(true);
    expect(receiver.requests).toHaveLength(0);
  });

  it("only covers spans pushed before the call", async () => {
    receiver.setDelay(100);
    const pipeline = jar.make(pipelineOptions(endpoint(), { maxExportBatchSize: 1, maxConcurrentExports: 1 }));
    pipeline.push(makeSpans(1, "first")[0]!);
    const flushed = pipeline.flush();
    for (const span of makeSpans(3, "later")) pipeline.push(span);
    expect(await flushed).toBe(true);
    expect(pipeline.stats().exported).toBe(1);
    expect(receiver.spans().map((s) => s.name)).toEqual(["first-0"]);
    expect(await pipeline.flush()).toBe(true);
    expect(pipeline.stats().exported).toBe(4);
  });

  it("keeps memory bounded while the backend hangs, and accounts for every span", async () => {
    receiver.setDelay(60_000);
    const pipeline = new SpanPipeline(pipelineOptions(endpoint(), { maxQueueSize: 100, maxExportBatchSize: 10, maxConcurrentExports: 2, exportTimeoutMs: 60_000 }));
    const pushed = 5_000;
    for (const span of makeSpans(pushed)) pipeline.push(span);
    await pipeline.flush(0);
    await receiver.waitForRequests(2);
    const during = pipeline.stats();
    expect(during.queued).toBeLessThanOrEqual(100);
    expect(during.inFlight).toBeLessThanOrEqual(20);
    expect(during.dropped.queueFull).toBe(pushed - 100);
    await pipeline.shutdown(50);
    const after = pipeline.stats();
    const { queueFull, exportFailed, shutdown } = after.dropped;
    expect(after.queued).toBe(0);
    expect(after.unconfirmed).toBe(20); // the two hanging requests: aborted unanswered, maybe stored
    expect(after.exported + queueFull + exportFailed + shutdown + after.inFlight + after.unconfirmed).toBe(pushed);
  });
});
