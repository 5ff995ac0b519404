/**
 * A run's verdict counts for the runs list: passed, failed (of which errored: the evaluated function did not
 * complete), not run. They come from `buildRunSummary`, the same numbers as `GET /v1/runs/{id}/result` and the run
 * page, computed by the SDK's one verdict rule (`verdict/`); a finished run's counts are cached. The session list
 * marks each evaluation session's verdict from the same summary.
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
  datapoints: { session_id: string; passed: boolean; error?: unknown }[];
}

/** A run's counts and each of its datapoint sessions' verdict (true: passed). */
interface RunVerdicts {
  counts: RunVerdictCounts;
  bySession: ReadonlyMap<string, boolean>;
}

/** The verdicts of `run` by the one verdict rule (`buildRunSummary`); a finished run's are cached. */
async function runVerdicts(store: Store, caches: RouteCaches, projectId: string, run: RunRecord): Promise<RunVerdicts> {
  const cache = caches.cache<RunVerdicts>("viewer/run-verdicts", CACHE_ENTRIES);
  const key = JSON.stringify([projectId, run.id, run.updated_at, run.status, run.event_ids.length]);
  const cached = cache.get(key);
  if (cached) return cached;
  const metrics = collectRunMetrics(await currentRunMetricRows(store, projectId, run));
  const summary = buildRunSummary(run, metrics, "average", {}) as unknown as SummaryCounts;
  const verdicts: RunVerdicts = {
    counts: {
      passed: summary.verdict.passed,
      failed: summary.verdict.failed,
      errored: summary.datapoints.filter((d) => d.error !== undefined).length,
      not_run: summary.verdict.not_run,
      total: summary.verdict.total,
    },
    bySession: new Map(summary.datapoints.map((d) => [d.session_id, d.passed])),
  };
  if (FINISHED_RUN_STATUSES.has(run.status)) cache.set(key, verdicts);
  return verdicts;
}

/** The verdict counts of `run`. */
export async function runVerdictCounts(store: Store, caches: RouteCaches, projectId: string, run: RunRecord): Promise<RunVerdictCounts> {
  return (await runVerdicts(store, caches, projectId, run)).counts;
}

/**
 * The verdict of each evaluation session among `sessions` (`run_id` set): `passed` or `failed` by its run's verdict
 * rule, as the run page shows it; sessions of no run, or of a run that does not count them, are absent.
 */
export async function sessionVerdicts(
  store: Store, caches: RouteCaches, projectId: string, sessions: readonly { session_id: string; run_id: string | null }[],
): Promise<Map<string, "passed" | "failed">> {
  const verdicts = new Map<string, "passed" | "failed">();
  const runIds = [...new Set(sessions.flatMap((s) => (s.run_id === null ? [] : [s.run_id])))];
  for (const runId of runIds) {
    const run = await store.getRun(projectId, runId);
    if (run === undefined) continue;
    const { bySession } = await runVerdicts(store, caches, projectId, run);
    for (const s of sessions) {
      const passed = s.run_id === runId ? bySession.get(s.session_id) : undefined;
      if (passed !== undefined) verdicts.set(s.session_id, passed ? "passed" : "failed");
    }
  }
  return verdicts;
}
