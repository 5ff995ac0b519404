/**
 * The only place that reads `process.env`. Only `HH_*` variables (and the few standard
 * `OTEL_*` / platform / proxy variables listed here, and the 1.0 SDK's `HONEYHIVE_TELEMETRY` as a legacy alias) are read;
 * unprefixed names such as `API_KEY` or `SOURCE` never are.
 */

/** Environment variables the SDK understands, as raw strings. */
export interface HoneyHiveEnv {
  HH_API_KEY?: string;
  /** An ingestion API key (`hh_ingst_...`): what traces, sessions and events are sent with (`ingestionApiKey`). */
  HH_INGESTION_API_KEY?: string;
  /** A data plane API key (`hh_fgdp_...`): the project-scoped routes' key (`dataPlaneApiKey`). */
  HH_DATA_PLANE_API_KEY?: string;
  HH_API_URL?: string;
  HH_PROJECT?: string;
  HH_SOURCE?: string;
  HH_SESSION_NAME?: string;
  HH_DISABLE_BATCH?: string;
  HH_VERBOSE?: string;
  HH_TEST_MODE?: string;
  HH_OTLP_PROTOCOL?: string;
  /** Request body compression, `gzip` or `none`. */
  HH_COMPRESSION?: string;
  /** `false`: session starts and updates go through the ordinary connection pool, not pipelined (`httpPipelining`). */
  HH_HTTP_PIPELINING?: string;
  HH_MAX_QUEUE_SIZE?: string;
  HH_API_TIMEOUT?: string;
  HH_MAX_WORKERS?: string;
  HH_MAX_ATTRIBUTE_BYTES?: string;
  HH_MAX_SPAN_BYTES?: string;
  HH_MAX_REQUEST_BYTES?: string;
  HH_SPOOL_DIR?: string;
  HH_LLM_CACHE?: string;
  HH_LLM_CACHE_DIR?: string;
  /** getPrompt()'s last-known-good file cache directory (`promptCacheDir`). */
  HH_PROMPT_CACHE_DIR?: string;
  /** The test runners' run key: runs of the same key and experiment name share one run id (like `--run-id`). */
  HH_RUN_ID?: string;
  /** The test runners' dataset shard, `i/n` (like `honeyhive eval --shard`). */
  HH_EVAL_SHARD?: string;
  /** evaluate()'s `evaluatorConcurrency`. */
  HH_EVALUATOR_CONCURRENCY?: string;
  /** evaluate()'s `evaluatorTimeoutMs` (milliseconds). */
  HH_EVALUATOR_TIMEOUT_MS?: string;
  /** evaluate()'s `gitInfo`: `false` records no git information in the run (no git command is run). */
  HH_GIT_INFO?: string;
  /** How option problems are handled where no option says (`strict`, `balanced`, `resilient`); see `resilience`. */
  HH_RESILIENCE?: string;
  /** Legacy alias (the 1.0 SDK's): `false` turns git information off like `HH_GIT_INFO=false`; `HH_GIT_INFO` wins. */
  HONEYHIVE_TELEMETRY?: string;
  OTEL_SERVICE_NAME?: string;
  OTEL_SERVICE_VERSION?: string;
  OTEL_BSP_MAX_QUEUE_SIZE?: string;
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE?: string;
  OTEL_BSP_SCHEDULE_DELAY?: string;
  /** Node's own proxy support (`1`: its HTTP clients read the proxy variables below); see `config/env-proxy.ts`. */
  NODE_USE_ENV_PROXY?: string;
  /** Node's options; `--use-env-proxy` in it does what `NODE_USE_ENV_PROXY=1` does. */
  NODE_OPTIONS?: string;
  HTTP_PROXY?: string;
  HTTPS_PROXY?: string;
  http_proxy?: string;
  https_proxy?: string;
  AWS_LAMBDA_FUNCTION_NAME?: string;
  KUBERNETES_SERVICE_HOST?: string;
}

const KEYS: readonly (keyof HoneyHiveEnv)[] = [
  "HH_API_KEY", "HH_INGESTION_API_KEY", "HH_DATA_PLANE_API_KEY", "HH_API_URL", "HH_PROJECT", "HH_SOURCE", "HH_SESSION_NAME", "HH_DISABLE_BATCH",
  "HH_VERBOSE", "HH_TEST_MODE", "HH_OTLP_PROTOCOL", "HH_COMPRESSION", "HH_HTTP_PIPELINING", "HH_MAX_QUEUE_SIZE", "HH_API_TIMEOUT", "HH_MAX_WORKERS",
  "HH_MAX_ATTRIBUTE_BYTES", "HH_MAX_SPAN_BYTES", "HH_MAX_REQUEST_BYTES", "HH_SPOOL_DIR",
  "HH_LLM_CACHE", "HH_LLM_CACHE_DIR", "HH_PROMPT_CACHE_DIR", "HH_RUN_ID", "HH_EVAL_SHARD", "HH_EVALUATOR_CONCURRENCY", "HH_EVALUATOR_TIMEOUT_MS",
  "HH_GIT_INFO", "HH_RESILIENCE", "HONEYHIVE_TELEMETRY", "OTEL_SERVICE_NAME", "OTEL_SERVICE_VERSION", "OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
  "OTEL_BSP_SCHEDULE_DELAY", "NODE_USE_ENV_PROXY", "NODE_OPTIONS", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "AWS_LAMBDA_FUNCTION_NAME", "KUBERNETES_SERVICE_HOST",
];

/** Reads the known variables from `source` (default `process.env`); empty strings count as unset. */
export function readEnv(source: Record<string, string | undefined> = safeProcessEnv()): HoneyHiveEnv {
  const env: HoneyHiveEnv = {};
  for (const key of KEYS) {
    const value = source[key];
    if (typeof value === "string" && value.trim() !== "") env[key] = value.trim();
  }
  return env;
}

/** True when `key` is set in `source` (default `process.env`) but empty or blank, which {@link readEnv} counts as unset. */
export function setButBlank(key: keyof HoneyHiveEnv, source: Record<string, string | undefined> = safeProcessEnv()): boolean {
  const value = source[key];
  return typeof value === "string" && value.trim() === "";
}

/** Variables of HoneyHive's other packages (the dev server's `HH_DEV_SERVER_*`): never taken for a misspelling. */
const OTHER_PACKAGE_PREFIX = "HH_DEV_SERVER_";

/**
 * The set variables that look like HoneyHive's (`HH_*`, `HONEYHIVE_*`, any case) but are none the SDK reads, each
 * with the name the SDK does read, as `[set, meant]`. `meantFor(name, known)` names the likely intended variable of
 * `known` (the unset ones), or undefined for a variable of the user's own. Nothing is read but the names.
 */
export function misnamedEnvVariables(
  meantFor: (name: string, known: readonly (keyof HoneyHiveEnv)[]) => keyof HoneyHiveEnv | undefined,
  source: Record<string, string | undefined> = safeProcessEnv(),
): [set: string, meant: keyof HoneyHiveEnv][] {
  const known: readonly string[] = KEYS;
  const read = readEnv(source); // unset as readEnv counts it: absent, empty or blank
  const unset = KEYS.filter((key) => key.startsWith("HH_") && read[key] === undefined);
  const found: [string, keyof HoneyHiveEnv][] = [];
  for (const name of Object.keys(source)) {
    const upper = name.toUpperCase();
    if (known.includes(name) || upper.startsWith(OTHER_PACKAGE_PREFIX) || !(upper.startsWith("HH_") || upper.startsWith("HONEYHIVE_"))) continue;
    const meant = meantFor(name, unset);
    if (meant !== undefined) found.push([name, meant]);
  }
  return found;
}

function safeProcessEnv(): Record<string, string | undefined> {
  try {
    return typeof process !== "undefined" && process.env ? process.env : {};
  } catch {
    return {};
  }
}

/** Parses a positive integer, or returns undefined when the text is not one. */
export function parseEnvInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
