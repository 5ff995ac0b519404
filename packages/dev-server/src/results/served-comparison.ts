/**
 * The comparison of two runs as the dev server serves it (`compare-with` and the viewer's comparison page): both
 * runs' summaries (the `/result` answer, each datapoint with its cost and latency) read into core's run results and
 * compared by core's one rule (`@honeyhive/core/verdict/run-comparison`) — the very data and code `compareRuns` uses
 * on the SDK's side, so every front end shows the same verdicts. The resampling is cached by content (at most
 * {@link CACHED_COMPARISONS}), so polling a page of unchanged runs does not redo it.
 */
import type { AggregateFunction } from "@honeyhive/core/verdict/aggregate";
import { compareRunResults, type RunComparisonResult } from "@honeyhive/core/verdict/run-comparison";
import { runResultsFromSummary, type RunResults } from "@honeyhive/core/verdict/run-results";
import { hash128Hex } from "../domain/fast-hash";
import type { JsonObject } from "../domain/json";
import type { RunRecord } from "../domain/records";
import type { Store } from "../store/store";
import type { RunMetrics } from "./run-metrics";
import { sessionUsages } from "./session-usage";
import { buildRunSummary } from "./summary";

/** Comparisons kept per server. */
export const CACHED_COMPARISONS = 16;

/** Both runs' results and their comparison. */
export interface ServedComparison {
  before: RunResults;
  after: RunResults;
  result: RunComparisonResult;
}

/** Where computed comparisons are kept (a route cache). */
export interface ComparisonCache {
  get(key: string): ServedComparison | undefined;
  set(key: string, value: ServedComparison): void;
}

/** One side of a comparison: the run, its metrics, its API object. */
export interface ComparedRun {
  run: RunRecord;
  metrics: RunMetrics;
  runObject: JsonObject;
}

/** A run's summary with each datapoint's usage (see the module comment). */
export async function summaryWithUsage(store: Store, projectId: string, side: ComparedRun, fn: AggregateFunction): Promise<JsonObject> {
  const usage = await sessionUsages(store, projectId, side.metrics.sessions.map((s) => s.session_id));
  return buildRunSummary(side.run, side.metrics, fn, side.runObject, usage);
}

/** Compares `after` with `before` (see the module comment). */
export async function servedComparison(
  store: Store, projectId: string, before: ComparedRun, after: ComparedRun, fn: AggregateFunction, cache?: ComparisonCache,
): Promise<ServedComparison> {
  const [oldSummary, newSummary] = [await summaryWithUsage(store, projectId, before, fn), await summaryWithUsage(store, projectId, after, fn)];
  const read = (summary: JsonObject) => ({ datapoints: summary.datapoints, not_run: summary.not_run, run_object: summary.run_object, metrics: summary.metrics });
  const key = hash128Hex(JSON.stringify([read(oldSummary), read(newSummary)]));
  const cached = cache?.get(key);
  if (cached) return cached;
  const [oldResults, newResults] = [runResultsFromSummary(oldSummary), runResultsFromSummary(newSummary)];
  const served = { before: oldResults, after: newResults, result: compareRunResults(oldResults, newResults) };
  cache?.set(key, served);
  return served;
}
