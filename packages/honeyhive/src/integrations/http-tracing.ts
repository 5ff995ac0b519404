/**
 * The official HTTP (node:http/https) and undici (fetch) client instrumentations behind the `httpTracing` option,
 * registered once per process like any other instrumentation. Either package alone traces its own client; with
 * neither installed the option is recorded as unpatched for `diagnose()` (unpatched-modules.ts), whose
 * instrumentation check reports it with {@link HTTP_TRACING_UNAVAILABLE}'s fix.
 */
import type { TracerProvider } from "@opentelemetry/api";
import type { Logger } from "../internal/logger";
import { loadOptional } from "./load-optional";
import { type InstrumentationLike, isRegisteredName, registerInstrumentations } from "./register-instrumentations";
import { type UnpatchedModule, forgetUnpatchedOption, noteUnpatched } from "./unpatched-modules";

const HTTP_PACKAGE = "@opentelemetry/instrumentation-http";
const UNDICI_PACKAGE = "@opentelemetry/instrumentation-undici";

/**
 * Configuration of the official HTTP instrumentations: client spans only, and only as children of an active
 * span. Incoming requests are the application's server (continued explicitly with `withExtractedContext`);
 * tracing them would send every request the process receives — including the SDK's own export and API calls
 * when the backend runs in-process (dev server) — to the default tracer, and each export would then produce
 * spans for the next export. Root client calls (polling, other SDKs' uploads) would likewise flood the
 * default session.
 */
const HTTP_INSTRUMENTATIONS: readonly (readonly [string, string, Record<string, unknown>])[] = [
  [HTTP_PACKAGE, "HttpInstrumentation", { disableIncomingRequestInstrumentation: true, requireParentforOutgoingSpans: true }],
  [UNDICI_PACKAGE, "UndiciInstrumentation", { requireParentforSpans: true }],
];

/** What `diagnose()` reports when `httpTracing` was requested and neither instrumentation package could be loaded. */
export const HTTP_TRACING_UNAVAILABLE: UnpatchedModule = {
  option: "httpTracing",
  reason: `neither ${HTTP_PACKAGE} nor ${UNDICI_PACKAGE} is installed, so no outgoing HTTP call is traced`,
  fix:
    `Install them: npm install ${HTTP_PACKAGE} ${UNDICI_PACKAGE} (${HTTP_PACKAGE} traces node:http/https, ${UNDICI_PACKAGE} ` +
    "traces fetch; either one alone traces its own client), or remove `httpTracing` from the tracer's options.",
};

/**
 * The instrumentations to register: each installed one not registered yet (constructing a registered one again would
 * patch its client twice; an instrumentation enables itself when constructed, so one is never built and left
 * unregistered). `"registered"` when there is none to add and at least one is already registered.
 */
function loadInstrumentations(): InstrumentationLike[] | "registered" {
  const list: InstrumentationLike[] = [];
  let registered = false;
  for (const [pkg, exportName, config] of HTTP_INSTRUMENTATIONS) {
    if (isRegisteredName(pkg)) {
      registered = true;
      continue;
    }
    const Ctor = (loadOptional<Record<string, unknown>>(pkg) ?? {})[exportName] as (new (config: Record<string, unknown>) => InstrumentationLike) | undefined;
    if (typeof Ctor === "function") list.push(new Ctor({ ...config }));
  }
  return list.length === 0 && registered ? "registered" : list;
}

/**
 * Enables the official HTTP (node:http/https) and undici (fetch) client instrumentations once per process. Returns
 * false, warns once and records the option as unpatched for `diagnose()` when neither package is installed; once
 * honoured (by this or a later tracer), that record is forgotten.
 */
export function enableHttpTracing(provider: TracerProvider, logger: Logger): boolean {
  const list = loadInstrumentations();
  if (list !== "registered" && list.length === 0) {
    noteUnpatched(HTTP_TRACING_UNAVAILABLE);
    logger.warnOnce("http-tracing", `httpTracing needs ${HTTP_PACKAGE} and/or ${UNDICI_PACKAGE} installed`);
    return false;
  }
  if (list !== "registered") registerInstrumentations(list, provider, logger);
  forgetUnpatchedOption(HTTP_TRACING_UNAVAILABLE.option);
  return true;
}
