/** What the `honeyhive` entry point exports of the evaluation engine: evaluators, datasets, run comparison, EXT ids, git info (evaluate() itself is in script/). */
export { evaluator, type EvaluatorContext, type EvaluatorFunction, type EvaluatorOptions, type EvaluatorReturn, type EvaluatorSpec } from "../config/evaluator";
export type { AgentTrace, ModelCall, ToolCall, TraceSpan, TraceStep, TraceTotals } from "@honeyhive/core/agent-trace/trace-types";
export { EvaluationConfigError } from "../config/evaluation-config-error";
export { ResumedRunUnavailableError } from "./resumed-run-error";
export { DatasetFileError } from "../datasets/dataset-file-error";
export { loadDataset } from "../datasets/lazy-api";
export { compareRuns } from "./compare-runs-on-first-use";
export type { RunComparison, MetricComparison, RunIdentity } from "./compare-runs";
export { externalDatasetId, externalDatapointId } from "../datasets/ext-ids";
export type { ShardSpec } from "./shard";
export { getGitInfo } from "./git-info-on-first-use";
export type { GitInfo } from "./git-info";
export type {
  DatasetItem, EvaluationContext, EvaluatedFunction, EvaluationProgress, EvaluateOptions, DatapointResult, DatapointResultsMode, MetricAggregate, EventMetric, EvaluationResult,
} from "./types";
