/**
 * Read endpoints for the local viewer (served by the dev server at `/`), authenticated and scoped to
 * the caller's project like every API route. They return lean, paginated shapes that the
 * HoneyHive-compatible API does not offer: the session list with counts and error markers, a session's
 * lean trace tree with a change stamp (cheap live polling), and one page of a run's datapoint table or
 * of a two-run comparison. Register with `createDevServer({ routes: viewerApiRoutes })`.
 */
import { compareDatapoint } from "../../viewer/server/compare-datapoint";
import { compareView } from "../../viewer/server/compare-view";
import type { CompareVerdictFilter } from "../../viewer/shared/wire-types";
import { runView } from "../../viewer/server/run-view";
import { listSessions, type SessionListQuery } from "../../viewer/server/session-list";
import { sessionTree } from "../../viewer/server/session-tree";
import { badRequest, notFound } from "../http/http-error";
import type { RouteContext, RouteDefinition } from "../http/router";
import { requireUuid } from "../model/validate";
import { isAggregateFunction } from "../results/aggregate";
import { loadRun, positiveInt, runObject } from "./common";

const MAX_PAGE = 1_000_000;
const MAX_LIMIT = 200;
const MAX_FILTER = 500;
const VERDICTS: readonly CompareVerdictFilter[] = ["improved", "degraded", "same", "mixed", "changed"];

function text(ctx: RouteContext, name: string): string | undefined {
  const value = ctx.query.get(name)?.trim();
  if (value === undefined || value === "") return undefined;
  if (value.length > MAX_FILTER) throw badRequest(`${name} is longer than ${MAX_FILTER} characters`);
  return value;
}

function paging(ctx: RouteContext, defaultLimit: number): { page: number; limit: number } {
  return {
    page: positiveInt(ctx.query.get("page"), "page", 1, MAX_PAGE),
    limit: positiveInt(ctx.query.get("limit"), "limit", defaultLimit, MAX_LIMIT),
  };
}

async function sessions(ctx: RouteContext): Promise<unknown> {
  const query: SessionListQuery = paging(ctx, 50);
  const name = text(ctx, "name");
  const source = text(ctx, "source");
  const runId = text(ctx, "run_id");
  if (name !== undefined) query.name = name;
  if (source !== undefined) query.source = source;
  if (runId !== undefined) query.runId = runId.toLowerCase();
  return listSessions(ctx.store, ctx.project.id, query);
}

async function tree(ctx: RouteContext): Promise<unknown> {
  const id = requireUuid(ctx.params.id, "session id");
  const result = await sessionTree(ctx.store, ctx.project.id, id, text(ctx, "stamp"));
  if (!result) throw notFound(`session ${id} not found`);
  return result;
}

async function run(ctx: RouteContext): Promise<unknown> {
  const record = await loadRun(ctx, ctx.params.id);
  const fn = ctx.query.get("aggregate_function") ?? "average";
  if (!isAggregateFunction(fn)) throw badRequest("aggregate_function must be one of average, min, max, median, p90, p95, p99, sum, count");
  const status = text(ctx, "status");
  if (status !== undefined && status !== "passed" && status !== "failed") throw badRequest("status must be passed or failed");
  const view = await runView(ctx.store, ctx.project.id, record, { ...paging(ctx, 50), fn, ...(status ? { status } : {}) });
  return { run: await runObject(ctx, record), ...view };
}

async function compare(ctx: RouteContext): Promise<unknown> {
  const newRun = await loadRun(ctx, ctx.params.id, "new run id");
  const oldRun = await loadRun(ctx, ctx.params.old, "old run id");
  const verdict = text(ctx, "verdict");
  if (verdict !== undefined && !(VERDICTS as readonly string[]).includes(verdict)) {
    throw badRequest(`verdict must be one of ${VERDICTS.join(", ")}`);
  }
  const view = await compareView(ctx.store, ctx.project.id, newRun, oldRun, {
    ...paging(ctx, 50),
    ...(verdict ? { verdict: verdict as CompareVerdictFilter } : {}),
  });
  return { new_run: await runObject(ctx, newRun), old_run: await runObject(ctx, oldRun), ...view };
}

async function compareOne(ctx: RouteContext): Promise<unknown> {
  const newRun = await loadRun(ctx, ctx.params.id, "new run id");
  const oldRun = await loadRun(ctx, ctx.params.old, "old run id");
  const datapointId = text(ctx, "datapoint_id");
  if (datapointId === undefined) throw badRequest("datapoint_id is required");
  const result = await compareDatapoint(ctx.store, ctx.project.id, newRun, oldRun, datapointId);
  if (!result) throw notFound(`datapoint ${datapointId} is in neither run`);
  return result;
}

/** The viewer's read routes (`/viewer/...`, also reachable under `/v1`). */
export const viewerApiRoutes: readonly RouteDefinition[] = [
  { method: "GET", pattern: "/viewer/whoami", handler: async (ctx) => ({ project: { id: ctx.project.id, name: ctx.project.name } }) },
  { method: "GET", pattern: "/viewer/sessions", handler: sessions },
  { method: "GET", pattern: "/viewer/sessions/:id/tree", handler: tree },
  { method: "GET", pattern: "/viewer/runs/:id", handler: run },
  { method: "GET", pattern: "/viewer/runs/:id/compare/:old", handler: compare },
  { method: "GET", pattern: "/viewer/runs/:id/compare/:old/datapoint", handler: compareOne },
];
