// Hostile values at every public entry point: nothing throws into user code, results are unchanged.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer, enrichSession, enrichSpan, trace } from "../../packages/honeyhive/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

const hostile = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }),
  fc.constant(new Proxy({}, { ownKeys: () => { throw new Error("trap"); }, get: () => { throw new Error("trap"); } })),
  fc.constant(Object.defineProperty({}, "boom", { enumerable: true, get: () => { throw new Error("getter"); } })),
  fc.constant(Symbol("s")),
  fc.constant(() => 1),
  fc.constant((() => { const o: Record<string, unknown> = { a: 1 }; o.self = o; return o; })()),
  fc.constant("x".repeat(200_000)),
  fc.constant(Number.NaN),
);

describe("fuzzing public entry points with hostile values", () => {
  const logged: string[] = [];
  const { tracer } = createTestTracer({ logSink: (_level, message) => void logged.push(message) });

  it("trace(): the wrapped function's arguments and return value pass through untouched", () => {
    fc.assert(
      fc.property(hostile, hostile, (arg, ret) => {
        const f = trace((_x: unknown) => ret, { tracer, eventName: "fuzz" });
        expect(f(arg)).toBe(ret);
      }),
      { numRuns: 300 },
    );
  });

  it("trace(): thrown hostile values propagate unchanged (same object)", () => {
    fc.assert(
      fc.property(hostile, (thrown) => {
        const f = trace(() => { throw thrown; }, { tracer, eventName: "fuzz-throw" });
        let caught: unknown = "nothing";
        try {
          f();
        } catch (error) {
          caught = error;
        }
        expect(Object.is(caught, thrown)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("enrichSpan and tracer.enrichSpan never throw and return a boolean", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), hostile), hostile, (params, raw) => {
        tracer.startSpan("fuzz-enrich", () => {
          expect(typeof enrichSpan(params as never)).toBe("boolean");
          expect(typeof tracer.enrichSpan(raw as never)).toBe("boolean");
          expect(typeof enrichSpan({ metadata: raw, outputs: raw, inputs: raw, metrics: raw, error: raw } as never)).toBe("boolean");
        });
      }),
      { numRuns: 200 },
    );
  });

  it("enrichSession never rejects; a hostile sessionId is refused with a warning", async () => {
    const refused = "enrichSession: sessionId is not a valid UUID; nothing sent";
    logged.length = 0;
    let stringIds = 0;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), hostile), hostile, async (params, raw) => {
        expect(typeof (await enrichSession(params as never, tracer))).toBe("boolean");
        if (typeof raw === "string") stringIds++;
        expect(typeof (await tracer.enrichSession({ metadata: raw, outputs: raw, sessionId: raw } as never))).toBe("boolean");
      }),
      { numRuns: 100 },
    );
    // Only the refusal is ever logged, at least once per non-UUID string id (the fuzzer never makes a UUID).
    expect([...new Set(logged)].filter((line) => line !== refused)).toEqual([]);
    expect(logged.length).toBeGreaterThanOrEqual(stringIds);
    logged.length = 0;
    expect(await tracer.enrichSession({ sessionId: "not-a-uuid", metadata: { a: 1 } })).toBe(false);
    expect(logged).toEqual([refused]);
  });

  it("new HoneyHiveTracer(hostile options) never throws outside strict mode", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("apiKey", "serverUrl", "sessionId", "source", "project", "sessionName", "otlpProtocol", "disableBatch", "inputs", "metadata", "maxQueueSize", "timeoutMs", "resilience", "runId"), hostile), (options) => {
        const t = new HoneyHiveTracer({ ...(options as object), testMode: true, setAsDefault: false, logSink: () => undefined, resilience: "balanced" } as never);
        expect(typeof t.sessionId).toBe("string");
        expect(t.startSpan("x", () => 7)).toBe(7);
      }),
      { numRuns: 200 },
    );
  });

  it("extractContext/injectContext accept hostile headers", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("traceparent", "tracestate", "baggage", "x"), fc.oneof(fc.string(), fc.array(fc.string()), fc.constant(undefined))), (headers) => {
        const ctx = tracer.extractContext(headers as never);
        expect(ctx).toBeDefined();
        expect(typeof tracer.withExtractedContext(headers as never, () => tracer.injectContext({}))).toBe("object");
      }),
      { numRuns: 300 },
    );
  });
});
