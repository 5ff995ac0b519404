import { type Context, INVALID_SPAN_CONTEXT, type Span, type SpanOptions, type Tracer, context, trace as otelTrace } from "@opentelemetry/api";
import { getActiveTracer, setActiveTracer } from "../context/active-tracer";
import type { TracerHandle } from "../context/tracer-handle";
import { guard, noteInternalError } from "../internal/guard";

function spanName(name: unknown): string {
  return typeof name === "string" ? name : guard(() => String(name), "span");
}

/**
 * An OpenTelemetry `Tracer` whose spans belong to one HoneyHive tracer even when started outside its
 * context — what the Vercel AI SDK's `experimental_telemetry: { tracer }` and similar options expect. Never
 * throws: hostile names or options fall back to a plain span, then to a non-recording one (counted).
 */
export function createBoundOtelTracer(handle: TracerHandle, inner: Tracer = handle.otelTracer): Tracer {
  const bind = (ctx: Context): Context => (getActiveTracer(ctx) === handle ? ctx : setActiveTracer(ctx, handle));
  const start = (name: unknown, options: SpanOptions | undefined, ctx: Context | undefined): Span => {
    try {
      return inner.startSpan(spanName(name), options, bind(ctx ?? context.active()));
    } catch (error) {
      noteInternalError(error);
      return guard(() => inner.startSpan(spanName(name), undefined, bind(context.active())), otelTrace.wrapSpanContext(INVALID_SPAN_CONTEXT));
    }
  };
  const startSpan = (name: string, options?: SpanOptions, ctx?: Context): Span => start(name, options, ctx);
  function startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = (rest.length >= 2 ? rest[0] : undefined) as SpanOptions | undefined;
    const parent = guard(() => bind((rest.length >= 3 ? (rest[1] as Context | undefined) : undefined) ?? context.active()), context.active());
    const span = start(name, options, parent);
    return context.with(guard(() => otelTrace.setSpan(parent, span), context.active()), () => fn(span)) as ReturnType<F>;
  }
  return { startSpan, startActiveSpan } as Tracer;
}
