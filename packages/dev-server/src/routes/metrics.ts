/**
 * Metrics: list (`?type&id`), create, update (`PUT /v1/metrics/{id}`, or the deprecated `PUT /v1/metrics` with the id in
 * the body), delete (`/{id}` or the deprecated `?metric_id`), and run. The dev server executes no server-side metric:
 * running a PYTHON or LLM metric needs HoneyHive's evaluation workers (user code, a model call), so `POST /v1/metrics/run`
 * answers 501 with a message saying so once the body is checked, and so does a create or update that would leave an
 * enabled server-side metric (`serverRunRefusal`: it would never score an event here); evaluators run in the user's
 * process with `evaluate()`.
 */
import { newUuid } from "@honeyhive/core/ids/uuid";
import { HttpError, badRequest, notFound } from "../http/http-error";
import { checkRunBody, metricChanges, metricFromBody, serverRunRefusal } from "../model/metric-model";
import type { JsonObject } from "../domain/json";
import { optString } from "../domain/validate";
import type { ApiRoute, RouteContext } from "./route-context";
import { nowIso, objectBody } from "./common";

/** What `POST /v1/metrics/run` answers: the dev server does not execute server-side metrics. */
export const METRIC_RUN_UNSUPPORTED =
  "the dev server does not execute server-side metrics (PYTHON code or LLM judges run on HoneyHive's evaluation " +
  "workers); run evaluators in your process with evaluate(), or send the event to HoneyHive";

async function listMetrics(ctx: RouteContext): Promise<unknown> {
  const type = ctx.query.get("type");
  const id = ctx.query.get("id");
  const metrics = (await ctx.store.listRecords(ctx.project.id, "metric"))
    .filter((m) => (type === null || m.type === type) && (id === null || m.id === id));
  return { metrics };
}

/** A 501 when the dev server cannot honour `metric` (an enabled server-side metric: `serverRunRefusal`). */
export function refuseServerRun(metric: JsonObject): void {
  const refusal = serverRunRefusal(metric);
  if (refusal !== undefined) throw new HttpError(501, refusal);
}

async function createMetric(ctx: RouteContext): Promise<unknown> {
  const metric = metricFromBody(await objectBody(ctx), newUuid(), nowIso(ctx));
  refuseServerRun(metric);
  await ctx.store.putRecord(ctx.project.id, "metric", metric);
  return { inserted: true, metric_id: metric.id };
}

async function updateMetric(ctx: RouteContext): Promise<unknown> {
  const body = await objectBody(ctx);
  const legacy = ctx.params.id === undefined;
  const id = ctx.params.id ?? optString(body, "id", 200);
  const changes = metricChanges(body, legacy);
  if (!id) throw badRequest(`"id" is required`);
  const now = nowIso(ctx);
  const updated = await ctx.store.updateRecord(ctx.project.id, "metric", id, (m) => {
    const next = { ...m, ...changes, updated_at: now };
    refuseServerRun(next); // thrown inside the update: nothing is written
    return next;
  });
  if (!updated) throw notFound(`metric ${id} not found`);
  return { updated: true };
}

async function deleteMetric(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id ?? ctx.query.get("metric_id");
  if (!id) throw badRequest(`"metric_id" is required`);
  if (!(await ctx.store.deleteRecord(ctx.project.id, "metric", id))) throw notFound(`metric ${id} not found`);
  await ctx.store.deleteRecord(ctx.project.id, "metric_versions", id); // its versions go with it
  return { deleted: true };
}

async function runMetric(ctx: RouteContext): Promise<unknown> {
  checkRunBody(await objectBody(ctx));
  throw new HttpError(501, METRIC_RUN_UNSUPPORTED);
}

/** Metric routes. */
export const metricRoutes: readonly ApiRoute[] = [
  { method: "GET", pattern: "/metrics", handler: listMetrics },
  { method: "POST", pattern: "/metrics", handler: createMetric },
  { method: "PUT", pattern: "/metrics", handler: updateMetric },
  { method: "DELETE", pattern: "/metrics", handler: deleteMetric },
  { method: "POST", pattern: "/metrics/run", handler: runMetric },
  { method: "POST", pattern: "/metrics/run_metric", handler: runMetric },
  { method: "PUT", pattern: "/metrics/:id", handler: updateMetric },
  { method: "DELETE", pattern: "/metrics/:id", handler: deleteMetric },
];
