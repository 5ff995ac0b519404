/**
 * What each datapoint's session cost and took, the app apart from the evaluation, for comparisons (a run summary's
 * datapoints carry it as `usage`, compared like metrics by `@honeyhive/core/verdict/run-comparison`):
 * - cost: the session's model calls by the one summing rule (`domain/call-usage.ts` `callTotalsBySide`: each call
 *   once; the evaluation's are those made in or under an event marked as evaluation work); absent when no call had
 *   a price;
 * - latency: the time covered by the session's events that are evaluation work (evaluators, LLM judges), and the
 *   time covered by its other events outside that (the function under evaluation: the datapoint's span encloses
 *   its evaluators, whose time is not the app's). Absent when the session has no such events.
 * Read lean (`Store.sessionTreeRows`: usage objects only where they can hold usage), at most
 * {@link MAX_USAGE_EVENTS} events per session.
 */
import { callTotalsBySide, eventUsage, isEvaluationWork } from "../domain/call-usage";
import type { TreeEventRow } from "../domain/records";
import type { Store } from "../store/store";

/** The usage of one session (each field present when known). */
export interface SessionUsage {
  app_cost_usd?: number;
  evaluation_cost_usd?: number;
  app_latency_ms?: number;
  evaluation_latency_ms?: number;
}

/** Most events of one session read for its usage. */
export const MAX_USAGE_EVENTS = 20_000;

type Interval = [number, number];

/** The disjoint, ascending union of intervals. */
function union(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function length(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, [a, b]) => sum + (b - a), 0);
}

/** The length of `a` outside `b` (both disjoint and ascending). */
function lengthOutside(a: readonly Interval[], b: readonly Interval[]): number {
  let overlap = 0;
  let j = 0;
  for (const [start, end] of a) {
    while (j < b.length && b[j]![1] <= start) j++;
    for (let k = j; k < b.length && b[k]![0] < end; k++) overlap += Math.min(end, b[k]![1]) - Math.max(start, b[k]![0]);
  }
  return length(a) - overlap;
}

function intervalOf(row: TreeEventRow): Interval | undefined {
  const start = row.start_time;
  if (start === null) return undefined;
  const end = row.end_time ?? (row.duration !== null ? start + row.duration : null);
  return end === null ? undefined : [start, end];
}

/** The usage of one session from its rows (see the module comment). */
export function usageOfSession(sessionId: string, rows: readonly TreeEventRow[]): SessionUsage {
  const events = rows.filter((r) => !(r.event_type === "session" && r.event_id === sessionId));
  const sides = callTotalsBySide(events.map((r) => ({ id: r.event_id, parent: r.parent_id, type: r.event_type, usage: eventUsage(r), evaluation: isEvaluationWork(r) })));
  const usage: SessionUsage = {};
  if (sides.app?.cost != null) usage.app_cost_usd = sides.app.cost;
  if (sides.evaluation?.cost != null) usage.evaluation_cost_usd = sides.evaluation.cost;
  const evaluation: Interval[] = [];
  const app: Interval[] = [];
  for (const row of events) {
    const interval = intervalOf(row);
    if (interval !== undefined) (isEvaluationWork(row) ? evaluation : app).push(interval);
  }
  const evaluationTime = union(evaluation);
  if (evaluation.length > 0) usage.evaluation_latency_ms = length(evaluationTime);
  if (app.length > 0) usage.app_latency_ms = lengthOutside(union(app), evaluationTime);
  return usage;
}

/** The usage of each session (see the module comment). */
export async function sessionUsages(store: Store, projectId: string, sessionIds: readonly string[]): Promise<Map<string, SessionUsage>> {
  const out = new Map<string, SessionUsage>();
  for (const id of new Set(sessionIds)) out.set(id, usageOfSession(id, await store.sessionTreeRows(projectId, id, MAX_USAGE_EVENTS)));
  return out;
}
