/**
 * Decision record 0036: the SDK's own spans (`HoneyHiveSpan`) read the clock as the OpenTelemetry SDK's spans do —
 * the start from `Date.now()`, later times as the start plus the `performance.now()` time elapsed since — so spans of
 * both kinds share one clock. The SDK spans here come from a real `BasicTracerProvider`; the light spans' clock seam
 * (a given `Date.now()` / `performance.now()` pair) stands in for a process whose monotonic clock drifted.
 */
import { type HrTime, ROOT_CONTEXT, type SpanContext, trace } from "@opentelemetry/api";
import { hrTimeDuration, hrTimeToNanoseconds } from "@opentelemetry/core";
import fc from "fast-check";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, type ReadableSpan, type Span as SdkSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { SDK_VERSION } from "../../packages/honeyhive/src/api-client/sdk-version";
import { DEFAULT_NORMALIZE_BUDGET } from "../../packages/honeyhive/src/normalize";
import { HoneyHiveSpan, type SpanOwner } from "../../packages/honeyhive/src/span/honeyhive-span";
import { afterStart, wallStart } from "../../packages/honeyhive/src/span/span-clock";
import { durationMsBetween } from "../../packages/honeyhive/src/span/span-end";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

const resource = resourceFromAttributes({ "service.name": "span-clock" });
const sdkTracer = new BasicTracerProvider({ resource }).getTracer("instrumentation-like");
const owner: SpanOwner = {
  resource,
  instrumentationScope: { name: "honeyhive", version: SDK_VERSION },
  sink: { onSpanEnding: () => undefined, onSpanEnd: () => undefined },
  attributeBudget: DEFAULT_NORMALIZE_BUDGET,
};

const ns = (time: HrTime): bigint => BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
const light = (parent?: SpanContext, clock?: { epochMs: number; monotonicMs: number }): HoneyHiveSpan => new HoneyHiveSpan(owner, "own", parent, {}, 0, undefined, clock);

describe("the clock of the SDK's own spans", () => {
  it("starts at the wall clock and ends after the monotonic time elapsed, however far performance.timeOrigin + now() drifted", () => {
    const monotonicMs = performance.now();
    // an hour between the two clocks: the wall clock was adjusted (NTP) while the monotonic one kept counting
    const epochMs = Math.round(performance.timeOrigin + monotonicMs) + 3_600_000;
    const span = light(undefined, { epochMs, monotonicMs });
    expect(ns(span.startTime)).toBe(BigInt(epochMs) * 1_000_000n);
    span.endAt(monotonicMs + 2.00025);
    expect(ns(span.endTime) - ns(span.startTime)).toBe(2_000_250n);
    expect(ns(span.duration)).toBe(2_000_250n);
  });

  it("wallStart and afterStart: whole milliseconds in, nanosecond-exact sums out, across seconds and days", () => {
    expect(wallStart(1_700_000_000_123)).toEqual([1_700_000_000, 123_000_000]);
    expect(wallStart(1_700_000_000_999)).toEqual([1_700_000_000, 999_000_000]);
    expect(afterStart([1_700_000_000, 999_000_000], 1.5)).toEqual([1_700_000_001, 500_000]);
    expect(afterStart([1_700_000_000, 0], 3 * 86_400_000 + 0.000_001)).toEqual([1_700_259_200, 1]); // 3 days + 1 ns
    expect(afterStart([1_700_000_000, 500], -0.001)).toEqual([1_699_999_999, 999_999_500]); // before the start (clamped at end)
  });

  it("events and explicit times: now on the span's clock; performance readings placed on it; HrTime, Date and epoch ms as given", () => {
    const monotonicMs = performance.now() - 10; // started 10 ms ago: the readings below are past ones
    const epochMs = Date.now() - 5_000; // a clock five seconds behind performance.timeOrigin + now()
    const span = light(undefined, { epochMs, monotonicMs });
    span.addEvent("now");
    span.addEvent("reading", monotonicMs + 1.5);
    span.addEvent("hr", [1_700_000_000, 42]);
    span.addEvent("date", new Date(1_700_000_000_007));
    span.addEvent("epoch", 1_700_000_000_007.5);
    span.end();
    const [now, reading, hr, date, epoch] = span.events.map((e) => ns(e.time));
    expect(now! >= ns(span.startTime) && now! <= ns(span.endTime)).toBe(true);
    expect(reading! - ns(span.startTime)).toBe(1_500_000n);
    expect(hr).toBe(1_700_000_000_000_000_042n);
    expect(date).toBe(1_700_000_000_007_000_000n);
    expect(epoch).toBe(1_700_000_000_007_500_000n);
    const ended = light(undefined, { epochMs, monotonicMs });
    ended.end(monotonicMs + 0.25);
    expect(ns(ended.endTime) - ns(ended.startTime)).toBe(250_000n);
  });

  it("interleaved with OpenTelemetry SDK spans, a span never starts before one started ahead of it, in either order", () => {
    const starts: { kind: string; start: bigint }[] = [];
    for (let i = 0; i < 3000; i++) {
      const sdk = sdkTracer.startSpan("lib", undefined, ROOT_CONTEXT) as SdkSpan;
      starts.push({ kind: "sdk", start: ns(sdk.startTime) });
      const own = light(sdk.spanContext());
      starts.push({ kind: "own", start: ns(own.startTime) });
      const child = sdkTracer.startSpan("lib-child", undefined, trace.setSpan(ROOT_CONTEXT, own)) as SdkSpan;
      starts.push({ kind: "sdk", start: ns(child.startTime) });
      for (const span of [child, own, sdk]) span.end();
    }
    const backwards = starts.findIndex((s, i) => i > 0 && s.start < starts[i - 1]!.start);
    expect(backwards === -1 ? undefined : [starts[backwards - 1], starts[backwards]]).toBeUndefined();
    // both kinds start at whole milliseconds: they read the same clock
    expect(starts.every((s) => s.start % 1_000_000n === 0n)).toBe(true);
  });

  it("honeyhive_duration_ms never exceeds the span's duration, to the nanosecond: equal when the span starts with the user's code", () => {
    // performance.now() readings as they come (sub-microsecond fractions): the span's times are whole nanoseconds, so
    // the recorded duration is too; a float difference alone exceeded the span's duration by ~1e-14 ms (a CI flake
    // whenever the span's start was moved to the user's code, see HoneyHiveSpan.startsNow)
    const reading = fc.double({ min: 0, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e9 }), fc.integer({ min: 0, max: 999 }), reading, reading, reading, (seconds, ms, a, b, c) => {
        const [spanStart, userStart, now] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
        const start = wallStart(seconds * 1000 + ms);
        const spanMs = (startedAt: number): number => hrTimeToNanoseconds(hrTimeDuration(start, afterStart(start, now - startedAt))) / 1e6;
        expect(spanMs(userStart)).toBe(durationMsBetween(userStart, now));
        expect(spanMs(spanStart)).toBeGreaterThanOrEqual(durationMsBetween(userStart, now));
      }),
      { numRuns: 2000 },
    );
    expect(durationMsBetween(0.1, 0.3)).toBe(0.2); // the float difference is 0.19999999999999998
  });

  it("an own span's duration stays sub-millisecond precise and covers honeyhive_duration_ms", async () => {
    const { tracer, spans } = createTestTracer();
    tracer.startSpan("busy", () => {
      const until = performance.now() + 0.3;
      while (performance.now() < until) {
        // a sub-millisecond step
      }
    });
    const [span] = (await spans()) as ReadableSpan[];
    expect(span).toBeInstanceOf(HoneyHiveSpan);
    const durationMs = hrTimeToNanoseconds(span!.duration) / 1e6;
    const recorded = span!.attributes["honeyhive_duration_ms"] as number;
    expect(recorded).toBeGreaterThanOrEqual(0.3);
    expect(durationMs).toBeGreaterThanOrEqual(recorded);
    expect(durationMs - recorded).toBeLessThan(1);
    expect(Number.isInteger(durationMs)).toBe(false);
    await tracer.shutdown();
  });
});
