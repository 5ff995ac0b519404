import { createApiClient } from "../api-client/create-api-client";
import { HoneyHiveApiError } from "../api-client/honeyhive-api-error";
import { MissingApiKeyError } from "../api-client/api-key-errors";
import { errorOf } from "../api-client/facade-helpers";
import { missingKeyMessage } from "@honeyhive/core/keys/api-key-kinds";
import type { AggregateFunction, RunResultResponse } from "../api-client/types";
import { DEFAULT_SERVER_URL } from "../config/resolve-config";
import { readEnv } from "../internal/env";
import type { FetchLike } from "../transport/send-http";
import { numericDifference } from "@honeyhive/core/verdict/float-noise";
import type { MetricDirection } from "@honeyhive/core/verdict/metric-direction";
import type { MetricSignificance } from "@honeyhive/core/verdict/metric-significance";
import { compareRunResults, type ComparisonRow, type RowSource } from "@honeyhive/core/verdict/run-comparison";
import { metricKeyText, runResultsFromSummary } from "@honeyhive/core/verdict/run-results";
import type { RunIdentity } from "@honeyhive/core/text/run-identity";
import { promptChange, type PromptChange } from "@honeyhive/core/prompts/prompt-change";

export type { RunIdentity, MetricDirection, MetricSignificance };

/** Options of {@link compareRuns}. */
export interface CompareRunsOptions {
  /** Env `HH_API_KEY`. */
  apiKey?: string;
  /** Env `HH_API_URL`. */
  serverUrl?: string;
  /** How each run's metric values are aggregated in `oldAggregate` / `newAggregate`. @defaultValue "average" */
  aggregateFunction?: AggregateFunction;
  fetch?: FetchLike;
}

/**
 * One compared row: a metric (`source: "metric"`), the datapoints' verdict (`"verdict"`, metric `pass_rate`), or the
 * app's or the evaluation's cost or latency (`"usage"`: metric `cost_usd` or `latency_ms`, `eventName` `app` or
 * `evaluation`).
 */
export interface MetricComparison {
  /** (new) What the row compares. */
  source: RowSource;
  metric: string;
  eventName?: string;
  /** (new) The type of the event the metric was written on (`usage`, `verdict` for those rows). */
  eventType?: string;
  /** (new) Which way is better: the evaluator's declaration, else its passing range, else its name, else higher. */
  direction: MetricDirection;
  /** Each run's aggregate of the metric (the `aggregateFunction`; a mean per datapoint for the verdict and usage rows). */
  oldAggregate: number | null;
  newAggregate: number | null;
  /** `newAggregate − oldAggregate` (0 when they differ only by float error). */
  difference: number | null;
  /** (new) Mean per-datapoint value of each run over the datapoints both have a value for. */
  oldMean: number | null;
  newMean: number | null;
  /** (new) Sum of the per-datapoint values of each run (a run's total cost, for `cost_usd`). */
  oldTotal: number | null;
  newTotal: number | null;
  /** Datapoints better / worse / the same in this metric, in its direction. */
  improvedCount: number;
  degradedCount: number;
  sameCount: number;
  improved: string[];
  degraded: string[];
  /**
   * (new) The paired test: exact McNemar for pass/fail values, a seeded bootstrap interval for numbers; its p-value
   * corrected across the metrics (Holm) and what it reads as (`improved`, `degraded`, `no detectable change`).
   */
  significance: MetricSignificance | null;
}

/** Result of {@link compareRuns}. */
export interface RunComparison {
  newRunId: string;
  oldRunId: string;
  /** The new run's name and start time (what tells runs of one name apart), as far as the server gave them. */
  newRun: RunIdentity;
  /** The old run's name and start time, as far as the server gave them. */
  oldRun: RunIdentity;
  commonDatapoints: string[];
  /** Each metric compared. */
  metrics: MetricComparison[];
  /** (new) The datapoints' verdict compared (`pass_rate`). */
  passRate?: MetricComparison;
  /** (new) The app's and the evaluation's cost and latency compared (only those the server reports). */
  usage: MetricComparison[];
  /**
   * Common datapoints by their overall direction over the verdict and all metrics (each datapoint counted once:
   * `mixed` when some improved and others degraded), by the rule the viewer uses (`@honeyhive/core/verdict`).
   */
  improvedCount: number;
  degradedCount: number;
  mixedCount: number;
  sameCount: number;
  /** Common datapoints that ran in the old run and errored or were not run in the new one (each counted as degraded). */
  regressed: string[];
  /** Common datapoints that errored or were not run in the old run and ran in the new one (each counted as improved). */
  recovered: string[];
  /** The dataset content version each run recorded (`metadata.dataset_version`), when it did. */
  datasetVersions: { old?: string; new?: string };
  /** How the prompt changed between the runs (`metadata.prompt` of `evaluate({ prompt })`); absent when it did not. */
  promptChange?: PromptChange;
  /** The server's answers as received: each run's summary (`GET /v1/runs/{id}/result`). */
  raw: { old: Record<string, unknown>; new: Record<string, unknown> };
}

/** Every compared row: the verdict, the metrics, then cost and latency. */
export function comparedRows(comparison: Pick<RunComparison, "passRate" | "metrics" | "usage">): MetricComparison[] {
  return [...(comparison.passRate ? [comparison.passRate] : []), ...comparison.metrics, ...comparison.usage];
}

/**
 * The warning for a comparison of runs on different dataset content versions, or undefined when both ran on the
 * same version (or one did not record it).
 */
export function datasetVersionNote(comparison: Pick<RunComparison, "datasetVersions">): string | undefined {
  const { old: before, new: after } = comparison.datasetVersions;
  if (before === undefined || after === undefined || before === after) return undefined;
  return `the runs ran on different dataset versions (${before} before, ${after} now): a datapoint's difference may come from the data`;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The run's name and start time from its summary's run object (the id alone when the server did not give them). */
function runIdentityOf(runId: string, runObject: Record<string, unknown> | undefined): RunIdentity {
  const name = typeof runObject?.name === "string" ? runObject.name : undefined;
  const startedAt = typeof runObject?.created_at === "string" ? runObject.created_at : undefined;
  return { runId, ...(name !== undefined ? { name } : {}), ...(startedAt !== undefined ? { startedAt } : {}) };
}

/** The dataset content version each run recorded (`metadata.dataset_version`), when it did. */
function datasetVersionsOf(oldMetadata: unknown, newMetadata: unknown): { old?: string; new?: string } {
  const versionIn = (metadata: unknown): string | undefined => {
    const version = record(metadata)?.dataset_version;
    return typeof version === "string" ? version : undefined;
  };
  const [before, after] = [versionIn(oldMetadata), versionIn(newMetadata)];
  return { ...(before !== undefined ? { old: before } : {}), ...(after !== undefined ? { new: after } : {}) };
}

/** Each metric key's aggregate in a summary (`metrics.details[].aggregate`), by `metricKeyText`. */
function aggregatesOf(summary: RunResultResponse): Map<string, number> {
  const out = new Map<string, number>();
  for (const detail of summary.metrics?.details ?? []) {
    const d = detail as Record<string, unknown>;
    if (typeof d.metric_name !== "string" || typeof d.aggregate !== "number" || !Number.isFinite(d.aggregate)) continue;
    out.set(metricKeyText({ name: d.metric_name, eventName: String(d.event_name ?? ""), eventType: String(d.event_type ?? "") }), d.aggregate);
  }
  return out;
}

function toMetric(row: ComparisonRow, aggregates: [Map<string, number>, Map<string, number>]): MetricComparison {
  const key = metricKeyText({ name: row.metric, eventName: row.eventName, eventType: row.eventType });
  const [oldAggregate, newAggregate] = row.source === "metric" ? aggregates.map((a) => a.get(key) ?? null) : [row.oldMean, row.newMean];
  return {
    source: row.source, metric: row.metric, eventName: row.eventName, eventType: row.eventType, direction: row.direction,
    oldAggregate: oldAggregate ?? null, newAggregate: newAggregate ?? null,
    difference: oldAggregate != null && newAggregate != null ? numericDifference(oldAggregate, newAggregate) : null,
    oldMean: row.oldMean, newMean: row.newMean, oldTotal: row.oldTotal, newTotal: row.newTotal,
    improvedCount: row.improved.length, degradedCount: row.degraded.length, sameCount: row.same.length,
    improved: [...row.improved], degraded: [...row.degraded], significance: row.significance,
  };
}

/**
 * Compares two runs from their summaries (`GET /v1/runs/{id}/result` of each) by the one comparison rule the dev
 * server and the viewer use (`@honeyhive/core/verdict/run-comparison`): per metric, the datapoints that improved or
 * degraded in the metric's direction and the paired significance of the change; the datapoints' verdict
 * (`passRate`) and their cost and latency (`usage`, when the server reports them) compared the same way; each common
 * datapoint's overall direction (a datapoint that ran before and now errors or is not run is degraded: `regressed`);
 * the dataset version each run recorded (`datasetVersions`, which says when they differ) and how the prompt changed.
 * Throws `HoneyHiveApiError` when a request fails.
 */
export async function compareRuns(newRunId: string, oldRunId: string, options: CompareRunsOptions = {}): Promise<RunComparison> {
  const env = readEnv();
  const apiKey = options.apiKey ?? env.HH_API_KEY;
  if (!apiKey) throw new MissingApiKeyError("project", missingKeyMessage("project", "compareRuns()"));
  const api = createApiClient({ apiKey, serverUrl: options.serverUrl ?? env.HH_API_URL ?? DEFAULT_SERVER_URL, fetch: options.fetch });
  if (typeof newRunId !== "string" || typeof oldRunId !== "string") throw new HoneyHiveApiError("compareRuns: the run ids must be strings");
  const summaryOf = async (runId: string): Promise<{ data: RunResultResponse }> => {
    const read = await api.runs.result(runId, options.aggregateFunction);
    if (!read.ok) throw errorOf(read);
    return read;
  };
  const [newRead, oldRead] = await Promise.all([summaryOf(newRunId), summaryOf(oldRunId)]);
  const compared = compareRunResults(runResultsFromSummary(oldRead.data), runResultsFromSummary(newRead.data));
  const aggregates: [Map<string, number>, Map<string, number>] = [aggregatesOf(oldRead.data), aggregatesOf(newRead.data)];
  const rows = compared.rows.map((row) => toMetric(row, aggregates));
  const [oldObject, newObject] = [record(oldRead.data.run_object), record(newRead.data.run_object)];
  const prompt = promptChange(oldObject?.metadata, newObject?.metadata);
  const passRate = rows.find((r) => r.source === "verdict");
  return {
    newRunId,
    oldRunId,
    newRun: runIdentityOf(newRunId, newObject),
    oldRun: runIdentityOf(oldRunId, oldObject),
    ...(prompt ? { promptChange: prompt } : {}),
    commonDatapoints: [...compared.common],
    metrics: rows.filter((r) => r.source === "metric"),
    ...(passRate ? { passRate } : {}),
    usage: rows.filter((r) => r.source === "usage"),
    improvedCount: compared.counts.improved,
    degradedCount: compared.counts.degraded,
    mixedCount: compared.counts.mixed,
    sameCount: compared.counts.same,
    regressed: [...compared.execution.regressed],
    recovered: [...compared.execution.recovered],
    datasetVersions: datasetVersionsOf(oldObject?.metadata, newObject?.metadata),
    raw: { old: oldRead.data, new: newRead.data },
  };
}
