/**
 * The viewer's per-datapoint comparison of two runs: datapoints paired by datapoint id (the latest
 * session of a datapoint wins, as in `compare-with`), each metric's old and new value with its
 * direction (higher is better), and an overall verdict per datapoint, one page at a time.
 */
import { runSessionIds } from "../../model/run-model";
import { collectRunMetrics, sessionValue, type RunMetrics } from "../../results/run-metrics";
import type { EventRecord, RunRecord } from "../../store/records";
import type { Store } from "../../store/store";
import { compareValues, overallDirection, type Direction } from "../../../../honeyhive/src/verdict/compare";
import { previewValue, type ValuePreview } from "./preview";
import type { MetricColumn } from "./run-view";

/** Direction of a metric, or of a whole datapoint ("mixed" when some metrics improved and others degraded). */
export type Verdict = Direction;

/** One paired datapoint. */
export interface CompareRow {
  datapoint_id: string;
  old_session_id: string;
  new_session_id: string;
  verdict: Verdict;
  metrics: Record<string, { old: number | null; new: number | null; delta: number | null; verdict: Verdict | null }>;
  inputs: ValuePreview;
}

/** The comparison page. */
export interface CompareView {
  columns: MetricColumn[];
  counts: Record<Verdict, number>;
  common: number;
  only_new: number;
  only_old: number;
  rows: CompareRow[];
  total: number;
  page: number;
  limit: number;
}

/** Paging and verdict filter. */
export interface CompareViewQuery {
  page: number;
  limit: number;
  verdict?: Verdict;
}

interface DatapointValues {
  session_id: string;
  values: Map<string, number>;
}

function byDatapoint(metrics: RunMetrics): Map<string, DatapointValues> {
  const out = new Map<string, DatapointValues>();
  for (const session of metrics.sessions) {
    if (session.datapoint_id === null) continue;
    const values = new Map<string, number>();
    for (const [id, v] of session.values) values.set(id, Number(sessionValue(v)));
    out.set(session.datapoint_id, { session_id: session.session_id, values });
  }
  return out;
}

function columnsOf(oldRun: RunMetrics, newRun: RunMetrics): MetricColumn[] {
  const columns = new Map<string, MetricColumn>();
  for (const metrics of [newRun, oldRun]) {
    for (const [id, key] of metrics.keys) {
      if (!columns.has(id)) columns.set(id, { id, metric_name: key.metric_name, event_name: key.event_name, event_type: key.event_type });
    }
  }
  return [...columns.values()];
}

async function metricsOf(store: Store, projectId: string, run: RunRecord): Promise<RunMetrics> {
  return collectRunMetrics(await store.runMetricRows(projectId, run.id, runSessionIds(run)));
}

/** Compares `newRun` against `oldRun`. */
export async function compareView(
  store: Store,
  projectId: string,
  newRun: RunRecord,
  oldRun: RunRecord,
  q: CompareViewQuery,
): Promise<CompareView> {
  const oldMetrics = await metricsOf(store, projectId, oldRun);
  const newMetrics = await metricsOf(store, projectId, newRun);
  const columns = columnsOf(oldMetrics, newMetrics);
  const oldDp = byDatapoint(oldMetrics);
  const newDp = byDatapoint(newMetrics);
  const counts: Record<Verdict, number> = { improved: 0, degraded: 0, same: 0, mixed: 0 };
  const all: Omit<CompareRow, "inputs">[] = [];
  for (const [datapointId, after] of newDp) {
    const before = oldDp.get(datapointId);
    if (!before) continue;
    const metrics: CompareRow["metrics"] = {};
    const verdicts: Verdict[] = [];
    for (const { id } of columns) {
      const o = before.values.get(id);
      const n = after.values.get(id);
      const verdict = o !== undefined && n !== undefined ? compareValues(o, n) : null;
      if (verdict) verdicts.push(verdict);
      metrics[id] = { old: o ?? null, new: n ?? null, delta: o !== undefined && n !== undefined ? n - o : null, verdict };
    }
    const verdict = overallDirection(verdicts);
    counts[verdict] += 1;
    all.push({ datapoint_id: datapointId, old_session_id: before.session_id, new_session_id: after.session_id, verdict, metrics });
  }
  const matching = q.verdict === undefined ? all : all.filter((r) => r.verdict === q.verdict);
  const page = matching.slice((q.page - 1) * q.limit, q.page * q.limit);
  const sessions = new Map<string, EventRecord>();
  if (page.length > 0) {
    const { events } = await store.queryEvents(projectId, {
      where: { session_ids: page.map((r) => r.new_session_id), event_type: "session" },
    });
    for (const event of events) sessions.set(event.event_id, event);
  }
  return {
    columns,
    counts,
    common: all.length,
    only_new: [...newDp.keys()].filter((dp) => !oldDp.has(dp)).length,
    only_old: [...oldDp.keys()].filter((dp) => !newDp.has(dp)).length,
    rows: page.map((r) => ({ ...r, inputs: previewValue(sessions.get(r.new_session_id)?.inputs) })),
    total: matching.length,
    page: q.page,
    limit: q.limit,
  };
}
