import { type ResolvedTracerConfig, resolveTracerConfig } from "../config/resolve-config";
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import { readEnv } from "../internal/env";
import { type Logger, createLogger, scrubSecrets } from "../internal/logger";
import { firstTimeInProcess } from "../internal/process-state";
import { HoneyHiveConfigError } from "./config-error";
import type { TracerResourceSource } from "./tracer-resources";

/** A tracer's resolved configuration, its logger, and whether it records at all. */
export interface EngineConfig {
  readonly config: ResolvedTracerConfig;
  readonly logger: Logger;
  readonly enabled: boolean;
}

/**
 * Resolves a tracer's options once (option > `HH_*` env > default) and reports problems through the tracer's
 * own logger: with `resilience: "strict"` an error throws {@link HoneyHiveConfigError}; otherwise the tracer
 * is a no-op (`balanced`) or uses defaults for the bad values (`resilient`). Pure: no global state, no I/O.
 */
export function resolveEngineConfig(options: HoneyHiveTracerOptions, group: TracerResourceSource | undefined): EngineConfig {
  const { config, errors, warnings, envWarnings } = resolveTracerConfig(options, group?.env ?? readEnv());
  const secrets = config.apiKey ? [config.apiKey] : [];
  if (errors.length > 0 && config.resilience === "strict") throw new HoneyHiveConfigError(errors.map((e) => scrubSecrets(e, secrets)));
  const logger = createLogger({ verbose: config.verbose, sink: options.logSink, secrets });
  for (const warning of warnings) logger.warn(warning);
  for (const warning of envWarnings) if (firstTimeInProcess(`env:${warning}`)) logger.warn(warning);
  const enabled = errors.length === 0 || config.resilience === "resilient";
  if (errors.length > 0) {
    const outcome = enabled ? "invalid values were replaced by defaults" : "this tracer is a no-op (nothing is recorded or sent)";
    logger.warn(`configuration problem(s): ${errors.join("; ")}; ${outcome}`);
  }
  if (!config.apiKey && !config.testMode && !options.exporter && firstTimeInProcess("no-api-key")) {
    logger.warn("no API key (option apiKey or HH_API_KEY): spans are recorded locally but nothing is sent");
  }
  return { config, logger, enabled };
}
