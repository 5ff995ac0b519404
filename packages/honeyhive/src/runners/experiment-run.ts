/**
 * The runner-agnostic core of `honeyhive/vitest` and `honeyhive/jest`: prepares an experiment declared in a
 * test file (its cases known when the file is collected), runs it as one evaluation with a reporter that hands
 * each case's datapoint results to that case's test as they arrive, and reports the finished run.
 */
import { deriveRunId } from "../evaluation/derive-run-id";
import { runEvaluation } from "../evaluation/evaluate-core";
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { checkPassingRanges } from "../evaluation/check-passing-ranges";
import { resolveEvaluators } from "../config/evaluator";
import type { EvaluationReporter } from "../evaluation/evaluation-reporter";
import { createRunTracerFactory } from "../evaluation/create-datapoint-tracer";
import { HoneyHiveTracer } from "../facade/honeyhive-tracer";
import { loadDatasetSync } from "../datasets/load-dataset";
import { resolveShard, shardSlice, type ShardSpec } from "../evaluation/shard";
import type { DatapointResult, DatasetItem, EvaluateOptions, EvaluationResult } from "../evaluation/types";
import { readEnv, type HoneyHiveEnv } from "../internal/env";
import { datapointLabel } from "../reporting/datapoint-label";
import { applyTrialsVerdict } from "../evaluation/trials-verdict";
import { arrayRows } from "../evaluation/datapoint-rows";
import type { ExperimentCase, ExperimentOptions } from "./experiment-options";

/** One case as its test sees it. */
export interface CaseSlot {
  /** Position in the experiment's cases (the datapoint's index). */
  index: number;
  /** The test's name. */
  label: string;
  /** False when the case belongs to another shard (its test is skipped). */
  inShard: boolean;
}

/** An experiment ready to declare its tests and run. */
export interface PreparedExperiment {
  name: string;
  cases: CaseSlot[];
  /** Starts the evaluation (once). */
  start(): void;
  /** The results (one per trial) of a case, once all its trials finished; rejects when the evaluation did. */
  caseResults(index: number): Promise<DatapointResult[]>;
  /** The run's result once it is closed; undefined when the evaluation rejected. */
  finished(): Promise<EvaluationResult | undefined>;
}

/** A case's results as they arrive, settled once (all trials in, the run finished, or the evaluation rejected). */
interface Deferred {
  results: DatapointResult[];
  settled: boolean;
  promise: Promise<DatapointResult[]>;
  settle(outcome: { results: DatapointResult[] } | { error: unknown }): void;
}

function deferred(): Deferred {
  let resolve!: (results: DatapointResult[]) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<DatapointResult[]>((ok, fail) => ((resolve = ok), (reject = fail)));
  promise.catch(() => undefined); // a case whose test does not run must not be an unhandled rejection
  const d: Deferred = {
    results: [], settled: false, promise,
    settle(outcome) {
      if (d.settled) return;
      d.settled = true;
      if ("error" in outcome) reject(outcome.error);
      else resolve(outcome.results);
    },
  };
  return d;
}

function shardFromEnv(text: string | undefined): ShardSpec | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new EvaluationConfigError(`HH_EVAL_SHARD must be i/n, e.g. 1/3 (got "${text}")`);
  return { index: Number(match[1]), count: Number(match[2]) };
}

function itemsOf(options: ExperimentOptions): readonly ExperimentCase[] {
  const hasCases = options.cases !== undefined && options.cases !== null;
  const hasDataset = options.dataset !== undefined && options.dataset !== null;
  if (hasCases === hasDataset) throw new EvaluationConfigError(`experiment "${options.name}": give either cases or dataset`);
  if (hasCases) {
    if (!Array.isArray(options.cases)) throw new EvaluationConfigError(`experiment "${options.name}": cases must be an array`);
    return options.cases as readonly ExperimentCase[];
  }
  if (typeof options.dataset === "string") return loadDatasetSync(options.dataset);
  if (!Array.isArray(options.dataset)) throw new EvaluationConfigError(`experiment "${options.name}": dataset must be a file path or an array`);
  return options.dataset as readonly ExperimentCase[];
}

function datasetItem(c: ExperimentCase): DatasetItem {
  const { name: _name, ...item } = c as ExperimentCase & Record<string, unknown>;
  return item as DatasetItem;
}

/** What the engine runs for the experiment: evaluate()'s options from the declared ones and the `HH_*` env. */
function evaluateOptionsOf(options: ExperimentOptions, items: readonly ExperimentCase[], shard: ShardSpec | undefined, env: HoneyHiveEnv): EvaluateOptions {
  const { cases: _cases, dataset: _dataset, testTimeoutMs: _timeout, stateDir: _stateDir, ...rest } = options;
  const runId = options.runId ?? (env.HH_RUN_ID ? deriveRunId(env.HH_RUN_ID, options.name) : undefined);
  return { ...(rest as EvaluateOptions), dataset: items.map(datasetItem), ...(runId ? { runId } : {}), ...(shard ? { shard } : {}) };
}

/** `passingRanges` naming no evaluator's metric: one failing test at collection instead of every case failing later. */
function checkRangesEarly(options: ExperimentOptions): void {
  let names: string[];
  try {
    names = resolveEvaluators(options.evaluators).map((e) => e.name);
  } catch {
    return; // invalid evaluators are reported when the run starts, as evaluate() reports them
  }
  checkPassingRanges(options.passingRanges, names);
}

/** `split` and `sample` would leave cases without a datapoint: a test runner selects its cases itself. */
function refuseSelection(options: ExperimentOptions): void {
  for (const key of ["split", "sample"]) {
    if ((options as unknown as Record<string, unknown>)[key] !== undefined) {
      throw new EvaluationConfigError(`experiment(): "${key}" is an option of evaluate() and honeyhive eval; in a test file, give the cases to run (filter them, or use the test runner's own selection)`);
    }
  }
}

/**
 * Prepares an experiment when its test file is collected: validates the name and cases (a dataset file is read
 * now), decides the shard and run id. Throws {@link EvaluationConfigError} for invalid declarations.
 */
export function prepareExperiment(options: ExperimentOptions, env: HoneyHiveEnv = readEnv()): PreparedExperiment {
  if (!options || typeof options !== "object") throw new EvaluationConfigError("experiment(options): options must be an object");
  if (typeof options.name !== "string" || options.name.trim() === "") throw new EvaluationConfigError("experiment(): name must be a non-empty string");
  refuseSelection(options);
  const items = itemsOf(options);
  checkRangesEarly(options);
  const shard = resolveShard(options.shard ?? shardFromEnv(env.HH_EVAL_SHARD));
  const inShard = new Set(shardSlice(items.map((_, i) => i), shard));
  const cases = items.map((c, index) => ({
    index, inShard: inShard.has(index),
    label: typeof c?.name === "string" && c.name.trim() !== "" ? c.name : datapointLabel(c?.inputs, `case ${index + 1}`),
  }));
  const evaluateOptions = evaluateOptionsOf(options, items, shard, env);
  if (shard && (options.apiKey ?? env.HH_API_KEY) && !evaluateOptions.runId) {
    throw new EvaluationConfigError(`experiment "${options.name}": a shard needs HH_RUN_ID (the same key in every shard, e.g. the CI run id) so that the shards fill one run`);
  }
  const trials = typeof options.trials === "number" && options.trials >= 1 ? Math.floor(options.trials) : 1;
  const slots = new Map(cases.map((c) => [c.index, deferred()]));
  let running: Promise<EvaluationResult | undefined> | undefined;
  const reporter: EvaluationReporter = {
    onProgress: (p) => {
      const slot = p.last ? slots.get(p.last.index) : undefined;
      if (!slot || slot.settled || !p.last) return;
      slot.results.push(p.last);
      if (slot.results.length < trials) return;
      applyTrialsVerdict(arrayRows(slot.results), options.passingRanges); // k of n: the case's trials judged together
      slot.settle({ results: slot.results });
    },
    onFinish: (result) => {
      for (const [index, slot] of slots) slot.settle({ results: result.datapoints.filter((d) => d.index === index) });
    },
    onError: (error) => {
      for (const slot of slots.values()) slot.settle({ error });
    },
  };
  const start = (): Promise<EvaluationResult | undefined> => {
    if (running) return running;
    const factory = createRunTracerFactory(HoneyHiveTracer);
    const runner = { caseName: (index: number) => cases[index]?.label };
    running = runEvaluation(evaluateOptions, factory, { reporter, runner }).finally(() => factory.close()).then((r) => r, () => undefined);
    return running;
  };
  return {
    name: options.name,
    cases,
    start: () => void start(),
    caseResults: (index) => slots.get(index)?.promise ?? Promise.reject(new Error(`no case ${index}`)),
    finished: () => start(),
  };
}
