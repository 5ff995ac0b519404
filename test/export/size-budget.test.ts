import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { SpanPipeline } from "../../packages/honeyhive/src/export/index";
import { enforceSpanBudget } from "../../packages/honeyhive/src/export/span-budget";
import { truncateUtf8 } from "../../packages/honeyhive/src/normalize/strings";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import { FaultServer } from "../helpers/fault-server";
import { makeSpans, pipelineOptions } from "./pipeline-test-kit";

const utf8 = (s: string): number => Buffer.byteLength(s, "utf8");
const MARKER = /…\[truncated (\d+) bytes\]$/;

describe("truncateUtf8", () => {
  it("never exceeds the budget, keeps a whole-character prefix, and the marker counts the dropped bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), fc.integer({ min: 0, max: 600 }), (value, max) => {
        const out = truncateUtf8(value, max);
        if (utf8(value) <= max) {
          expect(out).toBe(value);
          return;
        }
        const match = MARKER.exec(out);
        expect(match).not.toBeNull();
        const kept = out.slice(0, out.length - match![0].length);
        expect(value.startsWith(kept)).toBe(true);
        expect(Buffer.from(kept, "utf8").toString("utf8")).toBe(kept); // no split character
        expect(Number(match![1])).toBe(utf8(value) - utf8(kept));
        if (max >= 40) expect(utf8(out)).toBeLessThanOrEqual(max);
      }),
      { numRuns: 500 },
    );
  });
});

describe("enforceSpanBudget on real spans", () => {
  it("cuts only the values over the attribute budget, then the largest ones to fit the span budget", () => {
    const big = "é".repeat(100_000); // 200,000 bytes
    const [span] = makeSpans(1, "s", { small: "keep me", big, mid1: "m".repeat(3000), mid2: "n".repeat(3000) });
    const before = { ...span!.attributes };
    const { span: view, truncated } = enforceSpanBudget(span!, { maxAttributeBytes: 4096, maxSpanBytes: 6000 });
    expect(span!.attributes).toEqual(before); // the shared span is never modified
    expect(view.spanContext()).toEqual(span!.spanContext());
    expect(view.name).toBe(span!.name);
    const attrs = view.attributes as Record<string, string>;
    expect(attrs.small).toBe("keep me");
    expect(utf8(attrs.big!)).toBeLessThanOrEqual(4096);
    expect(attrs.big).toMatch(MARKER);
    const total = Object.entries(attrs).reduce((n, [k, v]) => n + utf8(k) + (typeof v === "string" ? utf8(v) : 8), 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(truncated).toBeGreaterThanOrEqual(2);
    // idempotent: a second pass changes nothing
    expect(enforceSpanBudget(view, { maxAttributeBytes: 4096, maxSpanBytes: 6000 })).toEqual({ span: view, truncated: 0 });
  });

  it("cuts string arrays element-wise and leaves small spans untouched", () => {
    const [span] = makeSpans(1, "s", {});
    (span!.attributes as Record<string, unknown>).list = ["a".repeat(300), "b".repeat(300), "c".repeat(300)];
    const result = enforceSpanBudget(span!, { maxAttributeBytes: 500, maxSpanBytes: 1 << 20 });
    expect(result.truncated).toBe(1);
    const list = (result.span.attributes as Record<string, string[]>).list!;
    expect(list).toHaveLength(2);
    expect(list[1]).toMatch(MARKER);
    expect(list.reduce((n, s) => n + utf8(s), 0)).toBeLessThanOrEqual(500);
  });
});

// The limits below are on the encoded body; these collectors refuse by size as sent, so bodies go uncompressed here
// (gzip only shrinks them further: test/transport/compression.test.ts).
describe("request size limits: split batches, 413 splits and retries", () => {
  const servers: FaultServer[] = [];
  const pipelines: SpanPipeline[] = [];
  afterEach(async () => {
    await Promise.all(pipelines.splice(0).map((p) => p.shutdown(500)));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  const received = (server: FaultServer): string[] =>
    server.log.accepted.flatMap((body) => decodeTraceRequest(new Uint8Array(body), "application/x-protobuf").map((s) => s.name));

  it("a collector answering 413 over 200 KB gets every span of a 2 MB batch, in split requests", async () => {
    const server = await FaultServer.start("413-over", 200_000);
    servers.push(server);
    const pipeline = new SpanPipeline(pipelineOptions(`${server.url}/v1/traces`, { compression: "none", maxExportBatchSize: 100, maxRequestBytes: 10_000_000 }));
    pipelines.push(pipeline);
    for (const span of makeSpans(100, "big", { payload: "p".repeat(20_000) })) pipeline.push(span);
    expect(await pipeline.flush(20_000)).toBe(true);
    expect(server.log.refusedSizes.length).toBeGreaterThan(0);
    expect(received(server).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `big-${i}`).sort());
    expect(pipeline.stats()).toMatchObject({ exported: 100, dropped: { exportFailed: 0 } });
  }, 30_000);

  it("batches are split before sending to stay under maxRequestBytes (no 413 at all)", async () => {
    const server = await FaultServer.start("413-over", 300_000);
    servers.push(server);
    const pipeline = new SpanPipeline(pipelineOptions(`${server.url}/v1/traces`, { compression: "none", maxExportBatchSize: 200, maxRequestBytes: 250_000 }));
    pipelines.push(pipeline);
    for (const span of makeSpans(200, "s", { payload: "q".repeat(5_000) })) pipeline.push(span);
    expect(await pipeline.flush(20_000)).toBe(true);
    expect(server.log.refusedSizes).toEqual([]);
    expect(Math.max(...server.log.accepted.map((b) => b.byteLength))).toBeLessThanOrEqual(250_000);
    expect(new Set(received(server)).size).toBe(200);
    expect(received(server)).toHaveLength(200);
  }, 30_000);

  it("a single span the collector refuses is dropped and counted, its batch-mates delivered; huge values arrive truncated", async () => {
    const server = await FaultServer.start("413-over", 100_000);
    servers.push(server);
    const pipeline = new SpanPipeline(pipelineOptions(`${server.url}/v1/traces`, { compression: "none", maxAttributeBytes: 150_000, maxSpanBytes: 150_000 }));
    pipelines.push(pipeline);
    const spans = [...makeSpans(3, "ok", { payload: "x".repeat(1000) }), ...makeSpans(1, "huge", { payload: "h".repeat(5_000_000) })];
    for (const span of spans) pipeline.push(span);
    expect(await pipeline.flush(20_000)).toBe(false);
    expect(received(server).sort()).toEqual(["ok-0", "ok-1", "ok-2"]);
    expect(pipeline.stats(), JSON.stringify(pipeline.stats())).toMatchObject({ exported: 3, truncatedAttributes: 1, dropped: { exportFailed: 1 } });
    expect(server.log.refusedSizes.every((size) => size < 200_000)).toBe(true); // the 5 MB value never went out whole
  }, 30_000);
});

describe("tracer options and diagnostics", () => {
  it("maxAttributeBytes from the options cuts a 2 MB value with the marker; diagnostics() counts it", async () => {
    const { HoneyHiveTracer } = await import("../../packages/honeyhive/src/index");
    const server = await FaultServer.start("ok");
    const tracer = new HoneyHiveTracer({ apiKey: "hh_budget_key", serverUrl: server.url, skipSessionStart: true, maxAttributeBytes: 10_000, logSink: () => undefined, setAsDefault: false });
    try {
      tracer.startSpan("parent", () => {
        tracer.startSpan("huge", (span) => {
          span.setAttribute("honeyhive_inputs.prompt", "z".repeat(2_000_000));
          span.addEvent("chunk", { text: "w".repeat(300_000) });
        });
      });
      expect(await tracer.flush(10_000)).toBe(true);
      const spans = server.log.accepted.flatMap((body) => decodeTraceRequest(new Uint8Array(body), "application/x-protobuf"));
      const decoded = spans.find((span) => span.name === "huge");
      const parent = spans.find((span) => span.name === "parent");
      // the cut copy keeps the span's identity, parent, session stamp and events
      expect(decoded!.parentSpanId).toBe(parent!.spanId);
      expect(decoded!.traceId).toBe(parent!.traceId);
      expect(decoded!.attributes["honeyhive.session_id"]).toBe(tracer.sessionId);
      expect(decoded!.events[0]!.name).toBe("chunk");
      expect(utf8(decoded!.events[0]!.attributes.text as string)).toBeLessThanOrEqual(10_000);
      const prompt = decoded!.attributes["honeyhive_inputs.prompt"] as string;
      expect(prompt).toMatch(MARKER);
      expect(utf8(prompt)).toBeLessThanOrEqual(10_000);
      expect(tracer.diagnostics().truncatedAttributes).toBe(2);
    } finally {
      await tracer.shutdown(1000);
      await server.close();
    }
  }, 30_000);

  it("HH_MAX_* environment variables are read; invalid options are reported", async () => {
    const { resolveTracerConfig } = await import("../../packages/honeyhive/src/config/resolve-config");
    const { config } = resolveTracerConfig({}, { HH_MAX_ATTRIBUTE_BYTES: "5000", HH_MAX_SPAN_BYTES: "70000", HH_MAX_REQUEST_BYTES: "900000", HH_SPOOL_DIR: "/tmp/x" });
    expect(config).toMatchObject({ maxAttributeBytes: 5000, maxSpanBytes: 70000, maxRequestBytes: 900000, spool: { dir: "/tmp/x" } });
    const bad = resolveTracerConfig({ maxSpanBytes: -1, spool: { dir: 3 } as never }, {});
    expect(bad.errors.join(" ")).toMatch(/maxSpanBytes/);
    expect(bad.errors.join(" ")).toMatch(/spool/);
  });
});

describe("splitting invariant (fast-check over span sizes and collector limits)", () => {
  it("every span is delivered exactly once or counted as failed; no request over the limit carries more than one span", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 10, max: 40_000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 20_000, max: 400_000 }),
        fc.integer({ min: 10_000, max: 500_000 }),
        async (sizes, collectorLimit, maxRequestBytes) => {
          const server = await FaultServer.start("413-over", collectorLimit);
          const pipeline = new SpanPipeline(pipelineOptions(`${server.url}/v1/traces`, { compression: "none", maxExportBatchSize: 64, maxRequestBytes }));
          try {
            sizes.forEach((size, i) => pipeline.push(makeSpans(1, `p${i}`, { payload: "r".repeat(size) })[0]!));
            await pipeline.flush(20_000);
            const names = server.log.accepted.flatMap((body) => decodeTraceRequest(new Uint8Array(body), "application/x-protobuf").map((s) => s.name));
            expect(new Set(names).size).toBe(names.length); // never twice
            const stats = pipeline.stats();
            expect(stats.exported).toBe(names.length);
            expect(stats.exported + stats.dropped.exportFailed).toBe(sizes.length);
            for (const body of server.log.accepted) {
              const count = decodeTraceRequest(new Uint8Array(body), "application/x-protobuf").length;
              if (count > 1) expect(body.byteLength).toBeLessThanOrEqual(Math.min(collectorLimit, maxRequestBytes));
            }
            // a span is dropped only when it alone is over the collector's limit
            for (let i = 0; i < sizes.length; i++) if (sizes[i]! + 2000 < collectorLimit) expect(names).toContain(`p${i}-0`);
          } finally {
            await pipeline.shutdown(500);
            await server.close();
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
