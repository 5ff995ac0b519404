import { createServer, type IncomingMessage } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import { createApiClient } from "../../packages/honeyhive/src/api-client/index";
import { resolveTracerConfig } from "../../packages/honeyhive/src/config/resolve-config";
import { SpanPipeline } from "../../packages/honeyhive/src/export/index";
import { streamGzip } from "../../packages/honeyhive/src/runtime/neutral/stream-gzip";
import { BodyCompression, MIN_COMPRESSED_BYTES } from "../../packages/honeyhive/src/transport/compression";
import { sendHttp } from "../../packages/honeyhive/src/transport/send-http";
import { listenOnLoopback, type LoopbackServer } from "../helpers/loopback-server";
import { readBody } from "../helpers/read-body";
import { makeSpans, pipelineOptions } from "../export/pipeline-test-kit";

/** One request as the server got it: raw bytes on the wire and the headers that matter here. */
interface Seen {
  path: string;
  encoding: string | undefined;
  raw: Buffer;
  decoded: Buffer;
}

/** A loopback server answering each request with the next status of `statuses` (then 200), recording what came. */
async function recorder(statuses: number[] = [], answerHeaders: Record<string, string> = {}) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    void readBody(req).then((raw) => {
      const encoding = req.headers["content-encoding"];
      seen.push({ path: req.url ?? "", encoding, raw, decoded: encoding === "gzip" ? gunzipSync(raw) : raw });
      res.writeHead(statuses.shift() ?? 200, { "content-type": "application/json", ...answerHeaders }).end("{}");
    });
  });
  const loopback = await listenOnLoopback(server);
  servers.push(loopback);
  return { url: loopback.url, seen };
}

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const spanNames = (body: Buffer) => decodeTraceRequest(new Uint8Array(body), "application/x-protobuf").map((s) => s.name);
const big = "x".repeat(MIN_COMPRESSED_BYTES);

describe("gzip of span exports", () => {
  it("sends a batch gzipped with content-encoding: gzip, and the inflated body carries every span", async () => {
    const { url, seen } = await recorder();
    const pipeline = new SpanPipeline(pipelineOptions(`${url}/v1/traces`));
    for (const span of makeSpans(50, "gz")) pipeline.push(span);
    expect(await pipeline.flush()).toBe(true);
    await pipeline.shutdown();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.encoding).toBe("gzip");
    expect(seen[0]!.raw.byteLength).toBeLessThan(seen[0]!.decoded.byteLength);
    expect(spanNames(seen[0]!.decoded)).toEqual(Array.from({ length: 50 }, (_, i) => `gz-${i}`));
  });

  it("retries resend the very same gzipped bytes, and the spans are delivered once", async () => {
    const { url, seen } = await recorder([503, 500]);
    const pipeline = new SpanPipeline(pipelineOptions(`${url}/v1/traces`));
    for (const span of makeSpans(40, "retry")) pipeline.push(span);
    expect(await pipeline.flush()).toBe(true);
    await pipeline.shutdown();
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.encoding === "gzip")).toBe(true);
    expect(seen[1]!.raw.equals(seen[0]!.raw) && seen[2]!.raw.equals(seen[0]!.raw)).toBe(true);
    expect(pipeline.stats()).toMatchObject({ exported: 40, dropped: { exportFailed: 0 } });
  });

  it("a 415 answer gets the same spans once more, plain, and later batches stay plain", async () => {
    const { url, seen } = await recorder([415]);
    const pipeline = new SpanPipeline(pipelineOptions(`${url}/v1/traces`));
    for (const span of makeSpans(30, "first")) pipeline.push(span);
    expect(await pipeline.flush()).toBe(true);
    for (const span of makeSpans(30, "second")) pipeline.push(span);
    expect(await pipeline.flush()).toBe(true);
    await pipeline.shutdown();
    expect(seen.map((s) => s.encoding)).toEqual(["gzip", undefined, undefined]);
    expect(seen[1]!.raw.equals(seen[0]!.decoded)).toBe(true);
    expect(spanNames(seen[1]!.decoded)).toHaveLength(30);
    expect(pipeline.stats().exported).toBe(60);
  });

  it('compression: "none" and small bodies are sent as they are', async () => {
    const { url, seen } = await recorder();
    const plain = new SpanPipeline(pipelineOptions(`${url}/v1/traces`, { compression: "none" }));
    for (const span of makeSpans(30, "plain")) plain.push(span);
    expect(await plain.flush()).toBe(true);
    await plain.shutdown();
    const small = new SpanPipeline(pipelineOptions(`${url}/v1/traces`, { resource: {} }));
    small.push(makeSpans(1, "one")[0]!);
    expect(await small.flush()).toBe(true);
    await small.shutdown();
    expect(seen.map((s) => s.encoding)).toEqual([undefined, undefined]);
    expect(seen[1]!.raw.byteLength).toBeLessThan(MIN_COMPRESSED_BYTES);
  });
});

describe("gzip of API request bodies", () => {
  it("starts only once the server listed gzip in an Accept-Encoding answer header (RFC 7694)", async () => {
    const { url, seen } = await recorder([], { "accept-encoding": "gzip" });
    const api = createApiClient({ serverUrl: url, apiKey: "hh_key" });
    for (let i = 0; i < 2; i++) await api.events.update({ event_id: "e1", metadata: { note: big } });
    expect(seen.map((s) => s.encoding)).toEqual([undefined, "gzip"]);
    expect(seen[1]!.decoded.toString("utf8")).toContain(big);
    expect(JSON.parse(seen[1]!.decoded.toString("utf8"))).toEqual(JSON.parse(seen[0]!.decoded.toString("utf8")));
  });

  it("never gzips for a server that does not say it accepts gzip", async () => {
    const { url, seen } = await recorder();
    const api = createApiClient({ serverUrl: url, apiKey: "hh_key" });
    for (let i = 0; i < 3; i++) await api.events.update({ event_id: `e${i}`, metadata: { note: big } });
    expect(seen.map((s) => s.encoding)).toEqual([undefined, undefined, undefined]);
  });

  it("a non-idempotent create answered 400 to its gzipped body is sent once more, plain, and never again gzipped", async () => {
    const { url, seen } = await recorder([200, 400], { "accept-encoding": "gzip" });
    const compression = new BodyCompression("gzip", false);
    const send = (body: string) => sendHttp({ url: `${url}/runs`, method: "POST", body, headers: { "content-type": "application/json" } }, { compression, idempotent: false, maxRetries: 0 });
    expect((await send(JSON.stringify({ a: big }))).ok).toBe(true);
    expect(await send(JSON.stringify({ b: big }))).toMatchObject({ ok: true, attempts: 2 });
    expect((await send(JSON.stringify({ c: big }))).ok).toBe(true);
    expect(seen.map((s) => s.encoding)).toEqual([undefined, "gzip", undefined, undefined]);
    expect(seen[2]!.raw.equals(seen[1]!.decoded)).toBe(true);
  });
});

describe("configuration and runtimes", () => {
  it("resolves option > HH_COMPRESSION > gzip, and names a wrong value", () => {
    expect(resolveTracerConfig({}, {}).config.compression).toBe("gzip");
    expect(resolveTracerConfig({}, { HH_COMPRESSION: "NONE" }).config.compression).toBe("none");
    expect(resolveTracerConfig({ compression: "gzip" }, { HH_COMPRESSION: "none" }).config.compression).toBe("gzip");
    const wrong = resolveTracerConfig({ compression: "brotli" as never }, {});
    expect(wrong.errors).toEqual(["compression must be one of gzip, none"]);
    expect(resolveTracerConfig({ compression: "gzp" as never }, {}).errors).toEqual(['compression must be one of gzip, none (did you mean "gzip"?)']);
    // an unknown key warns naming the closest one (strict: an error), as every tracer option does
    expect(resolveTracerConfig({ compresion: "none" } as never, {}).warnings.join("\n")).toContain('"compression"');
    expect(resolveTracerConfig({ compresion: "none", resilience: "strict" } as never, {}).errors.join("\n")).toContain('"compression"');
  });

  it("the neutral build gzips through CompressionStream, and notes the fallback where there is none", async () => {
    const notes: string[] = [];
    const gzip = streamGzip((line) => notes.push(line));
    const input = new TextEncoder().encode(big.repeat(20));
    expect(gunzipSync(await gzip!(input)).equals(Buffer.from(input))).toBe(true);
    const saved = Object.getOwnPropertyDescriptor(globalThis, "CompressionStream")!;
    delete (globalThis as { CompressionStream?: unknown }).CompressionStream;
    try {
      expect(streamGzip((line) => notes.push(line))).toBeUndefined();
    } finally {
      Object.defineProperty(globalThis, "CompressionStream", saved);
    }
    expect(notes).toEqual(["CompressionStream is missing: request bodies are sent uncompressed"]);
  });
});
