/**
 * The run summary (`GET /v1/runs/{id}/result` and `/summary`): per-metric aggregates over every event
 * of the run's sessions, pass/fail per datapoint, and the run object.
 */
import type { JsonObject } from "../model/json";
import type { RunRecord } from "../store/records";
import { aggregate, type AggregateFunction } from "./aggregate";
import { passes, passingRule } from "./passing";
import { sessionValue, type RunMetrics, type SessionMetrics } from "./run-metrics";

/** The id a datapoint is listed under: its datapoint id, else its session id. */
export function datapointLabel(session: SessionMetrics): string {
  return session.datapoint_id ?? session.session_id;
}

/** Whether every metric value of a session passes its rule. */
function sessionMetricResults(session: SessionMetrics, metrics: RunMetrics, run: RunRecord) {
  const results: JsonObject[] = [];
  let allPassed = true;
  for (const [id, values] of session.values) {
    const key = metrics.keys.get(id);
    if (!key) continue;
    const rule = passingRule(run.passing_ranges, key.metric_name);
    const passed = values.raw.every((v) => passes(v, rule));
    if (!passed) allPassed = false;
    results.push({
      name: key.metric_name,
      event_name: key.event_name,
      event_type: key.event_type,
      value: sessionValue(values),
      passed,
    });
  }
  return { results, allPassed };
}

/** Builds the summary response for a run. `runObject` is the run's API form. */
export function buildRunSummary(
  run: RunRecord,
  metrics: RunMetrics,
  fn: AggregateFunction,
  runObject: JsonObject,
): JsonObject {
  const details: JsonObject[] = [];
  for (const [id, key] of metrics.keys) {
    const rule = passingRule(run.passing_ranges, key.metric_name);
    const values: number[] = [];
    const passed: string[] = [];
    const failed: string[] = [];
    for (const session of metrics.sessions) {
      const v = session.values.get(id);
      if (!v) continue;
      values.push(...v.numbers);
      (v.raw.every((x) => passes(x, rule)) ? passed : failed).push(datapointLabel(session));
    }
    const detail: JsonObject = {
      metric_name: key.metric_name,
      metric_type: key.allBoolean ? "boolean" : "numeric",
      event_name: key.event_name,
      event_type: key.event_type,
      aggregate: aggregate(values, fn),
      values,
      datapoints: { passed, failed },
    };
    if (rule) detail.passing_range = rule;
    details.push(detail);
  }
  const datapoints: JsonObject[] = [];
  const passedList: string[] = [];
  const failedList: string[] = [];
  for (const session of metrics.sessions) {
    const { results, allPassed } = sessionMetricResults(session, metrics, run);
    // A datapoint whose evaluated function failed (an error on a top-level event of its session) fails,
    // whatever its metrics say: it has no real output to score.
    const passed = allPassed && session.error === null;
    datapoints.push({
      datapoint_id: session.datapoint_id,
      session_id: session.session_id,
      passed,
      metrics: results,
      ...(session.error !== null ? { error: session.error } : {}),
    });
    (passed ? passedList : failedList).push(datapointLabel(session));
  }
  return {
    run_id: run.id,
    status: run.status,
    success: run.status === "completed",
    error: null,
    passed: passedList,
    failed: failedList,
    metrics: { aggregation_function: fn, details },
    datapoints,
    event_details: [...metrics.eventDetails.values()],
    run_object: runObject,
  };
}
