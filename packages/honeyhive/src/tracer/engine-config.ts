import { type ResolvedTracerConfig, type RunConfig, SESSION_OPTION_KEYS, resolveTracerConfig, runConfigOf, withSessionFields } from "../config/resolve-config";
import type { HoneyHiveTracerOptions } from "../config/tracer-options";
import { type HoneyHiveEnv, readEnv } from "../internal/env";
import { type Logger, createLogger, scrubSecrets, warnOncePerProcess } from "../internal/logger";
import { firstTimeInProcess } from "../internal/process-state";
import { HoneyHiveConfigError } from "./config-error";
import { sendingKey } from "../config/api-keys";
import { TEST_MODE_FROM_ENV, misnamedEnvWarnings } from "../config/env-values";

/** A tracer's resolved configuration, its logger, and whether it records at all. */
interface EngineConfig {
  readonly config: ResolvedTracerConfig;
  readonly logger: Logger;
  readonly enabled: boolean;
}

/**
 * Resolves a tracer's options once (option > `HH_*` env > default) and reports problems through the tracer's
 * own logger: with `resilience: "strict"` an error throws {@link HoneyHiveConfigError}; otherwise the tracer
 * is a no-op (`balanced`) or uses defaults for the bad values (`resilient`). Each distinct warning is printed once
 * per process (which ones were printed is its only process state); no I/O.
 * A group (evaluate()'s run) resolves through its {@link EngineConfigCache}.
 */
export function resolveEngineConfig(options: HoneyHiveTracerOptions, configs: EngineConfigCache | undefined): EngineConfig {
  return configs ? configs.resolve(options) : resolveInFull(options, readEnv()).engine;
}

function resolveInFull(options: HoneyHiveTracerOptions, env: HoneyHiveEnv): { engine: EngineConfig; clean: boolean } {
  const { config, errors, warnings, envWarnings } = resolveTracerConfig(options, env);
  const secrets = [config.apiKey, config.ingestionApiKey].filter((k): k is string => k !== undefined);
  if (errors.length > 0 && config.resilience === "strict") throw new HoneyHiveConfigError(errors.map((e) => scrubSecrets(e, secrets)));
  const logger = createLogger({ verbose: config.verbose, sink: options.logSink, secrets });
  // Identical configuration warnings are printed once per process: a tracer per request must not print one per request.
  for (const warning of warnings) warnOncePerProcess(logger, warning);
  warnEnvOncePerProcess(logger, envWarnings);
  const enabled = errors.length === 0 || config.resilience === "resilient";
  if (errors.length > 0) {
    const outcome = enabled ? "invalid values were replaced by defaults" : "this tracer is a no-op (nothing is recorded or sent; flush() and shutdown() resolve false)";
    warnOncePerProcess(logger, `configuration problem(s): ${errors.join("; ")}; ${outcome}`);
  }
  warnNothingSent(config, options, logger);
  return { engine: { config, logger, enabled }, clean: errors.length === 0 && warnings.length === 0 };
}

/**
 * Once per process, why a tracer sends nothing when it is not plain: no key, or a key with test mode turned on by
 * `HH_TEST_MODE` (not by the option: a variable left set where the app runs must not stop export in silence).
 */
function warnNothingSent(config: ResolvedTracerConfig, options: HoneyHiveTracerOptions, logger: Logger): void {
  if (options.exporter) return;
  const key = sendingKey(config) !== undefined;
  if (!key && !config.testMode && firstTimeInProcess("no-api-key")) {
    logger.warn("no API key (option apiKey or HH_API_KEY): spans are recorded locally but nothing is sent");
  } else if (key && config.testMode && options.testMode === undefined && firstTimeInProcess("test-mode-env")) {
    logger.warn(`${TEST_MODE_FROM_ENV}; unset it or set HH_TEST_MODE=false to send`);
  }
}

/**
 * Ignored variable values, each once per process, and misspelled variable names (`HH_APIKEY`): the names are the
 * process's, so they are looked for once per process.
 */
function warnEnvOncePerProcess(logger: Logger, envWarnings: readonly string[]): void {
  for (const warning of envWarnings) if (firstTimeInProcess(`env:${warning}`)) logger.warn(warning);
  if (firstTimeInProcess("env:misnamed")) for (const warning of misnamedEnvWarnings()) logger.warn(warning);
}

/**
 * Options the snapshot copies (`snapshotTracerOptions`), so they are never the same object twice; configuration
 * resolution does not read them.
 */
const COPIED_OPTION_KEYS: ReadonlySet<string> = new Set<keyof HoneyHiveTracerOptions>(["instrumentations", "instrumentModules"]);

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * True when `a` and `b` have the same keys and the same values outside the session keys (and the copied ones). Both
 * are plain snapshots (own keys only); read with `for…in`, which makes no key list per tracer.
 */
function sameRunOptions(a: HoneyHiveTracerOptions, b: HoneyHiveTracerOptions): boolean {
  let keys = 0;
  for (const key in a) {
    keys++;
    if (!hasOwn.call(b, key)) return false;
    if (SESSION_OPTION_KEYS.has(key) || COPIED_OPTION_KEYS.has(key)) continue;
    if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return false;
  }
  for (const key in b) if (hasOwn.call(b, key)) keys--;
  return keys === 0;
}

/**
 * The engine configurations of a group's tracers (evaluate()'s one per datapoint), whose options differ only in
 * their session fields: the first is resolved in full, each next one from it with the session fields resolved anew
 * (`withSessionFields`: on the run's fields, shared, not copied), sharing its logger (same verbosity, sink and
 * secrets). Options with any other difference, or whose resolution had a problem, are resolved in full, so every
 * message is the same as without the cache.
 */
export class EngineConfigCache {
  #last: { options: HoneyHiveTracerOptions; engine: EngineConfig; clean: boolean; run?: RunConfig } | undefined;

  /** @param env - the environment snapshot of the group (read once for all its tracers). */
  constructor(private readonly env: HoneyHiveEnv) {}

  /** The engine configuration of `options` (a plain snapshot, see `snapshotTracerOptions`). */
  resolve(options: HoneyHiveTracerOptions): EngineConfig {
    const last = this.#last;
    if (last?.clean && sameRunOptions(last.options, options)) {
      last.run ??= runConfigOf(last.engine.config);
      const config = withSessionFields(last.run, options);
      if (config) return { config, logger: last.engine.logger, enabled: last.engine.enabled };
    }
    const { engine, clean } = resolveInFull(options, this.env);
    this.#last = { options, engine, clean };
    return engine;
  }
}
