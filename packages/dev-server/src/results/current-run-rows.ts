/**
 * The metric rows a run's results are built from: every event of its sessions, without the sessions a later finished
 * attempt of their shard replaced (`core/runs/shard-attempts`), so a CI shard run again into the same run counts its
 * datapoints once. Every view of a run's results (the REST results and metrics, the viewer's run page, verdict
 * counts, trends, comparisons, datasets) reads its rows here.
 */
import { isSupersededSession } from "@honeyhive/core/runs/shard-attempts";
import type { MetricEventRow, RunRecord } from "../domain/records";
import { runSessionIds } from "../model/run-model";
import type { Store } from "../store/store";

/** `rows` without those of sessions a later attempt of their shard superseded (per `runMetadata`'s markers). */
export function withoutSupersededSessions(rows: MetricEventRow[], runMetadata: unknown): MetricEventRow[] {
  const superseded = new Set<string>();
  for (const row of rows) if (isSupersededSession(row.shard_attempt, runMetadata)) superseded.add(row.session_id);
  return superseded.size === 0 ? rows : rows.filter((row) => !superseded.has(row.session_id));
}

/** The metric rows of `run`'s current sessions (see the module comment). */
export async function currentRunMetricRows(store: Store, projectId: string, run: RunRecord): Promise<MetricEventRow[]> {
  return withoutSupersededSessions(await store.runMetricRows(projectId, run.id, runSessionIds(run)), run.metadata);
}
