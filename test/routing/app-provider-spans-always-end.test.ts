/**
 * Issue 9 requirement 2 on the other own-span path (issue 11): under an application's provider WITHOUT
 * HoneyHiveSpanProcessor, own spans are that provider's SDK spans routed to HoneyHive by the SDK itself. Hostile
 * values, a function that ends its span early, and throwing/rejecting functions must still leave every started
 * span ended exactly once, in HoneyHive and in the application's exporter alike.
 */
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trace } from "../../packages/honeyhive/src/index";
import { type TestTracer, createTestTracer } from "../../packages/honeyhive/src/testing";

const appExporter = new InMemorySpanExporter();
let provider: NodeTracerProvider;
let unit: TestTracer;

beforeAll(() => {
  provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appExporter)] });
  provider.register();
  unit = createTestTracer({ logSink: () => undefined, mask: (v) => (typeof v === "string" && v.includes("x") ? (() => { throw new Error("mask"); })() : v) });
});
afterAll(() => provider.shutdown());

const hostile = fc.oneof(
  fc.anything({ withBigInt: true, withMap: true, withSparseArray: true, withNullPrototype: true }).map((v) => () => v),
  fc.constant(() => new Proxy({}, { get: () => { throw new Error("trap"); }, has: () => { throw new Error("trap"); }, ownKeys: () => { throw new Error("trap"); } })),
  fc.constant(() => Object.defineProperty({}, "then", { get: () => { throw new Error("then"); } })),
);

describe("own spans of an application provider routed by the SDK itself", () => {
  it("end exactly once for HoneyHive and for the application, whatever the function does", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, fc.constantFrom("return", "throw", "reject", "end-early"), async (makeArg, makeRet, mode) => {
        const [arg, ret] = [makeArg(), makeRet()];
        const before = appExporter.getFinishedSpans().length;
        let calls = 0;
        const traced = trace((_x: unknown) => {
          calls++;
          if (mode === "throw") throw ret;
          if (mode === "reject") return Promise.reject(ret);
          return ret;
        }, { tracer: unit.tracer, eventName: "fuzz" });
        let outcome: unknown;
        try {
          outcome = mode === "end-early" ? unit.tracer.startSpan("early", (span) => {
            span.end();
            return traced(arg);
          }) : traced(arg);
          if (mode === "reject") await (outcome as Promise<unknown>).catch((e: unknown) => { outcome = e; });
        } catch (error) {
          outcome = error;
        }
        expect(calls).toBe(1);
        expect(Object.is(outcome, ret)).toBe(true);
        const d = unit.tracer.diagnostics();
        expect(d.spansEnded).toBe(d.spansStarted);
        expect(appExporter.getFinishedSpans().length - before).toBe(mode === "end-early" ? 2 : 1);
      }),
      { numRuns: 150 },
    );
    const honeyhive = await unit.spans();
    const app = appExporter.getFinishedSpans();
    expect(honeyhive.map((s) => s.spanContext().spanId).sort()).toEqual(app.map((s) => s.spanContext().spanId).sort());
  });
});
