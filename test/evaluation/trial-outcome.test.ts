import { describe, expect, it } from "vitest";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { hrTimeToMilliseconds } from "@opentelemetry/core";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { datapointResult, type TrialOutcome } from "../../packages/honeyhive/src/evaluation/trial-outcome";

const base = { index: 0, trial: 1, datapointId: "dp", inputs: {}, groundTruth: undefined };
const outcomeWith = (span: unknown): TrialOutcome => ({ status: "success", outputs: 1, error: undefined, evaluation: undefined, call: undefined, span });
const busyWait = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe("a datapoint's reported duration", () => {
  const tracer = new BasicTracerProvider().getTracer("trial-outcome-test");

  it("is its ended span's duration exactly, not the time until the result is made", () => {
    const started = performance.now();
    const span = tracer.startSpan("work");
    busyWait(3);
    span.end();
    busyWait(20); // the turns of a busy event loop after the span's end
    const result = datapointResult(base, started, undefined, "s", outcomeWith(span));
    expect(result.durationMs).toBe(hrTimeToMilliseconds((span as unknown as ReadableSpan).duration));
    expect(result.durationMs).toBeLessThan(20);
  });

  it("is measured from the start to now when the span has not ended, is not an SDK span, or its duration throws", () => {
    const open = tracer.startSpan("open");
    const throwing = { get duration(): never { throw new Error("provider span"); } };
    for (const span of [open, {}, undefined, throwing, { duration: [-1, -1] }, { duration: "x" }]) {
      const started = performance.now();
      busyWait(5);
      const result = datapointResult(base, started, undefined, "s", outcomeWith(span));
      expect(result.durationMs).toBeGreaterThanOrEqual(5);
      expect(result.durationMs).toBeLessThan(1000);
    }
    open.end();
  });
});
