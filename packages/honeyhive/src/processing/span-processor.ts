import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { getActiveTracer } from "../context/active-tracer";
import { getDefaultTracerHandle } from "../context/default-tracer";
import type { SpanSink } from "../context/tracer-handle";
import { forgetSpanOwner, ownerOfParentSpan, rememberSpanOwner } from "./span-owners";
import { SpanSlot, newSlotFallback } from "../span/span-slot";
import { registerModuleCache } from "../internal/process-state";
import { noteInternalError } from "../internal/guard";
import { readPlainOptions } from "../config/options-snapshot";
import { answerProcessorProbe } from "./processor-probe";

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
 * that context holds a parent span but no tracer, to the parent span's tracer): that tracer stamps its
 * session, source, project and eval ids on the span and exports it through its own pipeline with its own key. Add it to your own provider when your application already registered one
 * (NodeSDK, Sentry, `@vercel/otel`); the SDK adds it to its own provider otherwise.
 */
export class HoneyHiveSpanProcessor implements SpanProcessor {
  /** Each span's sink, attached to the span under this processor's own key (two processors never share routes). */
  private readonly routes: SpanSlot<SpanSink>;
  private readonly unattributed: "default" | "drop";

  constructor(options: HoneyHiveSpanProcessorOptions = {}) {
    this.unattributed = readPlainOptions(options, ["unattributedSpans"]).unattributedSpans === "drop" ? "drop" : "default";
    const fallback = newSlotFallback<SpanSink>();
    this.routes = new SpanSlot(Symbol("honeyhive.route"), () => fallback);
    if (!creatingSdkProcessor) applicationProcessors++;
  }

  /** Decides the span's tracer from its parent context and lets that tracer stamp it. */
  onStart(span: Span, parentContext: Context): void {
    try {
      if (answerProcessorProbe(parentContext)) return; // diagnose() asking whether this provider has us
      const tracer =
        getActiveTracer(parentContext) ?? ownerOfParentSpan(parentContext) ?? (this.unattributed === "default" ? getDefaultTracerHandle() : undefined);
      if (!tracer) return;
      const sink = tracer.onSpanStart(span, parentContext);
      if (!sink) return;
      this.routes.set(span, sink);
      rememberSpanOwner(span, tracer);
    } catch (error) {
      noteInternalError(error); // routing must never break span creation
    }
  }

  /** Lets the owning tracer finish the span while it is still writable (event type, masking). */
  onEnding(span: Span): void {
    try {
      this.routes.get(span)?.onSpanEnding(span);
    } catch (error) {
      noteInternalError(error); // never break span.end()
    }
  }

  /** Hands the ended span to its tracer's pipeline. */
  onEnd(span: ReadableSpan): void {
    try {
      const sink = this.routes.get(span);
      if (!sink) return;
      this.routes.delete(span);
      forgetSpanOwner(span);
      sink.onSpanEnd(span);
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
let creatingSdkProcessor = false;
registerModuleCache("processing/span-processor", {
  clear: () => {
    applicationProcessors = 0;
  },
  size: () => applicationProcessors,
});

/** Creates the processor of the SDK's own provider (not counted as one the application created). */
export function createSdkSpanProcessor(): HoneyHiveSpanProcessor {
  creatingSdkProcessor = true;
  try {
    return new HoneyHiveSpanProcessor();
  } finally {
    creatingSdkProcessor = false;
  }
}

/** True once the application constructed a HoneyHiveSpanProcessor (for its own provider) in this process. */
export function wasSpanProcessorCreated(): boolean {
  return applicationProcessors > 0;
}
