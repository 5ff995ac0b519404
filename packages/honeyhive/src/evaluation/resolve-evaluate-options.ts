import { describeValue } from "../internal/describe-value";
import type { AggregateFunction } from "../api-client/types";
import { DEFAULT_SERVER_URL, checkServerUrl } from "../config/server-url";
import { optionKeys } from "../config/options-snapshot";
import { EnvValues, type UsedInstead } from "../config/env-values";
import { type HoneyHiveEnv, readEnv } from "../internal/env";
import { resolveTypedKey } from "../config/api-keys";
import { MalformedApiKeyError } from "../api-client/api-key-errors";
import { EvaluationConfigError, VERDICT_UNKNOWN_OPTIONS } from "../config/evaluation-config-error";
import { checkUnknownOptions } from "../config/unknown-options";
import { resolveEvaluators, type ResolvedEvaluator } from "../config/evaluator";
import { checkPassingRanges, checkTrialRanges } from "./check-passing-ranges";
import { checkSelection } from "../datasets/select-datapoints";
import type { DatapointResultsMode, EvaluateOptions } from "./types";
import type { Prompt } from "../prompts/prompt";
import { checkRunPrompt, linkedToPrompt } from "./run-prompt";
import { ANY_METRIC, type RegressionWatch } from "@honeyhive/core/verdict/regression-gate";

const AGGREGATES: readonly AggregateFunction[] = ["average", "min", "max", "median", "p90", "p95", "p99", "sum", "count"];

/** Every evaluate() option, the old TS SDK's names included (a missing one is a type error). */
export const EVALUATE_OPTION_KEYS = optionKeys<EvaluateOptions>()({
  function: true, dataset: true, datasetId: true, evaluators: true, name: true, suite: true, maxConcurrency: true,
  maxWorkers: true, runConcurrently: true, apiKey: true, ingestionApiKey: true, serverUrl: true, project: true, metadata: true, verbose: true,
  disableHttpTracing: true, instrumentModules: true, propagateSessionId: true, runId: true, aggregateFunction: true, timeoutMs: true, signal: true,
  trials: true, printResults: true, passingRanges: true, onProgress: true, shard: true, fetch: true, progress: true,
  progressStream: true, writer: true, offline: true, configuration: true, evaluatorConcurrency: true, evaluatorTimeoutMs: true,
  gitInfo: true, datasetVersion: true, allowDatasetDrift: true, split: true, sample: true, prompt: true,
  maxCostUsd: true, compareWith: true, failOnRegression: true, resume: true, datapointResults: true,
});

/** Default {@link ResolvedEvaluateOptions.evaluatorTimeoutMs}: room for an LLM judge, never forever. */
export const DEFAULT_EVALUATOR_TIMEOUT_MS = 60_000;

/**
 * The keys evaluate() does not know are one {@link EvaluationConfigError} naming the closest valid key of each,
 * whatever the resilience mode: the options decide the verdict, and a typo must not pass a gate in silence.
 */
function reportUnknownKeys(options: object): void {
  checkUnknownOptions(options, EVALUATE_OPTION_KEYS, "evaluate()", VERDICT_UNKNOWN_OPTIONS);
}

/** Options that are only type-checked here (they are read where they are used). */
function checkTypedOptions(o: EvaluateOptions): void {
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") throw new EvaluationConfigError("onProgress must be a function");
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw new EvaluationConfigError("signal must be an AbortSignal");
  for (const key of ["offline", "printResults", "runConcurrently", "progress", "gitInfo", "allowDatasetDrift", "resume", "propagateSessionId"] as const) {
    const value: unknown = o[key];
    if (value !== undefined && typeof value !== "boolean") throw new EvaluationConfigError(`${key} must be true or false (got ${describeValue(value)})`);
  }
  checkSelection(o.split, o.sample);
  for (const key of ["metadata", "configuration"] as const) {
    const value: unknown = o[key];
    if (value !== undefined && value !== null && (typeof value !== "object" || Array.isArray(value))) throw new EvaluationConfigError(`${key} must be an object`);
  }
}

/** evaluate() options after validation and option > env > default resolution. */
export interface ResolvedEvaluateOptions {
  fn: NonNullable<EvaluateOptions["function"]>;
  functionName: string;
  /** The run's prompt: the option's, else the runner's (`--prompt`). */
  prompt: Prompt | undefined;
  evaluators: ResolvedEvaluator[];
  apiKey: string | undefined;
  /** The ingestion key the datapoints' traces go with (undefined: `apiKey`; never when offline). */
  ingestionApiKey: string | undefined;
  /** Runs locally on purpose (the `offline` option or the runner's): no key is used, nothing is sent. */
  offline: boolean;
  serverUrl: string;
  concurrency: number;
  /** Evaluator calls in flight across the run (its own pool, apart from the datapoints'). */
  evaluatorConcurrency: number;
  /** Most one evaluator call may take (option > `HH_EVALUATOR_TIMEOUT_MS` > 60 s). */
  evaluatorTimeoutMs: number;
  /** Records git information in the run (option > `HH_GIT_INFO` > legacy `HONEYHIVE_TELEMETRY` > true). */
  gitInfo: boolean;
  trials: number;
  timeoutMs: number | undefined;
  aggregateFunction: AggregateFunction;
  /** What `result.datapoints` keeps of each run (default "full"). */
  datapointResults: DatapointResultsMode;
  name: string | undefined;
  runId: string | undefined;
  /** The run is resumable (`resume`): done datapoint runs are skipped, sessions have ids derived from the run's. */
  resume: boolean;
  /** `HH_*` variables whose values were ignored, one warning each (the run's logger says them once). */
  envWarnings: string[];
  /** The cost budget (US dollars): the option's, else the runner's. */
  maxCostUsd?: number;
  /** The run to compare with once this one is stored. */
  compareWith?: string;
  /** The metrics whose significant degradation fails the run (with `compareWith`). */
  failOnRegression?: RegressionWatch;
}

/** A wrong option value as the message shows it: a number as written, a string quoted and named (`"8"` is no 8). */
function positiveInteger(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new EvaluationConfigError(`${name} must be a positive integer (got ${describeValue(value)})`);
  }
  return value;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new EvaluationConfigError(`${name} must be a string`);
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function checkDatasetChoice(o: EvaluateOptions): void {
  const hasDataset = o.dataset !== undefined && o.dataset !== null;
  const hasDatasetId = o.datasetId !== undefined && o.datasetId !== null && o.datasetId !== "";
  if (hasDataset && hasDatasetId) throw new EvaluationConfigError("evaluate(): give either dataset or datasetId, not both");
  if (!hasDataset && !hasDatasetId) throw new EvaluationConfigError("evaluate(): give a dataset (inline items) or a datasetId");
  if (hasDatasetId && typeof o.datasetId !== "string") throw new EvaluationConfigError("datasetId must be a string");
}

function evaluatorsOf(o: EvaluateOptions): ResolvedEvaluator[] {
  try {
    return resolveEvaluators(o.evaluators);
  } catch (error) {
    throw new EvaluationConfigError(error instanceof Error ? error.message : String(error));
  }
}

/** Datapoints in flight: a runner's setting, else `runConcurrently: false` (1), option, `HH_MAX_WORKERS`, 10. */
function concurrencyOf(o: EvaluateOptions, vars: EnvValues, runnerConcurrency: number | undefined): number {
  if (runnerConcurrency !== undefined) return runnerConcurrency;
  const explicit = positiveInteger(o.maxConcurrency, "maxConcurrency") ?? positiveInteger(o.maxWorkers, "maxWorkers");
  return o.runConcurrently === false ? 1 : explicit ?? vars.integer("HH_MAX_WORKERS") ?? 10;
}

/** The evaluator pool's bound and time limit: option > `HH_EVALUATOR_CONCURRENCY` / `HH_EVALUATOR_TIMEOUT_MS` > default. */
function evaluatorLimitsOf(o: EvaluateOptions, vars: EnvValues, concurrency: number): Pick<ResolvedEvaluateOptions, "evaluatorConcurrency" | "evaluatorTimeoutMs"> {
  return {
    evaluatorConcurrency: positiveInteger(o.evaluatorConcurrency, "evaluatorConcurrency") ?? vars.integer("HH_EVALUATOR_CONCURRENCY") ?? concurrency,
    evaluatorTimeoutMs: positiveInteger(o.evaluatorTimeoutMs, "evaluatorTimeoutMs") ?? vars.integer("HH_EVALUATOR_TIMEOUT_MS") ?? DEFAULT_EVALUATOR_TIMEOUT_MS,
  };
}

/** One warning per ignored variable, naming the value used instead (`maxConcurrency = 10`). */
function envWarningsOf(vars: EnvValues, r: Pick<ResolvedEvaluateOptions, "concurrency" | "evaluatorConcurrency" | "evaluatorTimeoutMs" | "gitInfo">): string[] {
  const used: Partial<Record<keyof HoneyHiveEnv, UsedInstead>> = {
    HH_MAX_WORKERS: ["maxConcurrency", r.concurrency],
    HH_EVALUATOR_CONCURRENCY: ["evaluatorConcurrency", r.evaluatorConcurrency],
    HH_EVALUATOR_TIMEOUT_MS: ["evaluatorTimeoutMs", r.evaluatorTimeoutMs],
    HH_GIT_INFO: ["gitInfo", r.gitInfo],
    HONEYHIVE_TELEMETRY: ["gitInfo", r.gitInfo],
  };
  return vars.warnings((name) => used[name]);
}

/** Git information in the run: option > `HH_GIT_INFO` > the 1.0 SDK's `HONEYHIVE_TELEMETRY` (legacy alias) > true. */
function gitInfoOf(o: EvaluateOptions, vars: EnvValues): boolean {
  return o.gitInfo ?? vars.boolean("HH_GIT_INFO") ?? vars.boolean("HONEYHIVE_TELEMETRY") ?? true;
}

function timeoutOf(o: EvaluateOptions): number | undefined {
  const timeoutMs = o.timeoutMs === undefined || o.timeoutMs === null ? undefined : o.timeoutMs;
  if (timeoutMs !== undefined && (typeof timeoutMs !== "number" || !(timeoutMs > 0))) {
    throw new EvaluationConfigError(`timeoutMs must be a positive number of milliseconds (got ${describeValue(timeoutMs)})`);
  }
  return timeoutMs;
}

function datapointResultsOf(o: EvaluateOptions): DatapointResultsMode {
  const mode = o.datapointResults ?? "full";
  if (mode !== "full" && mode !== "summary") throw new EvaluationConfigError(`datapointResults must be "full" or "summary" (got ${describeValue(mode)})`);
  return mode;
}

function aggregateOf(o: EvaluateOptions): AggregateFunction {
  const aggregateFunction = o.aggregateFunction ?? "average";
  if (!AGGREGATES.includes(aggregateFunction)) throw new EvaluationConfigError(`aggregateFunction must be one of ${AGGREGATES.join(", ")}`);
  return aggregateFunction;
}

/** The API key: none when running offline (option or runner), else option > `HH_API_KEY`. */
function apiKeyOf(o: EvaluateOptions, env: HoneyHiveEnv, offline: boolean): string | undefined {
  return offline ? undefined : optionalString(o.apiKey, "apiKey") ?? env.HH_API_KEY;
}

/**
 * The ingestion key: none when running offline, else option > `HH_INGESTION_API_KEY`; a malformed one throws a
 * {@link MalformedApiKeyError} (a deployment error, said before anything runs).
 */
function ingestionKeyOf(o: EvaluateOptions, env: HoneyHiveEnv, offline: boolean): string | undefined {
  if (offline) return undefined;
  const typed = resolveTypedKey("ingestion", o.ingestionApiKey, env);
  if (typed.problem) throw new MalformedApiKeyError(typed.problem);
  return typed.key;
}

/**
 * The server URL (option > `HH_API_URL` > default), without trailing slashes; one with credentials, a query or a
 * fragment is refused by the check the tracer and every client share (nothing is sent), unless the run is offline.
 */
function serverUrlOf(o: EvaluateOptions, env: HoneyHiveEnv, offline: boolean): string {
  const option = optionalString(o.serverUrl, "serverUrl");
  const checked = checkServerUrl(option ?? env.HH_API_URL ?? DEFAULT_SERVER_URL, option !== undefined ? "serverUrl" : "HH_API_URL");
  if (checked.errors.length > 0 && !offline) throw new EvaluationConfigError(checked.errors.join("; "));
  return checked.url;
}

/** A budget in US dollars: a positive finite number. */
function budgetOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new EvaluationConfigError(`maxCostUsd must be a positive number of US dollars (got ${describeValue(value)})`);
  return value;
}

/** `compareWith` and `failOnRegression` (which needs it): the run to compare with and the metrics the gate watches. */
function comparisonOf(o: EvaluateOptions): Pick<ResolvedEvaluateOptions, "compareWith" | "failOnRegression"> {
  const compareWith = optionalString(o.compareWith, "compareWith");
  const watch: unknown = o.failOnRegression;
  if (watch === undefined || watch === null) return compareWith ? { compareWith } : {};
  const names = typeof watch === "string" ? [watch] : Array.isArray(watch) ? watch : undefined;
  if (!names || names.length === 0 || names.some((n) => typeof n !== "string" || n.trim() === "")) {
    throw new EvaluationConfigError(`failOnRegression must be "any", a metric name or a list of metric names (got ${describeValue(watch)})`);
  }
  if (!compareWith) throw new EvaluationConfigError("failOnRegression needs compareWith: the id of the run to compare with");
  const trimmed = (names as string[]).map((n) => n.trim());
  return { compareWith, failOnRegression: trimmed.includes(ANY_METRIC) ? ANY_METRIC : [...new Set(trimmed)] };
}

function optionalBudget(maxCostUsd: number | undefined): Pick<ResolvedEvaluateOptions, "maxCostUsd"> {
  return maxCostUsd === undefined ? {} : { maxCostUsd };
}

/** What a runner decides instead of the options (see `RunnerSettings`). */
export interface RunnerOverrides {
  /** Replaces the options' concurrency (which is then not read). */
  concurrency?: number;
  /** Runs locally on purpose, as the `offline` option. */
  offline?: boolean;
  /** The prompt when the options name none. */
  prompt?: Prompt;
  /** The cost budget when the options set none. */
  maxCostUsd?: number;
  /** Makes the run resumable, as the `resume` option. */
  resume?: boolean;
}

/**
 * Validates evaluate() options before anything is sent: exactly one of `dataset`/`datasetId`, a function,
 * valid evaluators with unique names, `passingRanges` naming their metrics, positive numbers. Throws {@link EvaluationConfigError};
 * an unknown key is one too, naming the closest key.
 * (The inline dataset's items are validated by `prepareInlineDataset`.)
 */
export function resolveEvaluateOptions(options: unknown, runner: RunnerOverrides = {}): ResolvedEvaluateOptions {
  if (!options || typeof options !== "object") throw new EvaluationConfigError("evaluate(options): options must be an object");
  reportUnknownKeys(options);
  const o = options as EvaluateOptions;
  if (typeof o.function !== "function") throw new EvaluationConfigError('evaluate(): "function" must be the function to evaluate');
  checkDatasetChoice(o);
  const evaluators = evaluatorsOf(o);
  checkPassingRanges(o.passingRanges, evaluators.map((e) => e.name));
  const env = readEnv();
  const vars = new EnvValues(env);
  const concurrency = concurrencyOf(o, vars, runner.concurrency);
  const evaluatorLimits = evaluatorLimitsOf(o, vars, concurrency);
  const timeoutMs = timeoutOf(o);
  const aggregateFunction = aggregateOf(o);
  checkTypedOptions(o);
  checkRunPrompt(o.prompt);
  const prompt = o.prompt ?? runner.prompt;
  const gitInfo = gitInfoOf(o, vars);
  const offline = o.offline === true || runner.offline === true;
  const trials = positiveInteger(o.trials, "trials") ?? 1;
  checkTrialRanges(o.passingRanges, trials);
  return {
    fn: linkedToPrompt(o.function, prompt),
    prompt,
    functionName: o.function.name || "function",
    evaluators,
    apiKey: apiKeyOf(o, env, offline),
    ingestionApiKey: ingestionKeyOf(o, env, offline),
    offline,
    serverUrl: serverUrlOf(o, env, offline),
    concurrency,
    ...evaluatorLimits,
    gitInfo,
    trials,
    timeoutMs,
    aggregateFunction,
    datapointResults: datapointResultsOf(o),
    name: optionalString(o.name, "name"),
    runId: optionalString(o.runId, "runId"),
    resume: o.resume === true || runner.resume === true,
    envWarnings: envWarningsOf(vars, { concurrency, ...evaluatorLimits, gitInfo }),
    ...optionalBudget(budgetOf(o.maxCostUsd) ?? runner.maxCostUsd),
    ...comparisonOf(o),
  };
}
