/**
 * Charts: list, create, get, update, delete, answered `{success, data}` (delete: `{success, message}`), on the
 * project's unscoped routes (`/v1/charts[/{id}]`, the project API key) and its project-scoped ones
 * (`/v1/projects/{project_id}/charts[/{id}]`, a data plane key: `auth.ts` decides which key reaches which). A scoped
 * path must name the key's project; another id is a 404, as on HoneyHive for a project the key cannot reach.
 */
import { newUuid } from "@honeyhive/core/ids/uuid";
import { notFound } from "../http/http-error";
import { chartChanges, chartFromBody } from "../model/chart-model";
import type { ApiRoute, ApiRouteHandler, RouteContext } from "./route-context";
import { nowIso, objectBody } from "./common";

async function listCharts(ctx: RouteContext): Promise<unknown> {
  return { success: true, data: await ctx.store.listRecords(ctx.project.id, "chart") };
}

async function createChart(ctx: RouteContext): Promise<unknown> {
  const chart = chartFromBody(await objectBody(ctx), newUuid(), nowIso(ctx));
  await ctx.store.putRecord(ctx.project.id, "chart", chart);
  return { success: true, data: chart };
}

async function getChart(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id as string;
  const chart = await ctx.store.getRecord(ctx.project.id, "chart", id);
  if (!chart) throw notFound(`chart ${id.slice(0, 200)} not found`);
  return { success: true, data: chart };
}

async function updateChart(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id as string;
  const changes = chartChanges(await objectBody(ctx));
  const now = nowIso(ctx);
  const chart = await ctx.store.updateRecord(ctx.project.id, "chart", id, (c) => ({ ...c, ...changes, updated_at: now }));
  if (!chart) throw notFound(`chart ${id.slice(0, 200)} not found`);
  return { success: true, data: chart };
}

async function deleteChart(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id as string;
  if (!(await ctx.store.deleteRecord(ctx.project.id, "chart", id))) throw notFound(`chart ${id.slice(0, 200)} not found`);
  return { success: true, message: `chart ${id.slice(0, 200)} deleted` };
}

/** `handler` behind a check that the path's `project_id` is the key's project (a 404 otherwise). */
function inPathProject(handler: ApiRouteHandler): ApiRouteHandler {
  return async (ctx) => {
    const projectId = ctx.params.project_id as string;
    if (projectId !== ctx.project.id) throw notFound(`project ${projectId.slice(0, 200)} not found, or this API key cannot reach it`);
    return handler(ctx);
  };
}

const CHART_OPERATIONS: readonly [ApiRoute["method"], string, ApiRouteHandler][] = [
  ["GET", "/charts", listCharts],
  ["POST", "/charts", createChart],
  ["GET", "/charts/:id", getChart],
  ["PUT", "/charts/:id", updateChart],
  ["DELETE", "/charts/:id", deleteChart],
];

/** Chart routes: each operation unscoped and under `/projects/:project_id`. */
export const chartRoutes: readonly ApiRoute[] = CHART_OPERATIONS.flatMap(([method, pattern, handler]): ApiRoute[] => [
  { method, pattern, handler },
  { method, pattern: `/projects/:project_id${pattern}`, handler: inPathProject(handler) },
]);
