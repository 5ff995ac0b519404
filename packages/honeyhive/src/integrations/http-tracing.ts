/**
 * The official HTTP (node:http/https) and undici (fetch) client instrumentations behind the `httpTracing` option,
 * registered once per process like any other instrumentation.
 */
import type { TracerProvider } from "@opentelemetry/api";
import type { Logger } from "../internal/logger";
import { loadOptional } from "./load-optional";
import { type InstrumentationLike, isRegisteredName, registerInstrumentations } from "./register-instrumentations";

/**
 * Configuration of the official HTTP instrumentations: client spans only, and only as children of an active
 * span. Incoming requests are the application's server (continued explicitly with `withExtractedContext`);
 * tracing them would send every request the process receives — including the SDK's own export and API calls
 * when the backend runs in-process (dev server) — to the default tracer, and each export would then produce
 * spans for the next export. Root client calls (polling, other SDKs' uploads) would likewise flood the
 * default session.
 */
const HTTP_INSTRUMENTATIONS: readonly (readonly [string, string, Record<string, unknown>])[] = [
  ["@opentelemetry/instrumentation-http", "HttpInstrumentation", { disableIncomingRequestInstrumentation: true, requireParentforOutgoingSpans: true }],
  ["@opentelemetry/instrumentation-undici", "UndiciInstrumentation", { requireParentforSpans: true }],
];

/** Enables the official HTTP (node:http/https) and undici (fetch) client instrumentations once per process. */
export function enableHttpTracing(provider: TracerProvider, logger: Logger): boolean {
  const list: InstrumentationLike[] = [];
  for (const [pkg, exportName, config] of HTTP_INSTRUMENTATIONS) {
    if (isRegisteredName(pkg)) return true; // constructing again would patch twice
    const Ctor = (loadOptional<Record<string, unknown>>(pkg) ?? {})[exportName] as (new (config: Record<string, unknown>) => InstrumentationLike) | undefined;
    if (typeof Ctor === "function") list.push(new Ctor({ ...config }));
  }
  if (list.length === 0) {
    logger.warnOnce("http-tracing", "httpTracing needs @opentelemetry/instrumentation-http and/or @opentelemetry/instrumentation-undici installed");
    return false;
  }
  registerInstrumentations(list, provider, logger);
  return true;
}
