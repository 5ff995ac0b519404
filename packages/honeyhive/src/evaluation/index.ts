/** The evaluation engine and its helpers: evaluators, run comparison, EXT ids, git info (evaluate() itself is in script/). */
export { runEvaluation } from "./evaluate-core";
export type { EvaluationCall, EvaluationReporter, EvaluationStart, RunnerSettings } from "./evaluation-reporter";
export { evaluator, type EvaluatorFunction, type EvaluatorOptions, type EvaluatorReturn, type EvaluatorSpec, type NamedEvaluator, type WrappedEvaluator } from "./evaluator";
export type { MetricValue } from "./evaluator-output";
export { EvaluationConfigError } from "./evaluation-config-error";
export { DatasetFileError } from "./dataset-file-error";
export { loadDataset } from "./load-dataset";
export { compareRuns, type CompareRunsOptions, type RunComparison, type MetricComparison } from "./compare-runs";
export { externalDatasetId, externalDatapointId, EXT_PREFIX } from "./ext-ids";
export { pythonJsonDumps } from "./python-json";
export type { ShardSpec } from "./shard";
export { getGitInfo, type GitInfo } from "./git-info";
export type { DatapointTracerFactory, DatapointTracerOptions, EvaluationTracer } from "./tracer-contract";
export type {
  DatasetItem, EvaluationContext, EvaluatedFunction, EvaluationProgress, EvaluateOptions, DatapointStatus, DatapointResult,
  MetricAggregate, EvaluationResult,
} from "./types";
