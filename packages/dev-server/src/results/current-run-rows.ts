/**
 * The metric rows a run's results are built from: every event of its sessions, without the sessions a later finished
 * attempt of their shard replaced (`core/runs/shard-attempts`), so a CI shard run again into the same run counts its
 * datapoints once, and without the earlier attempts of a resumed datapoint (`withoutEarlierAttempts`). Every view of a
 * run's results (the REST results and metrics, the viewer's run page, verdict counts, trends, comparisons, datasets)
 * reads its rows here.
 */
import { isSupersededSession } from "@honeyhive/core/runs/shard-attempts";
import { isLaterAttempt } from "@honeyhive/core/runs/datapoint-outcome";
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
 * The earlier attempts of the sessions that state their outcome (`core/runs/datapoint-outcome`: this SDK's resumable
 * runs): such a session holds one function span per attempt, a top-level `chain` event named `functionName` (the
 * run's `configuration.function`), and each but the latest ({@link isLaterAttempt}, the SDK's rule) is an earlier
 * attempt. No other event is an attempt. Returns the earlier attempts' ids and their sessions.
 */
function earlierAttempts(rows: readonly MetricEventRow[], functionName: string): { ids: Set<string>; sessions: Set<string> } {
  const stated = new Set<string>();
  for (const row of rows) if (row.event_id === row.session_id && row.stated_outcome !== undefined) stated.add(row.session_id);
  const latest = new Map<string, MetricEventRow>();
  const ids = new Set<string>();
  const sessions = new Set<string>();
  for (const row of rows) {
    if (row.parent_id !== row.session_id || row.event_type !== "chain" || row.event_name !== functionName || !stated.has(row.session_id)) continue;
    const kept = latest.get(row.session_id);
    if (kept === undefined) {
      latest.set(row.session_id, row);
      continue;
    }
    const later = isLaterAttempt(row.start_time, kept.start_time);
    ids.add(later ? kept.event_id : row.event_id);
    if (later) latest.set(row.session_id, row);
    sessions.add(row.session_id);
  }
  return { ids, sessions };
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
 * `rows` without a resumed datapoint's earlier attempts (see {@link earlierAttempts}) and the events under them, so a
 * datapoint run twice gives its scores once, from its latest attempt, as `evaluate()` reads it. Only the sessions that
 * hold an earlier attempt are walked. An event whose chain of parents is broken is kept. `functionName` undefined (a
 * run that names no function): `rows` as they are.
 */
export function withoutEarlierAttempts(rows: MetricEventRow[], functionName: string | undefined): MetricEventRow[] {
  if (functionName === undefined) return rows;
  const earlier = earlierAttempts(rows, functionName);
  if (earlier.ids.size === 0) return rows;
  const parents = new Map<string, string | null>();
  for (const row of rows) if (earlier.sessions.has(row.session_id)) parents.set(row.event_id, row.parent_id);
  return rows.filter((row) => {
    if (!earlier.sessions.has(row.session_id)) return true;
    const top = topLevelAncestor(row, parents);
    return top === undefined || !earlier.ids.has(top);
  });
}

/** The metric rows of `run`'s current sessions (see the module comment). */
export async function currentRunMetricRows(store: Store, projectId: string, run: RunRecord): Promise<MetricEventRow[]> {
  const rows = await store.runMetricRows(projectId, run.id, runSessionIds(run));
  const functionName = run.configuration.function;
  return withoutEarlierAttempts(withoutSupersededSessions(rows, run.metadata), typeof functionName === "string" ? functionName : undefined);
}
