/**
 * A run's verdict counts for the runs list: passed, failed (of which errored: the evaluated function did not
 * complete), not run. They come from `buildRunSummary`, the same numbers as `GET /v1/runs/{id}/result` and the run
 * page, computed by the SDK's one verdict rule (`verdict/`); a finished run's counts are cached.
 */
import { collectRunMetrics } from "../../results/run-metrics";
import { buildRunSummary } from "../../results/summary";
import type { RunRecord } from "../../domain/records";
import type { Store } from "../../store/store";
import type { RouteCaches } from "../../routes/server-caches";
import type { RunVerdictCounts } from "../shared/wire-types";
import { currentRunMetricRows } from "../../results/current-run-rows";
import { FINISHED_RUN_STATUSES } from "../shared/run-status";

const CACHE_ENTRIES = 2000;

interface SummaryCounts {
  verdict: { passed: number; failed: number; not_run: number; total: number };
  datapoints: { error?: unknown }[];
}

/** The verdict counts of `run`. */
export async function runVerdictCounts(store: Store, caches: RouteCaches, projectId: string, run: RunRecord): Promise<RunVerdictCounts> {
  const cache = caches.cache<RunVerdictCounts>("viewer/run-verdict-counts", CACHE_ENTRIES);
  const key = JSON.stringify([projectId, run.id, run.updated_at, run.status, run.event_ids.length]);
  const cached = cache.get(key);
  if (cached) return cached;
  const metrics = collectRunMetrics(await currentRunMetricRows(store, projectId, run));
  const summary = buildRunSummary(run, metrics, "average", {}) as unknown as SummaryCounts;
  const counts: RunVerdictCounts = {
    passed: summary.verdict.passed,
    failed: summary.verdict.failed,
    errored: summary.datapoints.filter((d) => d.error !== undefined).length,
    not_run: summary.verdict.not_run,
    total: summary.verdict.total,
  };
  if (FINISHED_RUN_STATUSES.has(run.status)) cache.set(key, counts);
  return counts;
}
