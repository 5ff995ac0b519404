/**
 * The viewer's run page data: the run's aggregate metrics (any aggregation function) and one page of
 * its datapoint table (inputs, outputs, ground truth, each metric with pass/fail, duration, session).
 * Numbers come from the same `buildRunSummary` as `GET /v1/runs/{id}/result`, so both always agree;
 * payloads are cut to previews so a 10,000-datapoint run or a 5 MB output stays a small page.
 */
import type { AggregateFunction } from "../../results/aggregate";
import { collectRunMetrics, metricKeyId } from "../../results/run-metrics";
import { buildRunSummary } from "../../results/summary";
import { datapointRunLabel, DATAPOINT_INDEX_KEY } from "@honeyhive/core/text/datapoint-run-label";
import { EVALUATOR_ERRORS_KEY, evaluatorErrorsText } from "@honeyhive/core/verdict/datapoint-verdict";
import type { EventRecord, MetricEventRow, RunRecord } from "../../domain/records";
import type { Store } from "../../store/store";
import type { RouteCaches } from "../../routes/server-caches";
import { clipText, previewValue } from "./preview";
import { distribution } from "./run-charts";
import { runTotals } from "./run-totals";
import { metadataString, sessionDuration } from "./session-list";
import type { DatapointRow, MetricAggregateView, MetricColumn, RunView } from "../shared/wire-types";
import { currentRunMetricRows } from "../../results/current-run-rows";
export type { DatapointRow, MetricAggregateView, MetricColumn, RunView };

/** Paging, aggregation and pass/fail filter of the run page. */
export interface RunViewQuery {
  page: number;
  limit: number;
  fn: AggregateFunction;
  status?: "passed" | "failed";
}

interface SummaryShape {
  metrics: {
    details: {
      metric_name: string; event_name: string; event_type: string; metric_type: string; aggregate: number | null;
      values: number[]; datapoints: { passed: string[]; failed: string[] }; passing_range?: unknown; decides_verdict: boolean;
    }[];
  };
  datapoints: {
    datapoint_id: string | null; session_id: string; passed: boolean; error?: string;
    metrics: { name: string; event_name: string; event_type: string; value: number | boolean; passed: boolean }[];
  }[];
  not_run?: string[];
}

const ERROR_PREVIEW = 300;

function own(object: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

type SummaryDetail = SummaryShape["metrics"]["details"][number];
type SummaryDatapoint = SummaryShape["datapoints"][number];

/** One metric's aggregate card. */
function aggregateView(d: SummaryDetail): MetricAggregateView {
  return {
    id: metricKeyId(d),
    metric_name: d.metric_name,
    event_name: d.event_name,
    event_type: d.event_type,
    metric_type: d.metric_type,
    aggregate: d.aggregate,
    count: d.values.length,
    passed: d.datapoints.passed.length,
    failed: d.datapoints.failed.length,
    passing_range: d.passing_range ?? null,
    decides_verdict: d.decides_verdict,
    distribution: distribution(d),
  };
}

/**
 * The events recording evaluator errors (`metadata.evaluator_errors`) of each session, from the run's metric rows.
 * Errors of other events (a traced helper the function caught, an evaluator's span) are no row's error: the session's
 * tree shows them.
 */
function evaluatorErrorEvents(rows: readonly MetricEventRow[]): Map<string, string[]> {
  const events = new Map<string, string[]>();
  for (const row of rows) if (row.evaluator_errors) events.set(row.session_id, [...(events.get(row.session_id) ?? []), row.event_id]);
  return events;
}

/** The evaluator errors of the page's sessions as text (`evaluator "judge" failed: …`), by session id. */
async function pageEvaluatorErrors(store: Store, projectId: string, sessionIds: string[], events: Map<string, string[]>): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  await Promise.all(sessionIds.map(async (sessionId) => {
    const parts: string[] = [];
    for (const eventId of events.get(sessionId) ?? []) {
      const { events: found } = await store.queryEvents(projectId, { where: { event_id: eventId, session_id: sessionId } });
      const errors = found[0] ? own(found[0].metadata, EVALUATOR_ERRORS_KEY) : undefined;
      if (errors && typeof errors === "object" && !Array.isArray(errors)) parts.push(...evaluatorErrorsText(errors as Record<string, unknown>));
    }
    if (parts.length > 0) texts.set(sessionId, parts.join("; "));
  }));
  return texts;
}

/**
 * The datapoint's 0-based dataset index and trial as evaluate() returned them (its session's `datapoint_index` and
 * `trial` metadata); for a session without them (another SDK, an older one), the datapoint's place in the run's
 * datapoint list.
 */
function indexAndTrial(dp: SummaryDatapoint, session: EventRecord | undefined, run: RunRecord): { index: number | null; trial: number | null } {
  const recorded = session ? own(session.metadata, DATAPOINT_INDEX_KEY) : undefined;
  const trial = session ? own(session.metadata, "trial") : undefined;
  const listed = dp.datapoint_id === null ? -1 : run.datapoint_ids.indexOf(dp.datapoint_id);
  const index = Number.isInteger(recorded) ? (recorded as number) : listed >= 0 ? listed : null;
  return { index, trial: Number.isInteger(trial) ? (trial as number) : null };
}

/** The session events of the datapoints on the page, by session id (one query). */
async function pageSessions(store: Store, projectId: string, sessionIds: string[]): Promise<Map<string, EventRecord>> {
  const sessions = new Map<string, EventRecord>();
  if (sessionIds.length === 0) return sessions;
  const { events } = await store.queryEvents(projectId, { where: { session_ids: sessionIds, event_type: "session" } });
  for (const event of events) sessions.set(event.event_id, event);
  return sessions;
}

/**
 * One row of the datapoint table: its label (core's `datapointRunLabel`, as the CLI and the reports name it), metrics
 * by key id, previews of the session's payloads, its error (the datapoint's own, as the run summary and the runs list
 * count it: its function failed) and its evaluators' errors.
 */
function datapointRow(dp: SummaryDatapoint, where: { session: EventRecord | undefined; run: RunRecord }, evaluatorErrors: string | undefined): DatapointRow {
  const { session } = where;
  const metrics: DatapointRow["metrics"] = {};
  for (const m of dp.metrics) {
    metrics[metricKeyId({ metric_name: m.name, event_name: m.event_name, event_type: m.event_type })] = {
      value: m.value,
      passed: m.passed,
    };
  }
  const { index, trial } = indexAndTrial(dp, session, where.run);
  return {
    index,
    trial,
    label: index === null ? null : datapointRunLabel(index, trial),
    datapoint_id: dp.datapoint_id,
    case_name: session ? metadataString(session, "case_name") : null,
    session_id: dp.session_id,
    passed: dp.passed,
    metrics,
    inputs: previewValue(session?.inputs),
    outputs: previewValue(session?.outputs),
    ground_truth: previewValue(session ? own(session.feedback, "ground_truth") : undefined),
    duration: session ? sessionDuration(session) : null,
    error: clipText(dp.error ?? null, ERROR_PREVIEW),
    evaluator_errors: clipText(evaluatorErrors ?? null, ERROR_PREVIEW),
  };
}

/** Builds the run page for `run`. */
export async function runView(store: Store, caches: RouteCaches, projectId: string, run: RunRecord, q: RunViewQuery): Promise<RunView> {
  const metricRows = await currentRunMetricRows(store, projectId, run);
  const summary = buildRunSummary(run, collectRunMetrics(metricRows), q.fn, {}) as unknown as SummaryShape;
  const aggregates = summary.metrics.details.map(aggregateView);
  const indexed = summary.datapoints.map((dp) => ({ dp }));
  const matching = q.status === undefined ? indexed : indexed.filter(({ dp }) => dp.passed === (q.status === "passed"));
  const pageItems = matching.slice((q.page - 1) * q.limit, q.page * q.limit);
  const sessions = await pageSessions(store, projectId, pageItems.map(({ dp }) => dp.session_id));
  const totals = await runTotals(store, caches, projectId, run, summary.datapoints.map((d) => d.session_id));
  const evaluatorErrors = await pageEvaluatorErrors(store, projectId, pageItems.map(({ dp }) => dp.session_id), evaluatorErrorEvents(metricRows));
  const rows = pageItems.map(({ dp }) => datapointRow(dp, { session: sessions.get(dp.session_id), run }, evaluatorErrors.get(dp.session_id)));
  const passed = summary.datapoints.filter((d) => d.passed).length;
  return {
    aggregation_function: q.fn,
    aggregates,
    columns: aggregates.map(({ id, metric_name, event_name, event_type }) => ({ id, metric_name, event_name, event_type })),
    passed,
    failed: summary.datapoints.length - passed,
    not_run: summary.not_run?.length ?? 0,
    datapoints: summary.datapoints.length,
    rows,
    usage: totals.usage,
    usage_by_side: totals.usageBySide,
    durations: totals.durations,
    total: matching.length,
    page: q.page,
    limit: q.limit,
  };
}
