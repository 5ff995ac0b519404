/**
 * What happened to each datapoint of a run, for comparisons: `ran` (its latest session's function completed),
 * `errored` (a top-level event of its latest session failed) or `not_run` (listed in the run without a session). The
 * comparison rule (`src/verdict/compare.ts`) turns these into regressions: ran before, errored or not run now.
 */
import type { ExecutionState } from "@honeyhive/core/verdict/compare";
import type { RunMetrics } from "./run-metrics";

/** Datapoint id → its execution state in the run (sessions without a datapoint id are left out). */
export function executionStates(metrics: RunMetrics, datapointIds: readonly string[]): Map<string, ExecutionState> {
  const states = new Map<string, ExecutionState>();
  for (const session of metrics.sessions) {
    if (session.datapoint_id !== null) states.set(session.datapoint_id, session.error === null ? "ran" : "errored");
  }
  for (const id of datapointIds) if (!states.has(id)) states.set(id, "not_run");
  return states;
}
