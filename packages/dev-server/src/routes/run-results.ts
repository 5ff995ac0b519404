/**
 * Run results: `/v1/runs/{id}/result` (+ `/summary`), `/v1/runs/{id}/metrics`, `/v1/runs/{new}/compare-with/{old}`
 * (+ `/compare/{old}`), and the paired events of two runs (`/v1/runs/compare/events`,
 * `/v1/runs/{new}/compare/{old}/events`).
 */
import { badRequest } from "../http/http-error";
import type { ApiRoute, RouteContext } from "./route-context";
import { apiEvent } from "../model/event-model";
import { compileFilters, parseFilters } from "../query/filters";
import { isAggregateFunction, type AggregateFunction } from "../results/aggregate";
import { buildComparison } from "../results/compare";
import { CACHED_COMPARISONS, servedComparison, summaryWithUsage, type ComparisonCache } from "../results/served-comparison";
import { collectRunMetrics, type RunMetrics } from "../results/run-metrics";
import type { EventRecord, MetricEventRow, RunRecord } from "../domain/records";
import { loadRun, positiveInt, runObject } from "./common";
import { recordsEvaluatorErrors } from "@honeyhive/core/verdict/datapoint-verdict";
import { sessionShardAttempt } from "@honeyhive/core/runs/shard-attempts";
import { currentRunMetricRows } from "../results/current-run-rows";

function aggregateFunction(ctx: RouteContext): AggregateFunction {
  const value = ctx.query.get("aggregate_function") ?? ctx.query.get("aggregation_function") ?? "average";
  if (!isAggregateFunction(value)) throw badRequest(`aggregate_function must be one of average, min, max, median, p90, p95, p99, sum, count`);
  return value;
}

function toMetricRow(e: EventRecord): MetricEventRow {
  const dp = e.metadata.datapoint_id;
  return {
    event_id: e.event_id, session_id: e.session_id, event_type: e.event_type, event_name: e.event_name,
    datapoint_id: typeof dp === "string" ? dp : null, metrics: e.metrics, start_time: e.start_time, error: e.error, parent_id: e.parent_id,
    evaluator_errors: recordsEvaluatorErrors(e.metadata),
    shard_attempt: e.event_type === "session" ? sessionShardAttempt(e.metadata) : undefined,
  };
}

/** Metric rows of every event of the run's sessions, optionally restricted by `filters`. */
async function runMetrics(ctx: RouteContext, run: RunRecord): Promise<RunMetrics> {
  const rows = await currentRunMetricRows(ctx.store, ctx.project.id, run);
  const filters = parseFilters(ctx.query.get("filters"));
  if (filters.length === 0) return collectRunMetrics(rows);
  const sessions = [...new Set(rows.map((r) => r.session_id))];
  const { where, predicate } = compileFilters(filters);
  const { events } = await ctx.store.queryEvents(ctx.project.id, { where: { ...where, session_ids: sessions }, predicate });
  const current = new Set(rows.map((r) => r.event_id)); // a resumed datapoint's earlier attempts left out
  return collectRunMetrics(events.filter((e) => current.has(e.event_id)).map(toMetricRow));
}

async function summary(ctx: RouteContext): Promise<unknown> {
  const fn = aggregateFunction(ctx);
  const run = await loadRun(ctx, ctx.params.id);
  return summaryWithUsage(ctx.store, ctx.project.id, { run, metrics: await runMetrics(ctx, run), runObject: await runObject(ctx, run) }, fn);
}

async function metrics(ctx: RouteContext): Promise<unknown> {
  const run = await loadRun(ctx, ctx.params.id);
  const rows = await currentRunMetricRows(ctx.store, ctx.project.id, run);
  const collected = collectRunMetrics(rows);
  const datapointOf = new Map(collected.sessions.map((s) => [s.session_id, s.datapoint_id]));
  const events = rows
    .filter((r) => Object.keys(r.metrics).length > 0)
    .map((r) => ({
      event_id: r.event_id, event_name: r.event_name, event_type: r.event_type, session_id: r.session_id,
      metadata: { datapoint_id: datapointOf.get(r.session_id) ?? null }, metrics: r.metrics,
    }));
  return { events, totalEvents: events.length };
}

async function compare(ctx: RouteContext): Promise<unknown> {
  const fn = aggregateFunction(ctx);
  const newRun = await loadRun(ctx, ctx.params.id, "new run id");
  const oldRun = await loadRun(ctx, ctx.params.old, "old run id");
  const before = { run: oldRun, metrics: await runMetrics(ctx, oldRun), runObject: await runObject(ctx, oldRun) };
  const after = { run: newRun, metrics: await runMetrics(ctx, newRun), runObject: await runObject(ctx, newRun) };
  const cache: ComparisonCache = ctx.caches.cache("results/comparisons", CACHED_COMPARISONS);
  const compared = await servedComparison(ctx.store, ctx.project.id, before, after, fn, cache);
  return buildComparison(before.metrics, after.metrics, fn, { old_run: before.runObject, new_run: after.runObject }, compared.result);
}

/** For each datapoint of a run: its latest session's event matching name/type (the session itself by default). */
async function eventsByDatapoint(ctx: RouteContext, run: RunRecord, name: string | null, type: string | null) {
  const rows = await currentRunMetricRows(ctx.store, ctx.project.id, run);
  const collected = collectRunMetrics(rows);
  const sessionOf = new Map<string, string>();
  for (const s of collected.sessions) if (s.datapoint_id !== null) sessionOf.set(s.datapoint_id, s.session_id);
  const wanted = new Set(sessionOf.values());
  const out = new Map<string, EventRecord>();
  const { events } = await ctx.store.queryEvents(ctx.project.id, { where: { session_ids: [...wanted] } });
  const current = new Set(rows.map((r) => r.event_id)); // a resumed datapoint's earlier attempts left out
  const bySession = new Map<string, EventRecord>();
  for (const e of events) {
    if (!current.has(e.event_id)) continue;
    const matches = name === null && type === null
      ? e.event_type === "session" && e.event_id === e.session_id
      : (name === null || e.event_name === name) && (type === null || e.event_type === type);
    if (matches && !bySession.has(e.session_id)) bySession.set(e.session_id, e);
  }
  for (const [dp, session] of sessionOf) {
    const event = bySession.get(session);
    if (event) out.set(dp, event);
  }
  return out;
}

async function compareEvents(ctx: RouteContext, newId: string | undefined, oldId: string | undefined): Promise<unknown> {
  const newRun = await loadRun(ctx, newId, "run_id_1");
  const oldRun = await loadRun(ctx, oldId, "run_id_2");
  const name = ctx.query.get("event_name");
  const type = ctx.query.get("event_type");
  const limit = positiveInt(ctx.query.get("limit"), "limit", 100, 1000);
  const page = positiveInt(ctx.query.get("page"), "page", 1, 1_000_000);
  const newEvents = await eventsByDatapoint(ctx, newRun, name, type);
  const oldEvents = await eventsByDatapoint(ctx, oldRun, name, type);
  const common = [...newEvents.keys()].filter((dp) => oldEvents.has(dp)).sort();
  const events = common.slice((page - 1) * limit, page * limit).map((dp) => ({
    datapoint_id: dp,
    event_1: apiEvent(newEvents.get(dp)!, ctx.project),
    event_2: apiEvent(oldEvents.get(dp)!, ctx.project),
  }));
  return { events, totalEvents: common.length };
}

/** Run result routes. */
export const runResultRoutes: readonly ApiRoute[] = [
  { method: "GET", pattern: "/runs/:id/result", handler: summary },
  { method: "GET", pattern: "/runs/:id/summary", handler: summary },
  { method: "GET", pattern: "/runs/:id/metrics", handler: metrics },
  { method: "GET", pattern: "/runs/:id/compare-with/:old", handler: compare },
  { method: "GET", pattern: "/runs/:id/compare/:old", handler: compare },
  {
    method: "GET",
    pattern: "/runs/compare/events",
    handler: (ctx) => compareEvents(ctx, ctx.query.get("run_id_1") ?? undefined, ctx.query.get("run_id_2") ?? undefined),
  },
  { method: "GET", pattern: "/runs/:id/compare/:old/events", handler: (ctx) => compareEvents(ctx, ctx.params.id, ctx.params.old) },
];
