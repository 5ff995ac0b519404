import { type Context, type Span, type SpanContext, isSpanContextValid, trace } from "@opentelemetry/api";
import type { ReadableSpan, Span as SdkSpan } from "@opentelemetry/sdk-trace-base";
import type { SpanSink, TracerHandle } from "../context/tracer-handle";
import { sharedState } from "../internal/process-state";
import { spanEventType } from "@honeyhive/core/semconv/event-type";
import type { StreamFacts } from "@honeyhive/core/semconv/stream-facts";
import { type SlotFallback, SpanSlot, newSlotFallback } from "./span-slot";

/** A model event of one LLM call: its span and the usage and stream facts handed up by the nested spans it absorbed. */
export interface ModelCallState {
  readonly span: SdkSpan;
  /** Summed usage of absorbed nested model spans (see semconv/model-call.ts). */
  absorbedUsage: Record<string, number> | undefined;
  /** Whether an absorbed nested model span streamed, and its time to first chunk (semconv/stream-facts.ts). */
  absorbedStream?: StreamFacts | undefined;
}

/** One model call contained in a span, as its ancestors take it (processing/step-io-lift.ts): read once, shared. */
export interface ContainedCall {
  readonly span: ReadableSpan;
  /** The call's side as a step's field, memoized (null: nothing read). */
  inputs?: Record<string, unknown> | null;
  outputs?: Record<string, unknown> | null;
}

/** The first and the last model call (by end) a span contains, at any depth outside another model call. */
export interface ContainedCalls {
  first: ContainedCall;
  last: ContainedCall;
}

/**
 * The one routing decision of a live span, as a value: where it ends, who delivers it, which tracer owns it and
 * which model call it is part of. Written once at start by whoever routed the span (a HoneyHiveSpanProcessor, or
 * the SDK itself for an own span of a provider without one); read by its children at their start and by its
 * sink at its end; forgotten when it ends.
 *
 * It is attached to the span's **SpanContext object** (the one span → route slot): instrumentations hand their
 * children a wrapper of their span (OpenInference's OISpan) or only its span context (`trace.setSpanContext`, as
 * OpenInference's LangChain tracer does for child runs), and all of them give back the same SpanContext object,
 * so a child always finds its parent's route.
 */
export interface SpanRoute {
  readonly sink: SpanSink;
  /**
   * Who calls the sink's end hooks: the HoneyHiveSpanProcessor that routed the span, {@link DELIVERED_BY_SDK}
   * (the SDK ends and delivers the span itself), or {@link LINK_ONLY} (a light span's model-call record; the light
   * span delivers itself). A processor delivers only the routes it made: a span is delivered exactly once.
   */
  readonly deliverer: object;
  /** The tracer the span was routed to (a child started where no tracer is active follows it). */
  readonly owner: TracerHandle | undefined;
  /** The span itself (readable, writable until it ends). */
  readonly span: SdkSpan;
  /** The outermost model call enclosing the span, if any (its model event). */
  readonly enclosing: ModelCallState | undefined;
  /** Whether the span is a model span, decided when its first child starts (memo). */
  isModel: boolean | undefined;
  /** The span's own call state, created when a child found it to be a model span. */
  own: ModelCallState | undefined;
  /** The route of the span's parent, when the parent was live and routed at the span's start. */
  readonly parent: SpanRoute | undefined;
  /**
   * The instrumentation scope of the span's parent at its start: null when it started as a root, undefined when the
   * parent's scope cannot be read (a remote or non-recording parent). The sibling rule's tie-break reads it.
   */
  readonly parentScope: string | null | undefined;
  /** The model calls the span contains, gathered as they end (processing/step-io-lift.ts). */
  calls: ContainedCalls | undefined;
}

/** The deliverer of own spans of an application's provider without a HoneyHiveSpanProcessor. */
export const DELIVERED_BY_SDK: object = Object.freeze({ deliverer: "honeyhive-sdk" });
/** The deliverer of a light span's route, which only records its model call. */
const LINK_ONLY: object = Object.freeze({ deliverer: "none" });

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

/** Routes by SpanContext object (`Symbol.for`, so copies of the package agree). */
const routes = new SpanSlot<SpanRoute>(Symbol.for("honeyhive.span_route"), fallback);

/** The route of a live span (or of any span/wrapper sharing its span context). */
export function routeOf(span: { spanContext(): SpanContext }): SpanRoute | undefined {
  return routes.get(span.spanContext());
}

/** Forgets an ended span's route. */
export function forgetRoute(span: { spanContext(): SpanContext }): void {
  routes.delete(span.spanContext());
}

const NO_SINK: SpanSink = { onSpanEnding: () => undefined, onSpanEnd: () => undefined };

function isReadable(span: Span): span is Span & SdkSpan {
  const attributes = (span as Partial<SdkSpan>).attributes;
  return typeof attributes === "object" && attributes !== null && typeof (span as Partial<SdkSpan>).name === "string";
}

function isModel(span: SdkSpan): boolean {
  return spanEventType(span.attributes, span.name, span.instrumentationScope?.name) === "model";
}

/**
 * The route of `parent`, the span a span is about to start under. A readable parent without a route (an own light
 * span) gets a link-only route when it is a model span, so its end finds what it absorbed.
 */
function parentRoute(parent: Span | undefined): SpanRoute | undefined {
  if (parent === undefined) return undefined;
  const sc = parent.spanContext();
  const route = routes.get(sc);
  if (route !== undefined) return route;
  if (!isReadable(parent) || parent.ended === true || !isSpanContextValid(sc) || !isModel(parent)) return undefined;
  const linkOnly: SpanRoute = {
    sink: NO_SINK, deliverer: LINK_ONLY, owner: undefined, span: parent, enclosing: undefined, isModel: true, own: undefined,
    parent: undefined, parentScope: undefined, calls: undefined,
  };
  routes.set(sc, linkOnly);
  return linkOnly;
}

/** The outermost model call enclosing a span started under the span of `route`: its enclosing call, else its own when it is a model span (typed from its attributes now, once). */
function enclosingCall(route: SpanRoute | undefined): ModelCallState | undefined {
  if (route === undefined) return undefined;
  if (route.enclosing !== undefined) return route.enclosing;
  route.isModel ??= isModel(route.span);
  if (!route.isModel) return undefined;
  route.own ??= { span: route.span, absorbedUsage: undefined };
  return route.own;
}

/** The instrumentation scope of `parent` (null: none, the span is a root; undefined: not readable). */
function scopeOfParent(parent: Span | undefined, route: SpanRoute | undefined): string | null | undefined {
  if (parent === undefined || !isSpanContextValid(parent.spanContext())) return null;
  if (route !== undefined) return route.span.instrumentationScope?.name;
  return isReadable(parent) ? parent.instrumentationScope?.name : undefined;
}

/** Records the routing decision of `span`, started in `parentContext`. */
export function setRoute(span: SdkSpan, parentContext: Context, sink: SpanSink, deliverer: object, owner: TracerHandle | undefined): void {
  const parentSpan = trace.getSpan(parentContext);
  const parent = parentRoute(parentSpan);
  routes.set(span.spanContext(), {
    sink, deliverer, owner, span, enclosing: enclosingCall(parent), isModel: undefined, own: undefined,
    parent, parentScope: scopeOfParent(parentSpan, parent), calls: undefined,
  });
}

/** The tracer owning the live span held by `parentContext` (the span, a wrapper of it, or its span context). */
export function ownerOfParentSpan(parentContext: Context): TracerHandle | undefined {
  const parent = trace.getSpan(parentContext);
  return parent === undefined ? undefined : routes.get(parent.spanContext())?.owner;
}
