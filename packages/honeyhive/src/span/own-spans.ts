import { type Context, type HrTime, type Span, type Tracer, isSpanContextValid, trace } from "@opentelemetry/api";
import type { Span as SdkSpan } from "@opentelemetry/sdk-trace-base";
import { type OwnSpanStart, markOwnSpanStart } from "../context/own-span-mark";
import type { SpanSink, TracerHandle } from "../context/tracer-handle";
import { HoneyHiveSpan, type SpanOwner } from "./honeyhive-span";
import { DELIVERED_BY_SDK, routeOf, setRoute } from "./span-route";
import type { StampCache } from "./stamp-cache";
import { runSpanStartHooks } from "../seam/span-start-hooks";

/** What {@link OwnSpans} needs from the tracer it starts spans for. */
interface OwnSpansOptions {
  /** Resource, scope and sink of the tracer's light spans. */
  readonly owner: SpanOwner;
  /** The tracer's one stamp cache. */
  readonly stamps: StampCache;
  /** The tracer (the owner a session scope must name, and the tracer an own-span mark names). */
  readonly handle: TracerHandle;
  /** Counts a started light span (`span`, stamped); `sessionId` is the session it was stamped into, `startTime` its start. */
  onStarted(sessionId: string, startTime: HrTime, span: HoneyHiveSpan): void;
  /**
   * The tracer's routing hook (stamps, counts, returns the sink): used for a span of the application's provider
   * that no HoneyHiveSpanProcessor of that provider routed.
   */
  route(span: SdkSpan, parentContext: Context): SpanSink | undefined;
  /**
   * The application's provider's tracer (asked at each span start) when the application registered its own
   * provider: own spans are started through it, so its processors and exporter see them. Undefined when HoneyHive's
   * provider is the global one (no other processor can see a span then, so the light span is used).
   */
  appTracer(): Tracer | undefined;
}

function isReadableLike(span: Span): span is Span & SdkSpan {
  const attributes = (span as Partial<SdkSpan>).attributes;
  return typeof attributes === "object" && attributes !== null;
}

/**
 * Starts a tracer's own spans (`trace()`, `startSpan()`, evaluate()). Every own span is stamped from the one
 * stamp cache and ends in the tracer's one sink (event type, mask, export), as routed third-party spans do.
 *
 * - When HoneyHive's provider is the global one, an own span is a {@link HoneyHiveSpan}: the provider's only
 *   processor is HoneyHive's router, which the light span replaces one to one at a fraction of the cost.
 * - When the application registered its own provider, an own span is that provider's span, so the
 *   application's processors and exporter get it (parents of instrumentation spans included). Its parent
 *   context carries an explicit {@link OwnSpanStart} mark naming this tracer: a HoneyHiveSpanProcessor among
 *   them routes it to that tracer and records the span on the mark; without one, HoneyHive routes it itself
 *   here. Either way the decision is one {@link SpanRoute} in the one span → route slot, and HoneyHive gets
 *   the span exactly once ({@link endProviderSpan} delivers the routes the SDK made).
 * - When the application's sampler does not record it, a light span with the same (unsampled) context is
 *   recorded for HoneyHive only; the application's backend keeps its sampling decision for the subtree.
 */
export class OwnSpans {
  readonly #options: OwnSpansOptions;

  constructor(options: OwnSpansOptions) {
    this.#options = options;
  }

  /** Starts an own span named `name` as a child of the span in `parentContext`, stamped. */
  start(name: string, parentContext: Context): Span {
    const app = this.#options.appTracer();
    return app === undefined ? this.#startLight(name, parentContext) : this.#startThrough(app, name, parentContext);
  }

  #startLight(name: string, parentContext: Context, decided?: Span): Span {
    const { owner, stamps, handle } = this.#options;
    const parent = trace.getSpanContext(parentContext);
    const template = stamps.templateFor(parentContext, handle);
    // Object.assign, not spread: a spread clone of this template lands in a slow object shape in V8 (measured ~20x slower writes).
    const attributes = Object.assign({}, template.attributes);
    const span = new HoneyHiveSpan(owner, name, parent && isSpanContextValid(parent) ? parent : undefined, attributes, template.count, decided?.spanContext());
    stamps.stampContext(span, parentContext, template.sessionId);
    runSpanStartHooks(span, parentContext);
    this.#options.onStarted(template.sessionId, span.startTime, span);
    return span;
  }

  #startThrough(app: Tracer, name: string, parentContext: Context): Span {
    const mark: OwnSpanStart = { tracer: this.#options.handle, routed: undefined };
    let span: Span;
    try {
      span = app.startSpan(name, undefined, markOwnSpanStart(parentContext, mark));
    } catch {
      // Another processor of the application threw in onStart. If HoneyHive's had already routed the span,
      // that span is complete and is used as is (so it ends once); otherwise a light span is recorded.
      return (mark.routed as Span | undefined) ?? this.#startLight(name, parentContext);
    }
    if (mark.routed === span) return span;
    if (!span.isRecording()) return this.#startLight(name, parentContext, span);
    if (!isReadableLike(span)) {
      // an exotic provider whose spans HoneyHive cannot read: the application keeps an empty span, HoneyHive the light one
      span.end();
      return this.#startLight(name, parentContext);
    }
    let sink: SpanSink | undefined;
    try {
      sink = this.#options.route(span, parentContext);
    } catch {
      sink = undefined; // the span stays the application's; finishSpan still ends it
    }
    if (sink) {
      setRoute(span as SdkSpan, parentContext, sink, DELIVERED_BY_SDK, this.#options.handle);
      runSpanStartHooks(span, parentContext);
    }
    return span;
  }
}

function quietly(step: () => void): void {
  try {
    step();
  } catch {
    // each end step runs even when another failed
  }
}

/**
 * Ends an own span that is not a {@link HoneyHiveSpan} (exactly once for HoneyHive): a span HoneyHive routes
 * itself is finished (event type, mask) while writable, ended, then handed to its sink; any other span is
 * simply ended (its provider's processors do the rest).
 */
export function endProviderSpan(span: Span): void {
  const route = routeOf(span);
  if (route?.deliverer !== DELIVERED_BY_SDK) {
    span.end();
    return;
  }
  const { sink } = route;
  const sdkSpan = span as SdkSpan;
  if (!sdkSpan.ended) quietly(() => sink.onSpanEnding(sdkSpan));
  quietly(() => span.end());
  sink.onSpanEnd(sdkSpan);
}
