/**
 * The process-wide steps of a tracer's activation that do not depend on its own state (`tracer-core.ts` runs them in
 * order, each guarded and undone by its shutdown): the context manager and the shared provider, then the features'
 * steps (the instrumentations the options name).
 */
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import type { ResolvedTracerConfig } from "../config/resolve-config";
import { ensureContextManager } from "../context/ensure-context-manager";
import { noteInternalError } from "../internal/guard";
import type { TracerFeature } from "../seam/tracer-feature";
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

/**
 * The features' process-wide steps (the provider integrations register the instrumentations `options` names), in the
 * order of the features, each guarded: a failing feature costs itself.
 */
export function activateFeatures(features: readonly TracerFeature[], options: HoneyHiveTracerOptions, config: ResolvedTracerConfig, provider: SharedProvider, logger: Logger): void {
  for (const feature of features) {
    try {
      feature.activate?.({ options, config, provider: provider.provider, logger });
    } catch (error) {
      noteInternalError(error);
    }
  }
}
