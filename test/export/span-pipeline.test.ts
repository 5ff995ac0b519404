import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../helpers/otlp-receiver";
import { PipelineJar, countingFetch, makeSpans, pipelineOptions } from "./pipeline-test-kit";

describe("SpanPipeline: batching, immediate mode, protocols, auth", () => {
  let receiver: OtlpReceiver;
  const jar = new PipelineJar();
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await jar.closeAll();
    await receiver.close();
  });
  const endpoint = () => `${receiver.url}/opentelemetry/v1/traces`;

  it("sends queued spans in one protobuf batch on flush, with the pipeline's resource and headers", async () => {
    const pipeline = jar.make(pipelineOptions(endpoint(), { headers: { "X-Source": "unit", authorization: "ignored" } }));
    for (const span of makeSpans(5, "batched")) pipeline.push(span);
    expect(pipeline.stats().queued).toBe(5);
    expect(await pipeline.flush()).toBe(true);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request!.path).toBe("/opentelemetry/v1/traces");
    expect(request!.contentType).toBe("application/x-protobuf");
    expect(request!.headers.authorization).toBe("Bearer hh_test_key_123456");
    expect(request!.headers["x-source"]).toBe("unit");
    expect(request!.spans.map((s) => s.name)).toEqual(["batched-0", "batched-1", "batched-2", "batched-3", "batched-4"]);
    expect(request!.spans[0]!.resource).toEqual({ "service.name": "pipeline-test" });
    expect(request!.spans[2]!.attributes.index).toBe(2);
    expect(pipeline.stats()).toEqual({ queued: 0, inFlight: 0, exported: 5, unconfirmed: 0, dropped: { queueFull: 0, exportFailed: 0, shutdown: 0, noDestination: 0, spoolFull: 0 }, truncatedAttributes: 0, spooled: 0, spoolDelivered: 0, spoolRejectedFiles: 0 });
  });

  it("sends OTLP/JSON when asked", async () => {
    const pipeline = jar.make(pipelineOptions(endpoint(), { protocol: "http/json" }));
    for (const span of makeSpans(3, "json")) pipeline.push(span);
    expect(await pipeline.flush()).toBe(true);
    expect(receiver.requests[0]!.contentType).toBe("application/json");
    expect(receiver.spans().map((s) => s.name)).toEqual(["json-0", "json-1", "json-2"]);
  });

  it("exports a full batch on its own (no flush, no timer), leaving the remainder queued", async () => {
    const pipeline = jar.make(pipelineOptions(endpoint(), { maxExportBatchSize: 3 }));
    for (const span of makeSpans(7)) pipeline.push(span);
    const spans = await receiver.waitForSpans(6);
    expect(spans).toHaveLength(6);
    expect(receiver.requests.map((r) => r.spans.length)).toEqual([3, 3]);
    expect(pipeline.stats().queued).toBe(1);
  });

  it("exports a partial batch after scheduledDelayMs", async () => {
    const pipeline = jar.make(pipelineOptions(endpoint(), { scheduledDelayMs: 20 }));
    for (const span of makeSpans(2)) pipeline.push(span);
    expect(await receiver.waitForSpans(2)).toHaveLength(2);
    expect(receiver.requests).toHaveLength(1);
  });

  it("never sends from inside push: exports start asynchronously", async () => {
    const counter = countingFetch();
    const pipeline = jar.make(pipelineOptions(endpoint(), { mode: "immediate", fetch: counter.fetch, maxExportBatchSize: 1 }));
    for (const span of makeSpans(3)) pipeline.push(span);
    expect(counter.calls()).toBe(0);
    await receiver.waitForSpans(3);
    expect(counter.calls()).toBe(3);
  });

  it("immediate mode sends every span in its own request", async () => {
    const pipeline = jar.make(pipelineOptions(endpoint(), { mode: "immediate" }));
    for (const span of makeSpans(4, "now")) pipeline.push(span);
    await receiver.waitForSpans(4);
    expect(receiver.requests.map((r) => r.spans.length)).toEqual([1, 1, 1, 1]);
    expect(receiver.spans().map((s) => s.name).sort()).toEqual(["now-0", "now-1", "now-2", "now-3"]);
    expect(await pipeline.flush()).toBe(true);
  });

  it("keeps each pipeline's Bearer key on its own spans (two pipelines never mix)", async () => {
    const a = jar.make(pipelineOptions(endpoint(), { apiKey: "key-AAAA" }));
    const b = jar.make(pipelineOptions(endpoint(), { apiKey: "key-BBBB", mode: "immediate" }));
    const spansA = makeSpans(6, "a");
    const spansB = makeSpans(6, "b");
    for (let i = 0; i < 6; i++) {
      a.push(spansA[i]!);
      b.push(spansB[i]!);
    }
    expect(await Promise.all([a.flush(), b.flush()])).toEqual([true, true]);
    expect(receiver.spans()).toHaveLength(12);
    for (const request of receiver.requests) {
      const prefix = request.headers.authorization === "Bearer key-AAAA" ? "a-" : request.headers.authorization === "Bearer key-BBBB" ? "b-" : "?";
      expect(request.spans.length).toBeGreaterThan(0);
      for (const span of request.spans) expect(span.name.startsWith(prefix)).toBe(true);
    }
  });

  it("never has more than maxConcurrentExports requests in flight", async () => {
    receiver.setDelay(30);
    const counter = countingFetch();
    const pipeline = jar.make(pipelineOptions(endpoint(), { maxExportBatchSize: 2, maxConcurrentExports: 2, fetch: counter.fetch }));
    for (const span of makeSpans(12)) pipeline.push(span);
    expect(await pipeline.flush()).toBe(true);
    expect(counter.calls()).toBe(6);
    expect(counter.peak()).toBe(2);
    expect(receiver.spans()).toHaveLength(12);
  });

  it("by default sends up to 4 batches at once while spans queue faster than a request is answered", async () => {
    // An app whose own work leaves the event loop few turns (a tight async loop) needs the export to move several
    // batches per turn, or finished spans pile up in the queue until flush (and grow old in the heap meanwhile).
    receiver.setDelay(30);
    const counter = countingFetch();
    const pipeline = jar.make(pipelineOptions(endpoint(), { maxExportBatchSize: 2, fetch: counter.fetch }));
    for (const span of makeSpans(16)) pipeline.push(span);
    expect(await pipeline.flush()).toBe(true);
    expect(counter.calls()).toBe(8);
    expect(counter.peak()).toBe(4);
    expect(receiver.spans()).toHaveLength(16);
  });
});
