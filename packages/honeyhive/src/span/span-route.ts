import { type Context, trace } from "@opentelemetry/api";
import type { SpanSink, TracerHandle } from "../context/tracer-handle";
import { sharedState } from "../internal/process-state";
import { type SlotFallback, SpanSlot, newSlotFallback } from "./span-slot";

/**
 * The one routing decision of a live span, attached to the span (the one span → sink slot of the SDK): where it
 * ends, who delivers it, and the model call it is part of. Written once at start by whoever routed the span
 * (a HoneyHiveSpanProcessor, or the SDK itself for an own span of a provider without one); read at its end.
 * (The model call a span belongs to is kept on its span context: see model-call-links.ts.)
 */
export interface SpanRoute {
  readonly sink: SpanSink;
  /**
   * Who calls the sink's end hooks: the HoneyHiveSpanProcessor that routed the span, or {@link DELIVERED_BY_SDK}
   * (the SDK ends and delivers the span itself). A processor delivers only the routes it made, so a span is
   * delivered exactly once even with two processors on one provider.
   */
  readonly deliverer: object;
  /**
   * The tracer the span was routed to, so a child started in a context that holds this span but no HoneyHive
   * tracer follows its parent (libraries that keep their own contexts, e.g. the AI SDK with `tracer.getTracer()`).
   */
  readonly owner: TracerHandle | undefined;
}

/** The deliverer of the own spans of an application's provider without a HoneyHiveSpanProcessor: the SDK ends and delivers them itself. */
export const DELIVERED_BY_SDK: object = Object.freeze({ deliverer: "honeyhive-sdk" });

let cachedSlot: object | undefined;
let cachedFallback = newSlotFallback<SpanRoute>();

function fallback(): SlotFallback<SpanRoute> {
  const slot = sharedState();
  if (slot !== cachedSlot) {
    slot.spanRoutesFallback ??= newSlotFallback<SpanRoute>();
    cachedSlot = slot;
    cachedFallback = slot.spanRoutesFallback as SlotFallback<SpanRoute>;
  }
  return cachedFallback;
}

/** Each live routed span's {@link SpanRoute} (`Symbol.for`, so copies of the package agree). */
export const spanRoutes = new SpanSlot<SpanRoute>(Symbol.for("honeyhive.span_route"), fallback);

/** The tracer owning the live span held by `parentContext`, if that span was routed. */
export function ownerOfParentSpan(parentContext: Context): TracerHandle | undefined {
  const parent = trace.getSpan(parentContext);
  return parent === undefined ? undefined : spanRoutes.get(parent)?.owner;
}

