/**
 * The metric rows a run's results are built from: every event of its sessions, without the sessions a later finished
 * attempt of their shard replaced (`core/runs/shard-attempts`), so a CI shard run again into the same run counts its
 * datapoints once, and without the earlier attempts of a resumed datapoint (`withoutEarlierAttempts`). Every view of a
 * run's results (the REST results and metrics, the viewer's run page, verdict counts, trends, comparisons, datasets)
 * reads its rows here.
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

/** The latest top-level event of each session that states its outcome and holds more than one (by start time). */
function latestAttempts(rows: readonly MetricEventRow[]): Map<string, string> {
  const stated = new Set<string>();
  const tops = new Map<string, MetricEventRow[]>();
  for (const row of rows) {
    if (row.event_id === row.session_id) {
      if (row.stated_outcome !== undefined) stated.add(row.session_id);
    } else if (row.parent_id === row.session_id) {
      const list = tops.get(row.session_id);
      if (list) list.push(row);
      else tops.set(row.session_id, [row]);
    }
  }
  const latest = new Map<string, string>();
  for (const [sessionId, list] of tops) {
    if (!stated.has(sessionId) || list.length < 2) continue;
    let last = list[0]!;
    for (const row of list) if ((row.start_time ?? 0) >= (last.start_time ?? 0)) last = row;
    latest.set(sessionId, last.event_id);
  }
  return latest;
}

/** The top-level event `row` descends from (itself when top-level), undefined when its chain of parents is broken. */
function topLevelAncestor(row: MetricEventRow, parents: Map<string, string | null>): string | undefined {
  let id = row.event_id;
  let parent = row.parent_id;
  for (let depth = 0; parent !== null && depth < 1000; depth++) {
    if (parent === row.session_id) return id;
    id = parent;
    const next = parents.get(parent);
    if (next === undefined) return undefined;
    parent = next;
  }
  return undefined;
}

/**
 * `rows` without the events of a resumed datapoint's earlier attempts: a session that states its datapoint's outcome
 * (`core/runs/datapoint-outcome`, a resumable run) and holds several top-level events (one function span per attempt)
 * counts only its latest one and what it holds, as the SDK reads a resumed datapoint from its latest span, so a
 * datapoint run twice gives its scores once.
 */
export function withoutEarlierAttempts(rows: MetricEventRow[]): MetricEventRow[] {
  const latest = latestAttempts(rows);
  if (latest.size === 0) return rows;
  const parents = new Map(rows.map((row) => [row.event_id, row.parent_id]));
  return rows.filter((row) => {
    const keep = latest.get(row.session_id);
    if (keep === undefined || row.event_id === row.session_id) return true;
    const top = topLevelAncestor(row, parents);
    return top === undefined || top === keep;
  });
}

/** The metric rows of `run`'s current sessions (see the module comment). */
export async function currentRunMetricRows(store: Store, projectId: string, run: RunRecord): Promise<MetricEventRow[]> {
  const rows = await store.runMetricRows(projectId, run.id, runSessionIds(run));
  return withoutEarlierAttempts(withoutSupersededSessions(rows, run.metadata));
}
