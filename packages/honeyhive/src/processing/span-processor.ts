import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { getActiveTracer } from "../context/active-tracer";
import { getDefaultTracerHandle } from "../context/default-tracer";
import { ownSpanStartOf } from "../context/own-span-mark";
import { ownerOfParentSpan, routeOf, setRoute } from "../span/span-route";
import { registerModuleCache } from "../internal/process-state";
import { noteInternalError } from "../internal/guard";
import { readPlainOptions } from "../config/options-snapshot";
import { answerProcessorProbe } from "./processor-probe";
import { scopeCountOf } from "./scope-counts";
import { runSpanStartHooks } from "../seam/span-start-hooks";

/** Options of {@link HoneyHiveSpanProcessor}. */
export interface HoneyHiveSpanProcessorOptions {
  /**
   * Spans started with no HoneyHive tracer in their parent context: `"default"` sends them to the default
   * tracer (if there is one), `"drop"` ignores them. @defaultValue "default"
   */
  unattributedSpans?: "default" | "drop";
}

/**
 * Routes every span to the HoneyHive tracer that was active in the context the span was started in (or, when
 * that context holds a parent span but no tracer, to the parent span's tracer; an own span of the SDK to the
 * tracer its start mark names): that tracer stamps its
 * session, source, project and eval ids on the span and exports it through its own pipeline with its own key. Add it to your own provider when your application already registered one
 * (NodeSDK, Sentry, `@vercel/otel`); the SDK adds it to its own provider otherwise.
 */
export class HoneyHiveSpanProcessor implements SpanProcessor {
  private readonly unattributed: "default" | "drop";

  constructor(options: HoneyHiveSpanProcessorOptions = {}) {
    this.unattributed = readPlainOptions(options, ["unattributedSpans"]).unattributedSpans === "drop" ? "drop" : "default";
    // Counted when the application constructs one for its provider; the SDK's own provider uses the subclass below.
    if (new.target === HoneyHiveSpanProcessor) applicationProcessors++;
  }

  /**
   * Decides the span's tracer - the one named by the SDK's own-span mark, else the one active in the parent
   * context, else the parent span's - lets that tracer stamp it, and records the route on the span. A span
   * another HoneyHiveSpanProcessor already routed is left to it (delivered once).
   */
  onStart(span: Span, parentContext: Context): void {
    try {
      if (answerProcessorProbe(parentContext)) return; // diagnose() asking whether this provider has us
      if (routeOf(span) !== undefined) return;
      const count = scopeCountOf(span); // diagnose(): spans per instrumentation scope
      count.started++;
      const own = ownSpanStartOf(parentContext);
      const tracer =
        own?.tracer ?? getActiveTracer(parentContext) ?? ownerOfParentSpan(parentContext) ?? (this.unattributed === "default" ? getDefaultTracerHandle() : undefined);
      if (!tracer) return;
      const sink = tracer.onSpanStart(span, parentContext);
      if (!sink) return;
      setRoute(span, parentContext, sink, this, tracer);
      count.routed++;
      runSpanStartHooks(span, parentContext); // the features' start hooks (prompt links travel with the session routing)
      if (own) own.routed = span;
      else sink.onSpanStart?.(span);
    } catch (error) {
      noteInternalError(error); // routing must never break span creation
    }
  }

  /** Lets the owning tracer finish the span while it is still writable (event type, model call, masking). */
  onEnding(span: Span): void {
    try {
      const route = routeOf(span);
      if (route?.deliverer === this) route.sink.onSpanEnding(span);
    } catch (error) {
      noteInternalError(error); // never break span.end()
    }
  }

  /** Hands the ended span to its tracer's pipeline. */
  onEnd(span: ReadableSpan): void {
    try {
      const route = routeOf(span);
      if (route?.deliverer !== this) return;
      route.sink.onSpanEnd(span); // the sink forgets the route
    } catch (error) {
      noteInternalError(error); // never break span.end()
    }
  }

  /** Each tracer flushes its own pipeline; nothing is buffered here. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to release: routes are weak and pipelines belong to tracers. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let applicationProcessors = 0;
registerModuleCache("processing/span-processor", {
  clear: () => {
    applicationProcessors = 0;
  },
  size: () => applicationProcessors,
});

/** The processor of the SDK's own provider: the same routing, not counted as one the application created. */
class SdkSpanProcessor extends HoneyHiveSpanProcessor {}

/** Creates the processor of the SDK's own provider (not counted as one the application created). */
export function createSdkSpanProcessor(): HoneyHiveSpanProcessor {
  return new SdkSpanProcessor();
}

/** True once the application constructed a HoneyHiveSpanProcessor (for its own provider) in this process. */
export function wasSpanProcessorCreated(): boolean {
  return applicationProcessors > 0;
}
