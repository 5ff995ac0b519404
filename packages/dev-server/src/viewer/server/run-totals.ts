/**
 * Totals of a whole run for its page: session duration percentiles and tokens / cost summed over the
 * events of the run's sessions by the viewer's one summing rule (`callTotals`: each model call once, the same
 * rule as a session page, so a run's total is the sum of its sessions'). They read every session and event of the run, so a finished run's totals are cached
 * (by id, update time and session count) and polling its page does not read them again.
 */
import type { RunRecord } from "../../domain/records";
import type { Store } from "../../store/store";
import type { RouteCaches } from "../../routes/server-caches";
import { callTotalsBySide, eventUsage, isEvaluationWork, sumUsage, type Usage, type UsageBySide } from "../shared/usage";
import type { Percentiles } from "../shared/wire-types";
import { percentiles } from "./run-charts";
import { sessionDuration } from "./session-list";
import { FINISHED_RUN_STATUSES } from "../shared/run-status";

/** Duration percentiles and usage of a run. */
export interface RunTotals {
  durations: Percentiles | null;
  usage: Usage | null;
  /** The same, split into the app's calls and the evaluation's (evaluators, LLM judges). */
  usageBySide: UsageBySide;
}

/** Most events read for one run's totals. */
const MAX_EVENTS = 500_000;
const CACHE_RUNS = 16;

/** The totals of `run`'s sessions `sessionIds`. */
export async function runTotals(store: Store, caches: RouteCaches, projectId: string, run: RunRecord, sessionIds: string[]): Promise<RunTotals> {
  if (sessionIds.length === 0) return { durations: null, usage: null, usageBySide: { app: null, evaluation: null } };
  const cache = caches.cache<RunTotals>("viewer/run-totals", CACHE_RUNS);
  const key = JSON.stringify([projectId, run.id, run.updated_at, run.status, sessionIds.length]);
  const cached = cache.get(key);
  if (cached) return cached;
  const { events } = await store.queryEvents(projectId, { where: { session_ids: sessionIds }, limit: MAX_EVENTS });
  const sessions = events.filter((e) => e.event_type === "session" && e.event_id === e.session_id);
  const calls = events
    .filter((e) => !(e.event_type === "session" && e.event_id === e.session_id))
    .map((e) => ({ id: e.event_id, parent: e.parent_id, type: e.event_type, usage: eventUsage(e), evaluation: isEvaluationWork(e) }));
  const usageBySide = callTotalsBySide(calls);
  const totals: RunTotals = { durations: percentiles(sessions.map(sessionDuration)), usage: sumUsage([usageBySide.app, usageBySide.evaluation]), usageBySide };
  if (FINISHED_RUN_STATUSES.has(run.status)) {
    cache.set(key, totals);
  }
  return totals;
}
