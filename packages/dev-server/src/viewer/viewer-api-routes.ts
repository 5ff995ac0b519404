/**
 * Read endpoints for the local viewer (served by the dev server at `/`), authenticated and scoped to
 * the caller's project like every API route. They return lean, paginated shapes that the
 * HoneyHive-compatible API does not offer: the session list with counts and error markers, a session's
 * lean trace tree with a change stamp (cheap live polling), and one page of a run's datapoint table or
 * of a two-run comparison. Register with `createDevServer({ routes: viewerApiRoutes })`.
 */
import { displayProjectName } from "../routes/auth";
import { compareDatapoint } from "./server/compare-datapoint";
import { compareView } from "./server/compare-view";
import type { CompareVerdictFilter } from "./shared/wire-types";
import { runView } from "./server/run-view";
import { datasetDetail, listViewerDatasets } from "./server/datasets-view";
import { listViewerPrompts, viewerPromptVersion } from "./server/prompts-view";
import { listRunsPage } from "./server/runs-list";
import { runVerdictCounts, sessionVerdicts } from "./server/run-verdict-counts";
import { parseLabelFilter, runLabels, type LabelFilter } from "./server/run-labels";
import { runTrends } from "./server/run-trends";
import { runStalled } from "./server/run-stalled";
import type { SessionFilters } from "./server/session-filters";
import { listSessions, type SessionListQuery } from "./server/session-list";
import { queueViewerRoutes } from "./queue-viewer-routes";
import { addToDatasetRoutes } from "./add-to-dataset-route";
import { sessionTree } from "./server/session-tree";
import { sessionTrajectory } from "./server/session-trajectory";
import { badRequest, notFound } from "../http/http-error";
import type { ApiRoute, RouteContext } from "../routes/route-context";
import { requireUuid } from "../domain/validate";
import { isAggregateFunction } from "../results/aggregate";
import { loadRun, positiveInt, runObject } from "../routes/common";
import type { RunRecord } from "../domain/records";

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
  query.filters = sessionFilters(ctx);
  const page = await listSessions(ctx.store, ctx.project.id, query);
  const verdicts = await sessionVerdicts(ctx.store, ctx.caches, ctx.project.id, page.sessions);
  for (const session of page.sessions) {
    const verdict = verdicts.get(session.session_id);
    if (verdict !== undefined) session.verdict = verdict;
  }
  return page;
}

/** A time query value: Unix ms or an ISO date/time; undefined when absent. */
function time(ctx: RouteContext, name: string): number | undefined {
  const raw = text(ctx, name);
  if (raw === undefined) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) throw badRequest(`${name} must be Unix milliseconds or an ISO date`);
  return ms;
}

function sessionFilters(ctx: RouteContext): SessionFilters {
  const filters: SessionFilters = {};
  const q = text(ctx, "q");
  const eventType = text(ctx, "event_type");
  const metadata = text(ctx, "metadata");
  const from = time(ctx, "from");
  const to = time(ctx, "to");
  if (q !== undefined) filters.text = q;
  if (eventType !== undefined) filters.eventType = eventType;
  if (text(ctx, "errors") === "1" || text(ctx, "errors") === "true") filters.errorsOnly = true;
  if (metadata !== undefined) {
    const eq = metadata.indexOf("=");
    if (eq <= 0) throw badRequest("metadata must be key=value");
    filters.metadata = { key: metadata.slice(0, eq).trim(), value: metadata.slice(eq + 1).trim() };
  }
  if (from !== undefined) filters.from = from;
  if (to !== undefined) filters.to = to;
  return filters;
}

/**
 * A run as the viewer's pages get it: the API's run object (its HoneyHive `status` as stored) plus the labels that
 * tell it apart and, for a run its client never completed, `stalled` (`server/run-stalled.ts`).
 */
async function viewerRun(ctx: RouteContext, record: RunRecord): Promise<unknown> {
  const [run, stalled] = await Promise.all([runObject(ctx, record), runStalled(ctx.store, ctx.project.id, record, ctx.now(), ctx.stalledRunAfterMs)]);
  return { ...run, labels: runLabels(record), ...(stalled ? { stalled } : {}) };
}

/** A run of the runs list: {@link viewerRun} with its verdict counts. */
async function listedRun(ctx: RouteContext, record: RunRecord): Promise<unknown> {
  const [run, verdict] = await Promise.all([viewerRun(ctx, record), runVerdictCounts(ctx.store, ctx.caches, ctx.project.id, record)]);
  return { ...(run as Record<string, unknown>), verdict };
}

function labelFilter(ctx: RouteContext): LabelFilter | undefined {
  const raw = text(ctx, "label");
  if (raw === undefined) return undefined;
  const filter = parseLabelFilter(raw);
  if (!filter) throw badRequest("label must be key=value (e.g. branch=main, commit=1a2b3c, model=gpt-4o)");
  return filter;
}

async function runs(ctx: RouteContext): Promise<unknown> {
  const from = time(ctx, "from");
  const to = time(ctx, "to");
  const name = text(ctx, "name");
  const label = labelFilter(ctx);
  const q = paging(ctx, 25);
  const page = await listRunsPage(ctx.store, ctx.project.id, {
    ...q,
    ...(name !== undefined ? { name } : {}),
    ...(label !== undefined ? { label } : {}),
    ...(from !== undefined ? { from: new Date(from).toISOString() } : {}),
    ...(to !== undefined ? { to: new Date(to).toISOString() } : {}),
  });
  const names = [...new Set(page.runs.map((r) => r.name))];
  const trends = await Promise.all(names.map(async (n) => ({ name: n, metrics: await runTrends(ctx.store, ctx.caches, ctx.project.id, n) })));
  return { runs: await Promise.all(page.runs.map((r) => listedRun(ctx, r))), trends, total: page.total, page: q.page, limit: q.limit };
}

async function tree(ctx: RouteContext): Promise<unknown> {
  const id = requireUuid(ctx.params.id, "session id");
  const result = await sessionTree(ctx.store, ctx.caches, ctx.project.id, id, text(ctx, "stamp"));
  if (!result) throw notFound(`session ${id} not found`);
  return result;
}

async function trajectory(ctx: RouteContext): Promise<unknown> {
  const id = requireUuid(ctx.params.id, "session id");
  const result = await sessionTrajectory(ctx.store, ctx.project.id, id);
  if (!result) throw notFound(`session ${id} not found`);
  return result;
}

async function run(ctx: RouteContext): Promise<unknown> {
  const record = await loadRun(ctx, ctx.params.id);
  const fn = ctx.query.get("aggregate_function") ?? "average";
  if (!isAggregateFunction(fn)) throw badRequest("aggregate_function must be one of average, min, max, median, p90, p95, p99, sum, count");
  const status = text(ctx, "status");
  if (status !== undefined && status !== "passed" && status !== "failed") throw badRequest("status must be passed or failed");
  const view = await runView(ctx.store, ctx.caches, ctx.project.id, record, { ...paging(ctx, 50), fn, ...(status ? { status } : {}) });
  return { run: await viewerRun(ctx, record), ...view };
}

async function compare(ctx: RouteContext): Promise<unknown> {
  const newRun = await loadRun(ctx, ctx.params.id, "new run id");
  const oldRun = await loadRun(ctx, ctx.params.old, "old run id");
  const verdict = text(ctx, "verdict");
  if (verdict !== undefined && !(VERDICTS as readonly string[]).includes(verdict)) {
    throw badRequest(`verdict must be one of ${VERDICTS.join(", ")}`);
  }
  const view = await compareView(ctx.store, ctx.caches, ctx.project.id, newRun, oldRun, {
    ...paging(ctx, 50),
    ...(verdict ? { verdict: verdict as CompareVerdictFilter } : {}),
  });
  return { new_run: await viewerRun(ctx, newRun), old_run: await viewerRun(ctx, oldRun), ...view };
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

async function dataset(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id ?? "";
  if (id === "" || id.length > MAX_FILTER) throw badRequest("dataset id is missing or too long");
  const { page, limit } = paging(ctx, 50);
  const result = await datasetDetail(ctx.store, ctx.project.id, id, page, limit);
  if (!result) throw notFound(`dataset ${id} not found`);
  return result;
}

async function promptVersion(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id ?? "";
  const version = ctx.params.version ?? "";
  if (id === "" || id.length > MAX_FILTER || version === "" || version.length > MAX_FILTER) throw badRequest("prompt id or version is missing or too long");
  const detail = await viewerPromptVersion(ctx.store, ctx.project.id, id, version);
  if (!detail) throw notFound(`prompt ${id} has no version ${version}`);
  return detail;
}

/** The viewer's read routes (`/viewer/...`, also reachable under `/v1`). */
/**
 * The caller's project, whether it holds data, and whether other keys' projects do (never which, nor how much): a key
 * whose project is empty while others hold data may be mistyped (`honeyhive doctor` says so).
 */
async function whoami(ctx: RouteContext): Promise<unknown> {
  const presence = await ctx.store.dataPresence(ctx.project.id);
  return { project: { id: ctx.project.id, name: displayProjectName(ctx.project.name) }, has_data: presence.own, other_keys_have_data: presence.others };
}

export const viewerApiRoutes: readonly ApiRoute[] = [
  { method: "GET", pattern: "/viewer/whoami", handler: whoami },
  { method: "GET", pattern: "/viewer/sessions", handler: sessions },
  { method: "GET", pattern: "/viewer/sessions/:id/tree", handler: tree },
  { method: "GET", pattern: "/viewer/sessions/:id/trajectory", handler: trajectory },
  { method: "GET", pattern: "/viewer/runs", handler: runs },
  { method: "GET", pattern: "/viewer/datasets", handler: async (ctx) => ({ datasets: await listViewerDatasets(ctx.store, ctx.project.id) }) },
  { method: "GET", pattern: "/viewer/datasets/:id", handler: dataset },
  { method: "GET", pattern: "/viewer/prompts", handler: async (ctx) => ({ prompts: await listViewerPrompts(ctx.store, ctx.project.id) }) },
  { method: "GET", pattern: "/viewer/prompts/:id/versions/:version", handler: promptVersion },
  { method: "GET", pattern: "/viewer/runs/:id", handler: run },
  { method: "GET", pattern: "/viewer/runs/:id/compare/:old", handler: compare },
  { method: "GET", pattern: "/viewer/runs/:id/compare/:old/datapoint", handler: compareOne },
  ...queueViewerRoutes,
  ...addToDatasetRoutes,
];
