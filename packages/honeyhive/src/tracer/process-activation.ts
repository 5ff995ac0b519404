/**
 * The process-wide steps of a tracer's activation that do not depend on its own state (`tracer-core.ts` runs them in
 * order, each guarded and undone by its shutdown): the context manager and the shared provider, then the
 * instrumentations the options name.
 */
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import type { ResolvedTracerConfig } from "../config/resolve-config";
import { ensureContextManager } from "../context/ensure-context-manager";
import { watchAiSdkTelemetry } from "../integrations/ai-sdk-telemetry";
import { enableHttpTracing } from "../integrations/http-tracing";
import { bindLangChainCallbackQueue } from "../integrations/langchain-callback-queue";
import { instrumentModules, registerInstrumentations } from "../integrations/register-instrumentations";
import type { Logger } from "../internal/logger";
import { firstTimeInProcess } from "../internal/process-state";
import { runtime } from "../runtime/platform";
import { fillSpanIdPool } from "../span/span-ids";
import { getSharedProvider, type SharedProvider } from "./shared-provider";

/** A working context manager (installed when none is) and the shared provider; warns once what is missing. */
export function activateProvider(logger: Logger): { provider: SharedProvider; contextManager: boolean } {
  const manager = ensureContextManager();
  if (!manager.present) logger.warn("no working OpenTelemetry context manager: spans cannot follow async work");
  for (const line of runtime.fallbacks()) if (firstTimeInProcess(`runtime:${line}`)) logger.warn(line); // once per process
  fillSpanIdPool(); // the runtime's first random draw loads code: here, not in the first traced call
  return { provider: getSharedProvider(logger), contextManager: manager.present };
}

/** Registers the instrumentations of `options` (`instrumentations`, `instrumentModules`, `httpTracing`) on the provider. */
export function activateInstrumentations(options: HoneyHiveTracerOptions, config: ResolvedTracerConfig, provider: SharedProvider, logger: Logger): void {
  if (options.instrumentations?.length) registerInstrumentations(options.instrumentations, provider.provider, logger);
  if (options.instrumentModules) instrumentModules(options.instrumentModules, provider.provider, logger);
  if (config.httpTracing) enableHttpTracing(provider.provider, logger);
  if (firstTimeInProcess("langchain-callback-queue")) bindLangChainCallbackQueue(logger); // each queued callback in its caller's context
  watchAiSdkTelemetry(logger); // ai 7 without a telemetry integration records nothing: say so once
}
