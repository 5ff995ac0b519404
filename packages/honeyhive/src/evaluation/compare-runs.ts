import { createApiClient } from "../api-client/create-api-client";
import { HoneyHiveApiError } from "../api-client/honeyhive-api-error";
import { MissingApiKeyError } from "../api-client/api-key-errors";
import { errorOf } from "../api-client/facade-helpers";
import { missingKeyMessage } from "@honeyhive/core/keys/api-key-kinds";
import type { AggregateFunction, RunComparisonMetric } from "../api-client/types";
import { DEFAULT_SERVER_URL } from "../config/resolve-config";
import { readEnv } from "../internal/env";
import type { FetchLike } from "../transport/send-http";
import { datapointDirections, directionCounts } from "@honeyhive/core/verdict/compare";
import { numericDifference } from "@honeyhive/core/verdict/float-noise";
import type { RunIdentity } from "@honeyhive/core/text/run-identity";
import { promptChange, type PromptChange } from "@honeyhive/core/prompts/prompt-change";

export type { RunIdentity };
import type { RunsApi } from "../api-client/runs-api";

/** Options of {@link compareRuns}. */
interface CompareRunsOptions {
  /** Env `HH_API_KEY`. */
  apiKey?: string;
  /** Env `HH_API_URL`. */
  serverUrl?: string;
  aggregateFunction?: AggregateFunction;
  fetch?: FetchLike;
}

/** One metric compared between two runs. */
export interface MetricComparison {
  metric: string;
  eventName?: string;
  oldAggregate: number | null;
  newAggregate: number | null;
  difference: number | null;
  improvedCount: number;
  degradedCount: number;
  sameCount: number;
  improved: string[];
  degraded: string[];
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
  metrics: MetricComparison[];
  /**
   * Common datapoints by their overall direction over all metrics (each datapoint counted once: `mixed` when some
   * metrics improved and others degraded), by the rule the viewer uses (`src/verdict/compare.ts`).
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
  /** The server's answer as received. */
  raw: Record<string, unknown>;
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


function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function toMetric(m: RunComparisonMetric): MetricComparison {
  const oldAggregate = num(m.old_aggregate);
  const newAggregate = num(m.new_aggregate);
  const out: MetricComparison = {
    metric: String(m.metric_name),
    oldAggregate,
    newAggregate,
    // from the aggregates when both are known: a server's float-noise difference (-1.11e-16) is no change
    difference: oldAggregate !== null && newAggregate !== null ? numericDifference(oldAggregate, newAggregate) : num(m.difference),
    improvedCount: num(m.improved_count) ?? strings(m.improved).length,
    degradedCount: num(m.degraded_count) ?? strings(m.degraded).length,
    sameCount: num(m.same_count) ?? strings(m.same).length,
    improved: strings(m.improved),
    degraded: strings(m.degraded),
  };
  if (typeof m.event_name === "string") out.eventName = m.event_name;
  return out;
}

/** The run's name and start time from `GET /v1/runs/{id}` (the id alone when the server did not give them), and its metadata. */
async function runIdentityOf(runs: RunsApi, runId: string): Promise<{ identity: RunIdentity; metadata: unknown }> {
  try {
    const found = await runs.get(runId);
    const run = found.ok ? found.data.evaluation : undefined;
    const name = typeof run?.name === "string" ? run.name : undefined;
    const startedAt = typeof run?.created_at === "string" ? run.created_at : undefined;
    return { identity: { runId, ...(name !== undefined ? { name } : {}), ...(startedAt !== undefined ? { startedAt } : {}) }, metadata: run?.metadata };
  } catch {
    return { identity: { runId }, metadata: undefined };
  }
}

/** The dataset content version each run recorded (`metadata.dataset_version`), when it did. */
function datasetVersionsOf(oldMetadata: unknown, newMetadata: unknown): { old?: string; new?: string } {
  const versionIn = (metadata: unknown): string | undefined => {
    const version = (metadata as Record<string, unknown> | undefined)?.dataset_version;
    return typeof version === "string" ? version : undefined;
  };
  const [before, after] = [versionIn(oldMetadata), versionIn(newMetadata)];
  return { ...(before !== undefined ? { old: before } : {}), ...(after !== undefined ? { new: after } : {}) };
}

/**
 * Compares two runs server-side (`GET /v1/runs/{new}/compare-with/{old}`, and each run for its name and start time): per-metric aggregates and the
 * datapoints that improved or degraded (higher is better); a datapoint that ran before and now errors or is not run
 * is degraded (`regressed`), and the dataset version each run recorded (`datasetVersions`, which says when they differ). Throws
 * `HoneyHiveApiError` when the request fails.
 */
export async function compareRuns(newRunId: string, oldRunId: string, options: CompareRunsOptions = {}): Promise<RunComparison> {
  const env = readEnv();
  const apiKey = options.apiKey ?? env.HH_API_KEY;
  if (!apiKey) throw new MissingApiKeyError("project", missingKeyMessage("project", "compareRuns()"));
  const api = createApiClient({ apiKey, serverUrl: options.serverUrl ?? env.HH_API_URL ?? DEFAULT_SERVER_URL, fetch: options.fetch });
  if (typeof newRunId !== "string" || typeof oldRunId !== "string") throw new HoneyHiveApiError("compareRuns: the run ids must be strings");
  const [result, newRead, oldRead] = await Promise.all([
    api.runs.compare(newRunId, oldRunId, options.aggregateFunction), runIdentityOf(api.runs, newRunId), runIdentityOf(api.runs, oldRunId),
  ]);
  if (!result.ok) throw errorOf(result);
  const metrics = (Array.isArray(result.data.metrics) ? result.data.metrics : []).filter((m) => m && typeof m === "object").map(toMetric);
  const commonDatapoints = strings(result.data.commonDatapoints ?? result.data.common_datapoints);
  const changes = result.data.execution_changes as { regressed?: unknown; recovered?: unknown } | undefined;
  const execution = { regressed: strings(changes?.regressed), recovered: strings(changes?.recovered) };
  const counts = directionCounts(datapointDirections(commonDatapoints, metrics, execution).values());
  const prompt = promptChange(oldRead.metadata, newRead.metadata);
  return {
    newRunId,
    oldRunId,
    newRun: newRead.identity,
    oldRun: oldRead.identity,
    ...(prompt ? { promptChange: prompt } : {}),
    commonDatapoints,
    metrics,
    improvedCount: counts.improved,
    degradedCount: counts.degraded,
    mixedCount: counts.mixed,
    sameCount: counts.same,
    regressed: execution.regressed,
    recovered: execution.recovered,
    datasetVersions: datasetVersionsOf(oldRead.metadata, newRead.metadata),
    raw: result.data,
  };
}
