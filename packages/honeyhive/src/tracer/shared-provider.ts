import { ProxyTracerProvider, type Tracer, type TracerProvider, trace } from "@opentelemetry/api";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { SDK_VERSION } from "../api-client/sdk-version";
import { OWN_SCOPE_NAME } from "@honeyhive/core/semconv/attributes";
import { sharedState } from "../internal/process-state";
import type { Logger } from "../internal/logger";
import { createSdkSpanProcessor, wasSpanProcessorCreated } from "../processing/span-processor";
import { SPAN_LIMITS } from "../span/span-limits";

/** How the process-wide OpenTelemetry provider situation was found and handled. */
export type GlobalProviderSituation = "registered-by-honeyhive" | "existing-provider";

/** The provider shared by all HoneyHive tracers in the process. */
export interface SharedProvider {
  /**
   * The provider instrumentations (`instrumentations`, `instrumentModules`, `httpTracing`) are bound to. It is
   * the SDK's own provider, except when the application registered its own provider AND created a
   * `HoneyHiveSpanProcessor` for it: then it is the application's (global) provider, so instrumentation spans
   * keep flowing to the application's exporters and are routed by that processor, exactly once.
   */
  readonly provider: TracerProvider;
  /** Creates the spans of every HoneyHive tracer; each span is routed by its context. */
  readonly otelTracer: Tracer;
  /** The SDK's own provider (spans it creates are routed by context), for named tracers (`tracer.getTracer(name)`). */
  readonly ownProvider: TracerProvider;
  /**
   * The application's (global) provider's tracer when the application registered its own provider: the SDK's
   * own spans are started through it, so the application's processors and exporter see them too.
   */
  readonly appTracer: Tracer | undefined;
  readonly situation: GlobalProviderSituation;
}


/** The API's own no-op provider (what an empty proxy delegates to), taken by identity from this copy of the API. */
const API_NOOP_PROVIDER: TracerProvider = new ProxyTracerProvider().getDelegate();

/**
 * True when a provider is registered globally, decided by what the OpenTelemetry API reports, never by class
 * names (minifiers rename them: Next.js renamed NoopTracerProvider, so a name check took the no-op for a
 * real provider). The global proxy delegates to this API copy's no-op provider until one is registered;
 * a no-op from another copy of the API has no state of its own (a real provider always has some).
 */
function hasRegisteredGlobalProvider(): boolean {
  const current = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = typeof current.getDelegate === "function" ? current.getDelegate() : current;
  if (delegate === API_NOOP_PROVIDER) return false;
  return Object.keys(delegate).length > 0;
}

const EXISTING_PROVIDER =
  "an OpenTelemetry tracer provider is already registered (NodeSDK, Sentry, @vercel/otel…); HoneyHive did not replace it.";

function createSharedProvider(logger: Logger): SharedProvider {
  // OpenTelemetry SDK 2 providers take their processors at construction, so a HoneyHiveSpanProcessor the
  // application created before its provider was found was created for that provider.
  const applicationProcessor = wasSpanProcessorCreated();
  const own = new BasicTracerProvider({ spanProcessors: [createSdkSpanProcessor()], spanLimits: { ...SPAN_LIMITS } });
  const otelTracer = own.getTracer(OWN_SCOPE_NAME, SDK_VERSION);
  if (!hasRegisteredGlobalProvider() && trace.setGlobalTracerProvider(own)) {
    return { provider: own, otelTracer, ownProvider: own, appTracer: undefined, situation: "registered-by-honeyhive" };
  }
  const appTracer = trace.getTracer(OWN_SCOPE_NAME, SDK_VERSION);
  if (applicationProcessor) {
    // The documented setup: a note, not a warning (the processor cannot be seen inside the application's provider).
    logger.info(
      `${EXISTING_PROVIDER} Spans of instrumentations (including those given to HoneyHive) go through it and reach HoneyHive ` +
        "through the HoneyHiveSpanProcessor you created: make sure it is among that provider's span processors.",
    );
    return { provider: trace.getTracerProvider(), otelTracer, ownProvider: own, appTracer, situation: "existing-provider" };
  }
  logger.warn(
    `${EXISTING_PROVIDER} Add \`new HoneyHiveSpanProcessor()\` from "honeyhive" to that provider's span processors so spans of ` +
      "other instrumentations reach HoneyHive (until then, instrumentations given to HoneyHive report to HoneyHive only, not through that provider).",
  );
  return { provider: own, otelTracer, ownProvider: own, appTracer, situation: "existing-provider" };
}

/** The process-wide provider, created (and registered globally if no provider exists) on first use. */
export function getSharedProvider(logger: Logger): SharedProvider {
  const slot = sharedState();
  if (!slot.sharedProvider) slot.sharedProvider = createSharedProvider(logger);
  return slot.sharedProvider as SharedProvider;
}
