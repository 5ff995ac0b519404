import { type Context, type Span, type SpanOptions, type Tracer, context, trace as otelTrace } from "@opentelemetry/api";
import { getActiveTracer, setActiveTracer } from "../context/active-tracer";
import type { TracerHandle } from "../context/tracer-handle";

/**
 * An OpenTelemetry `Tracer` whose spans belong to one HoneyHive tracer even when started outside its
 * context — what the Vercel AI SDK's `experimental_telemetry: { tracer }` and similar options expect.
 */
export function createBoundOtelTracer(handle: TracerHandle, inner: Tracer = handle.otelTracer): Tracer {
  const bind = (ctx: Context): Context => (getActiveTracer(ctx) === handle ? ctx : setActiveTracer(ctx, handle));
  const startSpan = (name: string, options?: SpanOptions, ctx?: Context): Span => inner.startSpan(name, options, bind(ctx ?? context.active()));
  function startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = (rest.length >= 2 ? rest[0] : undefined) as SpanOptions | undefined;
    const parent = bind((rest.length >= 3 ? (rest[1] as Context | undefined) : undefined) ?? context.active());
    const span = inner.startSpan(name, options, parent);
    return context.with(otelTrace.setSpan(parent, span), () => fn(span)) as ReturnType<F>;
  }
  return { startSpan, startActiveSpan } as Tracer;
}
