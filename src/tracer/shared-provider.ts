import { type Tracer, trace } from "@opentelemetry/api";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { SDK_VERSION } from "../api-client/sdk-version";
import { getGlobalSlot } from "../internal/global-slot";
import type { Logger } from "../internal/logger";
import { HoneyHiveSpanProcessor } from "../processing/span-processor";

/** How the process-wide OpenTelemetry provider situation was found and handled. */
export type GlobalProviderSituation = "registered-by-honeyhive" | "existing-provider";

/** The provider shared by all HoneyHive tracers in the process. */
export interface SharedProvider {
  readonly provider: BasicTracerProvider;
  /** Creates the spans of every HoneyHive tracer; each span is routed by its context. */
  readonly otelTracer: Tracer;
  readonly situation: GlobalProviderSituation;
}

/** Span limits of the shared provider (the Python SDK's defaults). */
const SPAN_LIMITS = { attributeCountLimit: 1024, eventCountLimit: 1024, linkCountLimit: 128 };

function hasRegisteredGlobalProvider(): boolean {
  const current = trace.getTracerProvider() as { getDelegate?: () => object };
  const delegate = typeof current.getDelegate === "function" ? current.getDelegate() : current;
  return delegate.constructor?.name !== "NoopTracerProvider";
}

function createSharedProvider(logger: Logger): SharedProvider {
  const provider = new BasicTracerProvider({ spanProcessors: [new HoneyHiveSpanProcessor()], spanLimits: SPAN_LIMITS });
  let situation: GlobalProviderSituation = "existing-provider";
  if (!hasRegisteredGlobalProvider() && trace.setGlobalTracerProvider(provider)) situation = "registered-by-honeyhive";
  if (situation === "existing-provider") {
    logger.warn(
      "an OpenTelemetry tracer provider is already registered (NodeSDK, Sentry, @vercel/otel…); HoneyHive did not replace it. " +
        "Add `new HoneyHiveSpanProcessor()` from \"honeyhive\" to that provider's span processors so spans of other instrumentations reach HoneyHive.",
    );
  }
  return { provider, otelTracer: provider.getTracer("honeyhive", SDK_VERSION), situation };
}

/** The process-wide provider, created (and registered globally if no provider exists) on first use. */
export function getSharedProvider(logger: Logger): SharedProvider {
  const slot = getGlobalSlot();
  if (!slot.sharedProvider) slot.sharedProvider = createSharedProvider(logger);
  return slot.sharedProvider as SharedProvider;
}
