/**
 * The run summary (`GET /v1/runs/{id}/result` and `/summary`): per-metric aggregates over every event
 * of the run's sessions, pass/fail per datapoint (the shared rule of `src/verdict/`; k of n over a datapoint's trials
 * where a range sets `min_pass_trials`), the run's datapoints that
 * have no session (not run: neither passed nor failed), the run's execution status and verdict counts, and the run object.
 */
import { aggregate, type AggregateFunction } from "@honeyhive/core/verdict/aggregate";
import { datapointPassed, unrecordedEvaluators } from "@honeyhive/core/verdict/datapoint-verdict";
import { acrossTrialsVerdicts, hasTrialRanges } from "@honeyhive/core/verdict/trials-verdict";
import { metricDecides, metricVerdict, type MetricVerdict } from "@honeyhive/core/verdict/metric-verdict";
import { passingRangeOf } from "@honeyhive/core/verdict/passing-range";
import { runVerdict } from "@honeyhive/core/verdict/run-verdict";
import type { JsonObject } from "../domain/json";
import type { RunRecord } from "../domain/records";
import { sessionValue, type MetricValues, type RunMetrics, type SessionMetrics } from "./run-metrics";
import type { SessionUsage } from "./session-usage";

/** The id a datapoint is listed under: its datapoint id, else its session id. */
function datapointLabel(session: SessionMetrics): string {
  return session.datapoint_id ?? session.session_id;
}

/** The verdict of one metric key in one session: failed if any value fails, passed if any passes. */
function keyVerdict(values: MetricValues, metricName: string, run: RunRecord): MetricVerdict {
  const range = passingRangeOf(run.passing_ranges, metricName);
  let verdict: MetricVerdict = "undecided";
  for (const value of values.raw) {
    const v = metricVerdict(value, range);
    if (v === "failed") return "failed";
    if (v === "passed") verdict = "passed";
  }
  return verdict;
}

/** A session's metric values as `[name, value]` pairs (a name repeats across events and values). */
function sessionPairs(session: SessionMetrics, metrics: RunMetrics): [string, unknown][] {
  const pairs: [string, unknown][] = [];
  for (const [id, values] of session.values) {
    const key = metrics.keys.get(id);
    if (key) for (const value of values.raw) pairs.push([key.metric_name, value]);
  }
  return pairs;
}

/**
 * k of n: per datapoint, the outcome of each metric whose range sets `min_pass_trials`, over the datapoint's sessions
 * (its trials; `@honeyhive/core/verdict/trials-verdict`). Empty without such a range.
 */
function trialVerdicts(metrics: RunMetrics, run: RunRecord): Map<string, Map<string, boolean>> {
  const out = new Map<string, Map<string, boolean>>();
  if (!hasTrialRanges(run.passing_ranges)) return out;
  const byDatapoint = new Map<string, SessionMetrics[]>();
  for (const session of metrics.sessions) {
    if (session.datapoint_id === null) continue;
    byDatapoint.set(session.datapoint_id, [...(byDatapoint.get(session.datapoint_id) ?? []), session]);
  }
  for (const [id, sessions] of byDatapoint) {
    out.set(id, acrossTrialsVerdicts(sessions.map((s) => ({ completed: s.error === null, metrics: sessionPairs(s, metrics) })), run.passing_ranges));
  }
  return out;
}

/** Each metric of a session with its verdict, and whether the datapoint passed. */
function sessionMetricResults(session: SessionMetrics, metrics: RunMetrics, run: RunRecord, acrossTrials?: ReadonlyMap<string, boolean>) {
  const results: JsonObject[] = [];
  const pairs = sessionPairs(session, metrics);
  for (const [id, values] of session.values) {
    const key = metrics.keys.get(id);
    if (!key) continue;
    const verdict = keyVerdict(values, key.metric_name, run);
    results.push({
      name: key.metric_name,
      event_name: key.event_name,
      event_type: key.event_type,
      value: sessionValue(values),
      passed: verdict !== "failed",
      verdict,
    });
  }
  // A datapoint whose evaluated function failed (an error on a top-level event of its session) fails,
  // whatever its metrics say: it has no real output to score.
  const unrecorded = unrecordedEvaluators(run.configuration.evaluators, { eventNames: session.eventNames, metricNames: pairs.map(([name]) => name) });
  const passed = datapointPassed({
    completed: session.error === null, metrics: pairs, ranges: run.passing_ranges, evaluatorErrored: session.evaluatorErrored,
    evaluatorUnrecorded: unrecorded.length > 0, ...(acrossTrials ? { acrossTrials } : {}),
  });
  return { results, passed, unrecorded };
}

/** Per metric key: its aggregate over every value, the datapoints it passed and failed, and whether it decides. */
function metricDetails(run: RunRecord, metrics: RunMetrics, fn: AggregateFunction): JsonObject[] {
  const details: JsonObject[] = [];
  for (const [id, key] of metrics.keys) {
    const rule = passingRangeOf(run.passing_ranges, key.metric_name);
    const values: number[] = [];
    const passed: string[] = [];
    const failed: string[] = [];
    let hasBooleans = false;
    for (const session of metrics.sessions) {
      const v = session.values.get(id);
      if (!v) continue;
      values.push(...v.numbers);
      hasBooleans ||= v.raw.some((x) => typeof x === "boolean");
      const verdict = keyVerdict(v, key.metric_name, run);
      if (verdict !== "undecided") (verdict === "passed" ? passed : failed).push(datapointLabel(session));
    }
    const detail: JsonObject = {
      metric_name: key.metric_name,
      metric_type: key.allBoolean ? "boolean" : "numeric",
      event_name: key.event_name,
      event_type: key.event_type,
      aggregate: aggregate(values, fn),
      values,
      datapoints: { passed, failed },
      // False for a metric that passes and fails nothing (numbers without a min / max).
      decides_verdict: metricDecides(hasBooleans, rule),
    };
    if (rule) detail.passing_range = rule;
    details.push(detail);
  }
  return details;
}

/**
 * Builds the summary response for a run. `runObject` is the run's API form; `usage`, each session's cost and latency
 * (`session-usage.ts`), added to its datapoint as `usage` when given.
 */
export function buildRunSummary(
  run: RunRecord,
  metrics: RunMetrics,
  fn: AggregateFunction,
  runObject: JsonObject,
  usage?: ReadonlyMap<string, SessionUsage>,
): JsonObject {
  const details = metricDetails(run, metrics, fn);
  const datapoints: JsonObject[] = [];
  const passedList: string[] = [];
  const failedList: string[] = [];
  const kOfN = trialVerdicts(metrics, run);
  for (const session of metrics.sessions) {
    const { results, passed, unrecorded } = sessionMetricResults(session, metrics, run, session.datapoint_id === null ? undefined : kOfN.get(session.datapoint_id));
    datapoints.push({
      datapoint_id: session.datapoint_id,
      session_id: session.session_id,
      passed,
      metrics: results,
      ...(session.error !== null ? { error: session.error } : {}),
      ...(unrecorded.length > 0 ? { unrecorded_evaluators: unrecorded } : {}),
      ...(usage?.has(session.session_id) ? { usage: { ...usage.get(session.session_id) } } : {}),
    });
    (passed ? passedList : failedList).push(datapointLabel(session));
  }
  const ran = new Set(metrics.sessions.map((s) => s.datapoint_id));
  const notRun = [...new Set(run.datapoint_ids)].filter((id) => !ran.has(id));
  const verdict = runVerdict([...datapoints.map((d) => d.passed === true), ...notRun.map(() => "not_run" as const)]);
  return {
    run_id: run.id,
    status: run.status,
    success: run.status === "completed",
    error: null,
    passed: passedList,
    failed: failedList,
    not_run: notRun,
    verdict: { passed: verdict.passed, failed: verdict.failed, not_run: verdict.notRun, total: verdict.total },
    metrics: { aggregation_function: fn, details },
    datapoints,
    event_details: [...metrics.eventDetails.values()],
    run_object: runObject,
  };
}
