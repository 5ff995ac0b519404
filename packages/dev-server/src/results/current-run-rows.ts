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

/**
 * The earlier attempts of the sessions that state their outcome: a resumed datapoint's session holds one function span
 * per attempt, a top-level `chain` event of the function's name; of each name held more than once, every one but the
 * latest (by start time) is an earlier attempt. Other top-level events are not attempts (the SDK reads a resumed
 * datapoint from its latest function span: `honeyhive/src/evaluation/resume-point.ts`).
 */
function earlierAttempts(rows: readonly MetricEventRow[]): Set<string> {
  const stated = new Set<string>();
  for (const row of rows) if (row.event_id === row.session_id && row.stated_outcome !== undefined) stated.add(row.session_id);
  const latest = new Map<string, MetricEventRow>();
  const earlier = new Set<string>();
  for (const row of rows) {
    if (row.parent_id !== row.session_id || row.event_id === row.session_id || row.event_type !== "chain" || !stated.has(row.session_id)) continue;
    const key = `${row.session_id}\u0000${row.event_name}`;
    const seen = latest.get(key);
    if (seen === undefined) latest.set(key, row);
    else if ((row.start_time ?? 0) >= (seen.start_time ?? 0)) {
      earlier.add(seen.event_id);
      latest.set(key, row);
    } else earlier.add(row.event_id);
  }
  return earlier;
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
 * `rows` without the events of a resumed datapoint's earlier attempts (see {@link earlierAttempts}) and what they hold,
 * as the SDK reads a resumed datapoint from its latest function span, so a datapoint run twice gives its scores once.
 */
export function withoutEarlierAttempts(rows: MetricEventRow[]): MetricEventRow[] {
  const earlier = earlierAttempts(rows);
  if (earlier.size === 0) return rows;
  const parents = new Map(rows.map((row) => [row.event_id, row.parent_id]));
  return rows.filter((row) => {
    const top = topLevelAncestor(row, parents);
    return top === undefined || !earlier.has(top);
  });
}

/** The metric rows of `run`'s current sessions (see the module comment). */
export async function currentRunMetricRows(store: Store, projectId: string, run: RunRecord): Promise<MetricEventRow[]> {
  const rows = await store.runMetricRows(projectId, run.id, runSessionIds(run));
  return withoutEarlierAttempts(withoutSupersededSessions(rows, run.metadata));
}
