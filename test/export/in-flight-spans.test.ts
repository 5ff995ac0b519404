import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { type OtlpReceiver, startOtlpReceiver } from "../helpers/otlp-receiver";
import { FaultServer } from "../helpers/fault-server";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import { encodeTraceRequestProtobuf } from "../../packages/honeyhive/src/otlp/index";
import { splitTraceRequestProtobuf } from "../../packages/honeyhive/src/otlp/split-trace-protobuf";
import { PipelineJar, makeSpans, pipelineOptions } from "./pipeline-test-kit";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Weak references to `count` new spans, pushed into `push` (the test keeps no strong reference). */
function pushUnreferenced(count: number, push: (span: ReadableSpan) => void): WeakRef<ReadableSpan>[] {
  return makeSpans(count, "weak").map((span) => {
    push(span);
    return new WeakRef(span);
  });
}

async function collected(refs: WeakRef<object>[]): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  return refs.filter((ref) => ref.deref() === undefined).length;
}

describe("a batch's spans while its request is in flight", () => {
  let receiver: OtlpReceiver;
  const jar = new PipelineJar();
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    receiver.setDelay(0);
    await jar.closeAll();
    await receiver.close();
  });

  it("are not kept once encoded (they would grow old in the heap waiting for the answer), and all arrive", async () => {
    receiver.setDelay(60_000); // answered only when the test lets go
    const pipeline = jar.make(pipelineOptions(`${receiver.url}/v1/traces`, { maxExportBatchSize: 50 }));
    const refs = pushUnreferenced(50, (span) => pipeline.push(span));
    await receiver.waitForRequests(1, 30_000);
    expect(receiver.pending()).toBe(1);
    expect(await collected(refs)).toBe(50);
    receiver.setDelay(0);
    expect(receiver.requests[0]!.spans.map((s) => s.name).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `weak-${i}`).sort());
  }, 60_000);
});

describe("splitting an encoded protobuf request in halves (a 413 answer)", () => {
  const names = (body: Uint8Array) => decodeTraceRequest(body, "application/x-protobuf").map((s) => `${s.scope.name}/${s.name}`);

  it("keeps every span once, in order, each with its resource and scope", () => {
    const scoped = (name: string, spans: ReadableSpan[]) => spans.map((s) => ({ ...s, spanContext: s.spanContext.bind(s), instrumentationScope: { name } }) as unknown as ReadableSpan);
    const spans = [...scoped("a", makeSpans(3, "x")), ...scoped("b", makeSpans(4, "y"))];
    const body = encodeTraceRequestProtobuf(spans, { "service.name": "split" });
    const halves = splitTraceRequestProtobuf(body)!;
    expect(halves.map((h) => h.spans)).toEqual([4, 3]);
    expect([...names(halves[0].body), ...names(halves[1].body)]).toEqual(names(body));
    expect(names(halves[0].body)).toEqual(["a/x-0", "a/x-1", "a/x-2", "b/y-0"]);
    for (const half of halves) {
      for (const span of decodeTraceRequest(half.body, "application/x-protobuf")) expect(span.resource).toEqual({ "service.name": "split" });
    }
    const one = encodeTraceRequestProtobuf(spans.slice(0, 1), {});
    expect(splitTraceRequestProtobuf(one)).toBeUndefined();
    expect(splitTraceRequestProtobuf(new Uint8Array([0x0a, 0x05, 0x01]))).toBeUndefined();
  });

  it("a JSON batch answered 413 is split by re-encoding its spans: every span arrives", async () => {
    const server = await FaultServer.start("413-over", 60_000);
    try {
      const pipeline = new PipelineJar().make(pipelineOptions(`${server.url}/v1/traces`, { protocol: "http/json", compression: "none", maxExportBatchSize: 20, maxRequestBytes: 10_000_000 }));
      for (const span of makeSpans(20, "json", { payload: "j".repeat(5_000) })) pipeline.push(span);
      expect(await pipeline.flush(20_000)).toBe(true);
      expect(server.log.refusedSizes.length).toBeGreaterThan(0);
      const got = server.log.accepted.flatMap((b) => decodeTraceRequest(new Uint8Array(b), "application/json").map((s) => s.name));
      expect(got.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `json-${i}`).sort());
      await pipeline.shutdown(500);
    } finally {
      await server.close();
    }
  }, 30_000);
});
