/**
 * Issue 11, requirement 1: the SDK's light span (`HoneyHiveSpan`) and the OpenTelemetry SDK span, fed the same
 * calls, must look the same to an exporter. fast-check generates call sequences (attributes of every kind,
 * events and links in every argument form, statuses, renames, exceptions, calls after end) and every
 * `ReadableSpan` field an exporter reads is compared. Span ids are random in both, so only their form and the
 * inherited trace id are compared. Times are given explicitly (the two spans read the clock at different instants
 * otherwise; span-clock.test.ts checks that they read the same clock).
 */
import { type AttributeValue, type Attributes, type HrTime, type Link, type SpanContext, SpanStatusCode, type TimeInput, TraceFlags, context, trace } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, type ReadableSpan, type Span as SdkSpan } from "@opentelemetry/sdk-trace-base";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SDK_VERSION } from "../../packages/honeyhive/src/api-client/sdk-version";
import { HoneyHiveSpan, type SpanOwner } from "../../packages/honeyhive/src/span/honeyhive-span";
import { wallStart } from "../../packages/honeyhive/src/span/span-clock";
import { SPAN_LIMITS } from "../../packages/honeyhive/src/span/span-limits";
import { DEFAULT_NORMALIZE_BUDGET } from "../../packages/honeyhive/src/normalize";

const resource = resourceFromAttributes({ "service.name": "differential" });
const provider = new BasicTracerProvider({ resource, spanLimits: { ...SPAN_LIMITS } }); // the SDK's own provider's limits
const sdkTracer = provider.getTracer("honeyhive", SDK_VERSION);
const owner: SpanOwner = {
  resource,
  instrumentationScope: { name: "honeyhive", version: SDK_VERSION },
  sink: { onSpanEnding: () => undefined, onSpanEnd: () => undefined },
  attributeBudget: DEFAULT_NORMALIZE_BUDGET,
};

/** One call on a span. */
type Op = (span: SdkSpan | HoneyHiveSpan) => void;

const epochSeconds = fc.integer({ min: 1_600_000_000, max: 1_900_000_000 });
const hrTime = fc.tuple(epochSeconds, fc.integer({ min: 0, max: 999_999_999 })).map(([s, n]) => [s, n] as HrTime);
const timeInput: fc.Arbitrary<TimeInput> = fc.oneof(
  hrTime,
  epochSeconds.map((s) => new Date(s * 1000 + 123)),
  epochSeconds.map((s) => s * 1000 + 0.5), // epoch milliseconds
);
const key = fc.oneof(fc.constantFrom("a", "b", "honeyhive_inputs.x", "toString", "constructor", "hasOwnProperty", ""), fc.string({ maxLength: 4 }));
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 8 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }), fc.array(fc.oneof(fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }), // mixed: invalid
  fc.constant({ nested: true }), fc.constant(Symbol.for("x")), fc.bigInt(),
);
const attributes = fc.dictionary(key, value, { maxKeys: 5 }).map((a) => a as Attributes);
const validContext = fc.record({
  traceId: fc.stringMatching(/^[0-9a-f]{32}$/), spanId: fc.stringMatching(/^[0-9a-f]{16}$/), traceFlags: fc.constantFrom(TraceFlags.NONE, TraceFlags.SAMPLED),
}).filter((c) => !/^0+$/.test(c.traceId) && !/^0+$/.test(c.spanId)) as fc.Arbitrary<SpanContext>;
const exception = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.string({ maxLength: 5 }).map((m) => new TypeError(m)),
  fc.record({ code: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.string({ maxLength: 3 })), message: fc.string({ maxLength: 3 }) }, { requiredKeys: [] }).map((r) => ({ ...r })),
  fc.record({ name: fc.string({ maxLength: 3 }), stack: fc.string({ maxLength: 3 }) }, { requiredKeys: [] }).map((r) => ({ ...r })), // plain objects: the SDK throws on null-prototype ones
);

/** Names an op after its call, so a counterexample shows what was called with what. */
const named = (op: Op, call: string, args: unknown[]): Op => Object.assign(op, { toString: () => `${call}(${args.map((a) => fc.stringify(a)).join(", ")})` });

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(key, value).map(([k, v]) => named((s) => s.setAttribute(k, v as AttributeValue), "setAttribute", [k, v])),
  attributes.map((a) => named((s) => s.setAttributes(a), "setAttributes", [a])),
  // values changed by the caller after the call must not change the span
  fc.tuple(key, fc.array(fc.string({ maxLength: 2 }), { maxLength: 2 })).map(([k, v]) => named((s) => {
    const mine = [...v];
    s.setAttribute(k, mine);
    mine.push("changed later");
  }, "setAttribute+mutate", [k, v])),
  fc.tuple(fc.string({ maxLength: 2 }), timeInput).map(([name, time]) => named((s) => {
    const mine: Attributes = { a: "1" };
    s.addEvent(name, mine, time);
    mine["b"] = "changed later";
  }, "addEvent+mutate", [name, time])),
  fc.tuple(fc.string({ maxLength: 4 }), fc.option(attributes, { nil: undefined }), timeInput, fc.nat(2)).map(([name, attrs, time, form]): Op => (s) => {
    if (form === 0) s.addEvent(name, attrs ?? {}, time);
    else if (form === 1) s.addEvent(name, time);
    else s.addEvent(name, attrs, time);
  }),
  fc.tuple(validContext, fc.option(attributes, { nil: undefined })).map(([ctx, attrs]): Op => (s) => s.addLink(attrs === undefined ? { context: ctx } : { context: ctx, attributes: attrs })),
  fc.array(validContext, { maxLength: 2 }).map((ctxs): Op => (s) => s.addLinks(ctxs.map((c): Link => ({ context: c })))),
  fc.tuple(fc.constantFrom(SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR, 7 as SpanStatusCode), fc.option(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { nil: undefined }))
    .map(([code, message]): Op => (s) => s.setStatus({ code, message: message as string | undefined })),
  fc.string({ maxLength: 4 }).map((name): Op => (s) => s.updateName(name)),
  fc.tuple(exception, timeInput).map(([e, time]): Op => (s) => s.recordException(e as never, time)),
);

/** Objects as entry lists, so keys such as "constructor" compare as data (the matcher reads `constructor` for types). */
function entries(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(entries);
  if (typeof value === "object" && value !== null) return Object.entries(value).map(([k, v]) => [k, entries(v)]);
  return value;
}

/** Everything an exporter reads from a ReadableSpan, with the random ids reduced to their form. */
function exporterView(span: ReadableSpan): Record<string, unknown> {
  const ctx = span.spanContext();
  return {
    name: span.name,
    kind: span.kind,
    spanContext: { traceFlags: ctx.traceFlags, traceState: ctx.traceState, isRemote: ctx.isRemote, spanIdForm: /^[0-9a-f]{16}$/.test(ctx.spanId), traceIdForm: /^[0-9a-f]{32}$/.test(ctx.traceId) },
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    duration: span.duration,
    status: span.status,
    attributes: entries(span.attributes),
    events: entries(span.events),
    links: entries(span.links),
    resource: span.resource.attributes,
    instrumentationScope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version },
    ended: span.ended,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/** Runs the same calls on a light span and an SDK span and returns both. */
function runBoth(name: string, parent: SpanContext | undefined, ops: readonly Op[], endTime: HrTime, afterEnd: readonly Op[]): [ReadableSpan, ReadableSpan] {
  const clock = { epochMs: Date.now(), monotonicMs: performance.now() };
  const startTime = wallStart(clock.epochMs);
  const parentContext = parent ? trace.setSpanContext(context.active(), parent) : context.active();
  const sdk = sdkTracer.startSpan(name, { startTime }, parentContext) as SdkSpan;
  const light = new HoneyHiveSpan(owner, name, parent, {}, 0, undefined, clock);
  for (const span of [sdk, light]) {
    for (const call of ops) call(span);
    span.end(endTime);
    for (const call of afterEnd) call(span);
  }
  return [light, sdk];
}

describe("light span vs OpenTelemetry SDK span: what an exporter reads", () => {
  it("matches for random call sequences", () => {
    const parent = fc.option(validContext.map((c) => ({ ...c, traceFlags: TraceFlags.SAMPLED })), { nil: undefined });
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), parent, fc.array(op, { maxLength: 25 }), fc.integer({ min: -5, max: 5_000_000_000 }), fc.array(op, { maxLength: 3 }), (name, p, ops, endOffsetNs, afterEnd) => {
        const start = wallStart(Date.now());
        const endNs = start[1] + endOffsetNs;
        const end: HrTime = [start[0] + Math.floor(endNs / 1e9), ((endNs % 1e9) + 1e9) % 1e9];
        const [light, sdk] = runBoth(name, p, ops, end, afterEnd);
        expect(exporterView(light)).toStrictEqual(exporterView(sdk));
        if (p) expect(light.spanContext().traceId).toBe(sdk.spanContext().traceId);
      }),
      { numRuns: 400 },
    );
  });

  it("matches at the limits: attributes, events and links beyond their counts", () => {
    const ops: Op[] = [];
    for (let i = 0; i < 1030; i++) ops.push((s) => s.setAttribute(`k${i}`, i));
    for (let i = 0; i < 1030; i++) ops.push((s) => s.addEvent(`e${i}`, { i }, [1_700_000_000, i]));
    for (let i = 0; i < 130; i++) ops.push((s) => s.addLink({ context: { traceId: "1".repeat(32), spanId: i.toString(16).padStart(16, "0").replace(/^0{16}$/, "1".repeat(16)), traceFlags: 1 } }));
    ops.push((s) => s.addEvent("big", Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`a${i}`, i])), [1_700_000_000, 5]));
    const [light, sdk] = runBoth("limits", undefined, ops, [1_900_000_000, 0], []);
    expect(exporterView(light)).toStrictEqual(exporterView(sdk));
    expect(light.droppedAttributesCount).toBe(6);
  });
});
