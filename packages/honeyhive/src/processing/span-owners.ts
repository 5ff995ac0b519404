import { type Context, trace } from "@opentelemetry/api";
import type { TracerHandle } from "../context/tracer-handle";
import { sharedState } from "../internal/process-state";
import { type SlotFallback, SpanSlot, newSlotFallback } from "../span/span-slot";

/**
 * The tracer of each live routed span, so a child started in a context that carries its parent span but no
 * HoneyHive tracer follows its parent. That happens with spans created through `tracer.getTracer()` (e.g. the
 * Vercel AI SDK's `new OpenTelemetry({ tracer })`): the library keeps its own contexts, which hold its spans but
 * not the tracer, so an HTTP or LLM instrumentation span started under them would otherwise go to the default
 * tracer (another session) or nowhere. The owner is attached to the span (see {@link SpanSlot}) and cleared
 * when the span ends, so nothing keeps a tracer alive beyond its spans. The key is `Symbol.for(…)` and the
 * fallback store is in the global slot, so processors of two copies of the package agree.
 */
let cachedSlot: object | undefined;
let cachedFallback = newSlotFallback<TracerHandle>();

function fallback(): SlotFallback<TracerHandle> {
  const slot = sharedState();
  if (slot !== cachedSlot) {
    slot.spanOwnersFallback ??= newSlotFallback<TracerHandle>();
    cachedSlot = slot;
    cachedFallback = slot.spanOwnersFallback as SlotFallback<TracerHandle>;
  }
  return cachedFallback;
}

const owners = new SpanSlot<TracerHandle>(Symbol.for("honeyhive.span_owner"), fallback);

/** Records that `span` (started, not ended) belongs to `tracer`. */
export function rememberSpanOwner(span: object, tracer: TracerHandle): void {
  owners.set(span, tracer);
}

/** Forgets an ended span. */
export function forgetSpanOwner(span: object): void {
  owners.delete(span);
}

/** The tracer owning the live span held by `parentContext`, if that span was routed by a HoneyHiveSpanProcessor. */
export function ownerOfParentSpan(parentContext: Context): TracerHandle | undefined {
  const parent = trace.getSpan(parentContext);
  return parent === undefined ? undefined : owners.get(parent);
}
