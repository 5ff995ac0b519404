import { type Attributes, type Context, type HrTime, ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, context, trace } from "@opentelemetry/api";
import { TraceState } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { DecodedSpan } from "../../packages/dev-server/src/otlp/index";

/** Resource attributes used by the fixtures (also the provider's resource, so both encoders agree). */
export const FIXTURE_RESOURCE: Attributes = { "service.name": "fixture", "deployment.environment": "test", "host.cores": 8 };

/**
 * Real spans from a BasicTracerProvider covering every field the encoders write: kinds, statuses, events,
 * links with trace state, a remote parent, dropped counts, several scopes, and every attribute type.
 */
export function makeVariedSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(FIXTURE_RESOURCE),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    spanLimits: { attributeCountLimit: 40, eventCountLimit: 3, linkCountLimit: 2 },
  });
  const a = provider.getTracer("scope-a", "1.0.0");
  const b = provider.getTracer("scope-b", undefined, { schemaUrl: "https://opentelemetry.io/schemas/1.30.0" });
  const c = provider.getTracer("scope-a", "1.0.0");
  const long = "x".repeat(200) + "é".repeat(100);
  const huge = "y".repeat(20_000);
  const root = a.startSpan("root ✓", {
    kind: SpanKind.SERVER,
    startTime: [1_700_000_000, 123_456_789],
    attributes: {
      empty: "", ascii: "hello", unicode: "héllo wörld ✓ 🚀", long, huge,
      zero: 0, negZero: -0, one: 1, neg: -42, maxSafe: Number.MAX_SAFE_INTEGER, minSafe: Number.MIN_SAFE_INTEGER,
      bigInt: 2 ** 60, negBigInt: -(2 ** 62), dbl: 3.25, tiny: 5e-324, nan: NaN, inf: Infinity, ninf: -Infinity, huge64: 1e30,
      yes: true, no: false,
      strs: ["a", "", "ü"], ints: [1, -2, 3_000_000_000], dbls: [0.5, -1.5], bools: [true, false], emptyArr: [],
      withNull: ["a", null as unknown as string, "b"],
    },
  });
  root.setStatus({ code: SpanStatusCode.OK });
  const rootCtx = trace.setSpan(ROOT_CONTEXT, root);
  const remoteParent: Context = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", traceFlags: TraceFlags.SAMPLED, isRemote: true,
    traceState: new TraceState("vendor=value,other=1"),
  });
  const child = b.startSpan("child", {
    kind: SpanKind.CLIENT,
    links: [
      { context: root.spanContext(), attributes: { why: "follows", n: 2 } },
      { context: trace.getSpanContext(remoteParent)! },
      { context: root.spanContext() },
    ],
  }, rootCtx);
  for (let i = 0; i < 5; i++) child.addEvent(`event-${i}`, { i, label: `e${i}` }, [1_700_000_001, i]);
  for (let i = 0; i < 45; i++) child.setAttribute(`attr.${i}`, i);
  child.setStatus({ code: SpanStatusCode.ERROR, message: "it broke: ✗" });
  child.end([1_700_000_002, 999_999_999]);
  const remoteChild = c.startSpan("remote-child", { kind: SpanKind.CONSUMER }, remoteParent);
  remoteChild.end();
  const producer = a.startSpan("producer", { kind: SpanKind.PRODUCER }, rootCtx);
  producer.end();
  context.with(rootCtx, () => a.startSpan("internal").end());
  root.end([4_294_967_295, 999_999_999]);
  return exporter.getFinishedSpans();
}

/** Sorts decoded spans by span id (encoders may order scopes differently). */
export function bySpanId(spans: DecodedSpan[]): DecodedSpan[] {
  return [...spans].sort((x, y) => (x.spanId < y.spanId ? -1 : x.spanId > y.spanId ? 1 : 0));
}

/** Nanoseconds of an HrTime as a bigint. */
export function hrNanos(time: HrTime): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}
