import { executionStatus, runVerdict } from "@honeyhive/core/verdict/run-verdict";
import { aggregateMetrics } from "./aggregate";
import { applyTrialsVerdict } from "./trials-verdict";
import { runSessionIds } from "./run-session-ids";
import { asRows, lazyDatapoints, type DatapointRows } from "./datapoint-rows";
import type { DatapointResult, EvaluationResult } from "./types";

/**
 * What {@link buildEvaluationResult} combines: the result's own fields that it copies as they are, and what it
 * derives the rest from.
 */
interface ResultParts extends Pick<
  EvaluationResult,
  "name" | "suite" | "runId" | "datasetId" | "aggregateFunction" | "uploaded" | "uploadError" | "runUrl" | "serverSummary" | "shard" | "leftRunning"
> {
  /** The datapoint runs' results: rows read one at a time (`result.datapoints` is made of them when first read), or an array. */
  datapoints: DatapointRows | DatapointResult[];
  /** The evaluators' metric names: aggregated even when no datapoint has a value. */
  metricNames?: readonly string[];
  cancelled: boolean;
  durationMs: number;
  /** True when the run still waits for other shards (status `running`). */
  awaitingOtherShards?: boolean;
  /** The passing ranges: those asking for k of n trials decide each datapoint's trials together. */
  passingRanges?: unknown;
  /** The run's session ids when already made (`runSessionIds` of the datapoints, as the run's closing update sent them). */
  sessionIds?: string[];
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value ?? null) ?? "null";
  } catch {
    return "null";
  }
}

/** The old TS SDK's `data` field: one JSON string per datapoint and field (built on first access). */
function oldSdkData(datapoints: readonly DatapointResult[]): EvaluationResult["data"] {
  return {
    input: datapoints.map((d) => json(d.inputs)),
    output: datapoints.map((d) => json(d.outputs)),
    metrics: datapoints.map((d) => json(d.metrics)),
    metadata: datapoints.map((d) => json({ datapoint_id: d.datapointId, session_id: d.sessionId, status: d.status, error: d.error })),
    ground_truth: datapoints.map((d) => json(d.groundTruth)),
  };
}

/** The counts, verdict and id lists of a run's datapoint results, made in one pass over their fields. */
function tally(rows: DatapointRows): Pick<EvaluationResult, "verdict" | "passed" | "failed" | "notRun"> & { counts: Map<DatapointResult["status"], number> } {
  const counts = new Map<DatapointResult["status"], number>();
  const outcomes: (boolean | "not_run")[] = [];
  const passed: string[] = [];
  const failed: string[] = [];
  const notRun: string[] = [];
  for (let row = 0; row < rows.length; row++) {
    const status = rows.status(row);
    const outcome = status === "not_run" ? "not_run" : rows.passed(row);
    counts.set(status, (counts.get(status) ?? 0) + 1);
    outcomes.push(outcome);
    (outcome === "not_run" ? notRun : outcome ? passed : failed).push(rows.datapointId(row));
  }
  return { counts, verdict: runVerdict(outcomes), passed, failed, notRun };
}

/**
 * Assembles the result object (old TS SDK fields plus per-datapoint details and aggregates); the trials of a datapoint
 * are judged together first where a passing range asks for k of n (`trials-verdict.ts`). The datapoint results are
 * read a row at a time; `datapoints` and `data` are made on their first read.
 */
export function buildEvaluationResult(parts: ResultParts): EvaluationResult {
  const rows = asRows(parts.datapoints);
  applyTrialsVerdict(rows, parts.passingRanges);
  const { counts, verdict, passed, failed, notRun } = tally(rows);
  const count = (status: DatapointResult["status"]): number => counts.get(status) ?? 0;
  const result: EvaluationResult = {
    runId: parts.runId,
    datasetId: parts.datasetId,
    sessionIds: parts.sessionIds ?? runSessionIds(rows),
    status: executionStatus({ cancelled: parts.cancelled, total: rows.length, completed: count("success"), awaitingOtherShards: parts.awaitingOtherShards }),
    verdict,
    suite: parts.suite,
    stats: {
      duration_s: Math.round(parts.durationMs) / 1000,
      total: rows.length,
      succeeded: count("success"),
      failed: count("failed"),
      timed_out: count("timed_out"),
      cancelled: count("cancelled"),
      not_run: count("not_run"),
    },
    data: undefined as unknown as EvaluationResult["data"], // defined lazily below
    name: parts.name,
    datapoints: undefined as unknown as DatapointResult[], // defined lazily below
    metrics: aggregateMetrics(rows, parts.metricNames),
    passed,
    failed,
    notRun,
    aggregateFunction: parts.aggregateFunction,
    uploaded: parts.uploaded,
  };
  lazyDatapoints(result, rows);
  let data: EvaluationResult["data"] | undefined;
  Object.defineProperty(result, "data", {
    enumerable: true,
    configurable: true,
    get: () => (data ??= oldSdkData(result.datapoints)),
    set: (value: EvaluationResult["data"]) => void (data = value),
  });
  optionalParts(result, parts);
  return result;
}

function optionalParts(result: EvaluationResult, parts: ResultParts): void {
  if (parts.uploadError !== undefined) result.uploadError = parts.uploadError;
  if (parts.runUrl !== undefined) result.runUrl = parts.runUrl;
  if (parts.serverSummary !== undefined) result.serverSummary = parts.serverSummary;
  if (parts.shard !== undefined) result.shard = { index: parts.shard.index, count: parts.shard.count };
  if (parts.leftRunning !== undefined && parts.leftRunning > 0) result.leftRunning = parts.leftRunning;
}
