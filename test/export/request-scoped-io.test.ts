/**
 * Span export on a runtime whose I/O belongs to the request that started it (workerd; `requestScopedIo`). An export
 * started on another export's answer runs in the request that started that one, which may be ending: workerd cancels
 * it, its spans never arrive and its slot is never freed. So exports start only in `flush()` (the flushing request
 * waits for them) and on a full batch, never on an answer or the batch timer, with no limit on requests in flight.
 * The runtime matrix's workerd rows check the same end to end (test/runtimes).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../helpers/otlp-receiver";
import { hasRequestScopedIo } from "../../packages/honeyhive/src/runtime/detect-host";
import { PipelineJar, makeSpans, pipelineOptions } from "./pipeline-test-kit";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("span export with request-scoped I/O", () => {
  let receiver: OtlpReceiver;
  const jar = new PipelineJar();
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await jar.closeAll();
    await receiver.close();
  });

  it("sends each request's spans from its own flush while 4 exports are unanswered (the 5th waited for an answer)", async () => {
    receiver.setDelay(400);
    const pipeline = jar.make(pipelineOptions(`${receiver.url}/v1/traces`, { requestScopedIo: true }));
    const flushes: Promise<boolean>[] = [];
    for (let request = 0; request < 6; request++) {
      for (const span of makeSpans(2, `request-${request}`)) pipeline.push(span);
      flushes.push(pipeline.flush(10_000));
    }
    await receiver.waitForRequests(6, 300); // all six written before the first answer
    expect(receiver.pending()).toBe(6);
    expect(await Promise.all(flushes)).toEqual([true, true, true, true, true, true]);
    expect(receiver.spans().map((s) => s.name).sort()).toEqual(Array.from({ length: 6 }, (_, r) => [`request-${r}-0`, `request-${r}-1`]).flat().sort());
  });

  it("starts no export on the batch timer (elsewhere a partial batch goes after scheduledDelayMs)", async () => {
    const scoped = jar.make(pipelineOptions(`${receiver.url}/v1/traces`, { requestScopedIo: true, scheduledDelayMs: 20 }));
    const usual = jar.make(pipelineOptions(`${receiver.url}/v1/traces`, { requestScopedIo: false, scheduledDelayMs: 20 }));
    scoped.push(makeSpans(1, "scoped")[0]!);
    usual.push(makeSpans(1, "usual")[0]!);
    await receiver.waitForSpans(1);
    await pause(200);
    expect(receiver.spans().map((s) => s.name)).toEqual(["usual-0"]);
    expect(await scoped.flush(5_000)).toBe(true);
    expect(receiver.spans().map((s) => s.name).sort()).toEqual(["scoped-0", "usual-0"]);
  });

  it("keeps queued and in-flight spans within maxQueueSize + maxConcurrentExports * maxExportBatchSize, counting the rest", async () => {
    receiver.setDelay(300);
    const options = { requestScopedIo: true, maxQueueSize: 4, maxConcurrentExports: 1, maxExportBatchSize: 2 };
    const pipeline = jar.make(pipelineOptions(`${receiver.url}/v1/traces`, options));
    for (const span of makeSpans(4, "first")) pipeline.push(span);
    const first = pipeline.flush(5_000); // 4 spans in flight, in 2 requests
    for (const span of makeSpans(3, "second")) pipeline.push(span); // room for 2 more (bound 6)
    expect(pipeline.stats().dropped.queueFull).toBe(1);
    expect(await first).toBe(true);
    expect(await pipeline.flush(5_000)).toBe(false); // it reports the dropped span
    expect(receiver.spans()).toHaveLength(6);
    expect(pipeline.stats().exported).toBe(6);
  });

  it("is the default on workerd and Edge runtimes only", () => {
    expect(["node", "bun", "deno", "workerd", "edge-light", "browser", "unknown"].filter((host) => hasRequestScopedIo(host as never))).toEqual(["workerd", "edge-light"]);
  });
});
