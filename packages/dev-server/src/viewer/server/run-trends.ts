/**
 * Trends for the runs list: for each run name, every metric's average over the latest runs with that
 * name, oldest first. A finished run's averages are cached (by id and update time), so a list of runs
 * with thousands of datapoints each is computed once.
 */
import { collectRunMetrics, sessionValue } from "../../results/run-metrics";
import type { RunRecord } from "../../domain/records";
import type { Store } from "../../store/store";
import type { RouteCaches } from "../../routes/server-caches";
import type { MetricTrend } from "../shared/wire-types";
import { currentRunMetricRows } from "../../results/current-run-rows";
import { FINISHED_RUN_STATUSES } from "../shared/run-status";

/** Runs of one name shown in a trend. */
export const TREND_RUNS = 20;
const CACHE_ENTRIES = 2000;

/** The average of each metric (by metric name) over a run's datapoints. */
async function averages(store: Store, caches: RouteCaches, projectId: string, run: RunRecord): Promise<Map<string, number>> {
  const cache = caches.cache<Map<string, number>>("viewer/run-trends", CACHE_ENTRIES);
  const key = JSON.stringify([projectId, run.id, run.updated_at, run.event_ids.length]);
  const cached = cache.get(key);
  if (cached) return cached;
  const metrics = collectRunMetrics(await currentRunMetricRows(store, projectId, run));
  const sums = new Map<string, { sum: number; n: number }>();
  for (const session of metrics.sessions) {
    for (const [id, values] of session.values) {
      const name = metrics.keys.get(id)?.metric_name;
      if (name === undefined) continue;
      const entry = sums.get(name) ?? { sum: 0, n: 0 };
      entry.sum += Number(sessionValue(values));
      entry.n += 1;
      sums.set(name, entry);
    }
  }
  const out = new Map<string, number>();
  for (const [name, { sum, n }] of sums) out.set(name, sum / n);
  if (FINISHED_RUN_STATUSES.has(run.status)) {
    cache.set(key, out);
  }
  return out;
}

/** The metric trends of the runs named `name` (the latest {@link TREND_RUNS}). */
export async function runTrends(store: Store, caches: RouteCaches, projectId: string, name: string): Promise<MetricTrend[]> {
  const { runs } = await store.listRuns(projectId, { name, sortBy: "created_at", sortOrder: "desc", offset: 0, limit: TREND_RUNS });
  runs.reverse();
  const perRun = await Promise.all(runs.map((run) => averages(store, caches, projectId, run)));
  const names: string[] = [];
  for (const values of perRun) for (const metric of values.keys()) if (!names.includes(metric)) names.push(metric);
  return names.map((metric) => ({
    metric_name: metric,
    points: runs.map((run, i) => ({ run_id: run.id, created_at: run.created_at, value: perRun[i]!.get(metric) ?? null })),
  }));
}
