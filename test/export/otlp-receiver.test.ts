import { gzipSync } from "node:zlib";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { type OtlpReceiver, startOtlpReceiver } from "../helpers/otlp-receiver";

function finishedSpans(n: number) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  for (let i = 0; i < n; i++) provider.getTracer("t").startSpan(`s${i}`).end();
  return exporter.getFinishedSpans();
}

const post = (url: string, body: Uint8Array, headers: Record<string, string>) =>
  fetch(url, { method: "POST", body, headers });

describe("test helper startOtlpReceiver", () => {
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it("records and decodes protobuf, JSON and gzip requests", async () => {
    receiver = await startOtlpReceiver();
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const spans = finishedSpans(2);
    const pb = ProtobufTraceSerializer.serializeRequest(spans)!;
    const res = await post(`${receiver.url}/v1/traces`, pb, { "content-type": "application/x-protobuf", authorization: "Bearer k1" });
    expect(res.status).toBe(200);
    await post(`${receiver.url}/v1/traces`, JsonTraceSerializer.serializeRequest(spans)!, { "content-type": "application/json" });
    await post(`${receiver.url}/v1/traces`, gzipSync(pb), { "content-type": "application/x-protobuf", "content-encoding": "gzip" });
    expect(await receiver.waitForSpans(6)).toHaveLength(6);
    expect(receiver.requests.map((r) => r.path)).toEqual(["/v1/traces", "/v1/traces", "/v1/traces"]);
    expect(receiver.requests[0]!.headers.authorization).toBe("Bearer k1");
    expect(receiver.requests[1]!.contentType).toBe("application/json");
    expect(receiver.spans().map((s) => s.name)).toEqual(["s0", "s1", "s0", "s1", "s0", "s1"]);
  });

  it("answers with queued then sticky statuses, and 400 on undecodable bodies", async () => {
    receiver = await startOtlpReceiver();
    const body = ProtobufTraceSerializer.serializeRequest(finishedSpans(1))!;
    const headers = { "content-type": "application/x-protobuf" };
    receiver.respondWith(503, { "retry-after": "1" }, 1);
    const first = await post(receiver.url, body, headers);
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("1");
    expect((await post(receiver.url, body, headers)).status).toBe(200);
    receiver.respondWith(500);
    expect((await post(receiver.url, body, headers)).status).toBe(500);
    expect((await post(receiver.url, body, headers)).status).toBe(500);
    const bad = await post(receiver.url, new Uint8Array([0x0a, 0x05]), headers);
    expect(bad.status).toBe(400);
    expect(receiver.requests.at(-1)!.decodeError).toMatch(/past the end/);
    expect(receiver.spans()).toHaveLength(1);
  });

  it("delays responses and reports pending requests", async () => {
    receiver = await startOtlpReceiver({ delayMs: 50 });
    const r = receiver;
    const response = post(r.url, ProtobufTraceSerializer.serializeRequest(finishedSpans(1))!, { "content-type": "application/x-protobuf" });
    await r.waitForRequests(1);
    expect(r.pending()).toBe(1);
    expect(r.spans()).toHaveLength(0);
    expect((await response).status).toBe(200);
    expect(r.pending()).toBe(0);
    expect(r.spans()).toHaveLength(1);
  });

  it("rejects a wait that times out, with a useful message", async () => {
    receiver = await startOtlpReceiver();
    await expect(receiver.waitForSpans(1, 20)).rejects.toThrow(/timed out after 20 ms waiting for 1 spans/);
  });
});
