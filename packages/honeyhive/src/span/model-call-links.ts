import { type Context, type Span, type SpanContext, trace } from "@opentelemetry/api";
import type { Span as SdkSpan } from "@opentelemetry/sdk-trace-base";
import { spanEventType, statedEventType } from "../semconv/event-type";
import { SpanSlot, newSlotFallback } from "./span-slot";

/** A model event of one LLM call: its span and the usage handed up by the nested spans it absorbed. */
export interface ModelCallState {
  readonly span: SdkSpan;
  /** Summed usage of absorbed nested model spans (see semconv/model-call.ts). */
  absorbedUsage: Record<string, number> | undefined;
}

/** The model calls a live span takes part in. */
export interface ModelCallLinks {
  /** The span's own call, when it is a model span. */
  readonly own: ModelCallState | undefined;
  /** The outermost model span enclosing it, when there is one (the call's model event). */
  readonly enclosing: ModelCallState | undefined;
}

/**
 * Links are attached to the span's SpanContext object, not to the span: instrumentations hand their children
 * a wrapper of their span (OpenInference's OISpan) or only its span context (`trace.setSpanContext`, as
 * OpenInference's LangChain tracer does for child runs), and both give back the same SpanContext object.
 * Only spans inside or being a model call get an entry; it is cleared when the span ends.
 */
const fallback = newSlotFallback<ModelCallLinks>();
const links = new SpanSlot<ModelCallLinks>(Symbol.for("honeyhive.model_call_links"), () => fallback);

function isReadable(span: Span): span is Span & SdkSpan {
  const attributes = (span as Partial<SdkSpan>).attributes;
  return typeof attributes === "object" && attributes !== null && typeof (span as Partial<SdkSpan>).name === "string";
}

/** A parent found while a child starts: typed as it will be typed at its end (heuristics included). */
function isModel(span: SdkSpan): boolean {
  return spanEventType(span.attributes, span.name) === "model";
}

/**
 * A span that just started: a model span only when it states or declares it (explicit type or a convention's
 * kind attribute, all set at start by the instrumentations that nest model spans); the name and attribute
 * heuristics are left out of this per-span check (they run when the span ends).
 */
function statesModel(span: SdkSpan): boolean {
  return statedEventType(span.attributes) === "model";
}

/**
 * The outermost model call enclosing a span about to start in `parentContext`. A parent that never got links
 * (an own light span, created without a processor) is typed from its attributes now and linked if it is a
 * model span, so its end finds the usage it absorbed.
 */
function enclosingCall(parentContext: Context): ModelCallState | undefined {
  const parent = trace.getSpan(parentContext);
  if (parent === undefined) return undefined;
  const parentContextObject = parent.spanContext();
  const parentLinks = links.get(parentContextObject);
  if (parentLinks !== undefined) return parentLinks.enclosing ?? parentLinks.own;
  if (!isReadable(parent) || parent.ended === true || !isModel(parent)) return undefined;
  const own: ModelCallState = { span: parent, absorbedUsage: undefined };
  links.set(parentContextObject, { own, enclosing: undefined });
  return own;
}

/**
 * Links a span that just started (a routed span: its start attributes are set) to its model call: its own
 * when it is a model span, and the enclosing one of its parent context. Nothing is written for spans outside
 * any model call.
 */
export function linkModelCall(span: SdkSpan, parentContext: Context): void {
  const enclosing = enclosingCall(parentContext);
  const own = statesModel(span) ? { span, absorbedUsage: undefined } : undefined;
  if (own !== undefined || enclosing !== undefined) links.set(span.spanContext(), { own, enclosing });
}

/** The model-call links of a span (undefined outside any model call). */
export function modelCallLinksOf(span: { spanContext(): SpanContext }): ModelCallLinks | undefined {
  return links.get(span.spanContext());
}

/** Forgets an ended span's links. */
export function unlinkModelCall(span: { spanContext(): SpanContext }): void {
  links.delete(span.spanContext());
}
