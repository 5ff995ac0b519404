/**
 * Experiment runs: create, list, get, update, delete (`/v1/runs`, and the TS-era `/runs`).
 */
import { badRequest, notFound } from "../http/http-error";
import type { ApiRoute, RouteContext } from "./route-context";
import { parseRunUpdate, runFromBody } from "../model/run-model";
import { requireUuid } from "../domain/validate";
import { decodeRunCursor, encodeRunCursor } from "../query/cursor";
import type { RunQuery } from "../domain/records";
import { dateRangeQuery, loadRun, nowIso, objectBody, positiveInt, queryList, runObject } from "./common";

const SORT_BY = ["created_at", "updated_at", "name", "status"] as const;

async function createRun(ctx: RouteContext): Promise<unknown> {
  const run = runFromBody(await objectBody(ctx), nowIso(ctx));
  const { run: stored } = await ctx.store.createRun(ctx.project.id, run);
  return { run_id: stored.id, evaluation: await runObject(ctx, stored) };
}

async function getRun(ctx: RouteContext): Promise<unknown> {
  return { evaluation: await runObject(ctx, await loadRun(ctx, ctx.params.id)) };
}

async function updateRun(ctx: RouteContext): Promise<unknown> {
  const id = requireUuid(ctx.params.id, "run id");
  const update = parseRunUpdate(await objectBody(ctx), nowIso(ctx));
  const run = await ctx.store.updateRun(ctx.project.id, id, update);
  if (!run) throw notFound(`run ${id} not found`);
  const response: Record<string, unknown> = { evaluation: await runObject(ctx, run) };
  const sessions = run.event_ids.slice(0, 10_000);
  if (sessions.length > 0) {
    const { events } = await ctx.store.queryEvents(ctx.project.id, { where: { session_ids: sessions, event_type: "session" } });
    const missing = events.filter((e) => typeof e.metadata.datapoint_id !== "string").length;
    if (missing > 0) response.warning = `${missing} linked session(s) have no metadata.datapoint_id`;
  }
  return response;
}

async function deleteRun(ctx: RouteContext): Promise<unknown> {
  const id = requireUuid(ctx.params.id, "run id");
  if (!(await ctx.store.deleteRun(ctx.project.id, id))) throw notFound(`run ${id} not found`);
  return { id, deleted: true };
}

async function listRuns(ctx: RouteContext): Promise<unknown> {
  const q = ctx.query;
  const page = positiveInt(q.get("page"), "page", 1, 1_000_000);
  const limit = positiveInt(q.get("limit"), "limit", 100, 1000);
  const sortBy = q.get("sort_by") ?? "created_at";
  if (!(SORT_BY as readonly string[]).includes(sortBy)) throw badRequest(`sort_by must be one of: ${SORT_BY.join(", ")}`);
  const sortOrder = q.get("sort_order") ?? "desc";
  if (sortOrder !== "asc" && sortOrder !== "desc") throw badRequest("sort_order must be asc or desc");
  const query: RunQuery = { sortBy: sortBy as RunQuery["sortBy"], sortOrder, offset: (page - 1) * limit, limit };
  const after = decodeRunCursor(q.get("cursor"), `${sortBy}:${sortOrder}`);
  if (after) query.after = after;
  const datasetId = q.get("dataset_id");
  if (datasetId) query.dataset_id = datasetId;
  const runIds = queryList(q, "run_ids");
  if (runIds) query.run_ids = runIds.map((id) => id.toLowerCase());
  const name = q.get("name");
  if (name) query.namePrefix = name; // HoneyHive's `name` filter matches runs whose name starts with it
  const status = q.get("status");
  if (status) query.status = status.toLowerCase();
  const range = dateRangeQuery(ctx);
  if (range.from) query.createdFrom = range.from;
  if (range.to) query.createdTo = range.to;
  const result = await ctx.store.listRuns(ctx.project.id, query);
  const evaluations = [];
  for (const run of result.runs) evaluations.push(await runObject(ctx, run));
  const totalPages = Math.ceil(result.total / limit);
  return {
    evaluations,
    pagination: {
      page, limit, total: result.total, total_unfiltered: result.totalUnfiltered, total_pages: totalPages,
      has_next: page < totalPages, has_prev: page > 1,
      next_cursor: result.next ? encodeRunCursor(result.next, `${sortBy}:${sortOrder}`) : null,
    },
    metrics: await ctx.store.metricNames(ctx.project.id, result.runs.map((r) => r.id)),
  };
}

/** Run CRUD routes. */
export const runRoutes: readonly ApiRoute[] = [
  { method: "POST", pattern: "/runs", handler: createRun },
  { method: "GET", pattern: "/runs", handler: listRuns },
  { method: "GET", pattern: "/runs/:id", handler: getRun },
  { method: "PUT", pattern: "/runs/:id", handler: updateRun },
  { method: "DELETE", pattern: "/runs/:id", handler: deleteRun },
];
