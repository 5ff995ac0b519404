/**
 * The events-schema routes: `GET /v1/runs/{id}/schema` (one run), `GET /v1/runs/schema` (every run of the project) and
 * the deprecated `GET /v1/events/schema` (`?evaluation_id=` one run, else every run). All take `dateRange`. Their
 * literal paths win over `GET /v1/runs/{id}` and `GET /v1/events/{id}` (the router prefers literal segments), so
 * `schema` is never read as an id. The answer is `results/events-schema.ts`'s.
 */
import type { EventRecord } from "../domain/records";
import { runSessionIds } from "../model/run-model";
import { eventsSchema } from "../results/events-schema";
import { dateRangeQuery, loadRun } from "./common";
import type { ApiRoute, RouteContext } from "./route-context";

/** Most events one schema answer reads (the newest first): the field list of a larger project is read from these. */
const MAX_EVENTS = 20_000;

/** The `start_time` window of the `dateRange` parameter. */
function window(ctx: RouteContext): { startFrom?: number; startTo?: number } {
  const range = dateRangeQuery(ctx);
  return {
    ...(range.from !== undefined ? { startFrom: Date.parse(range.from) } : {}),
    ...(range.to !== undefined ? { startTo: Date.parse(range.to) } : {}),
  };
}

/** The events of one run: those of its sessions and those naming it in `metadata.run_id`, each once. */
async function runEvents(ctx: RouteContext, runId: string): Promise<EventRecord[]> {
  const run = await loadRun(ctx, runId);
  const bounds = window(ctx);
  const sessions = runSessionIds(run);
  const byId = new Map<string, EventRecord>();
  const named = await ctx.store.queryEvents(ctx.project.id, { ...bounds, where: { run_id: run.id }, order: "desc", limit: MAX_EVENTS });
  for (const event of named.events) byId.set(event.event_id, event);
  if (sessions.length > 0 && byId.size < MAX_EVENTS) {
    const linked = await ctx.store.queryEvents(ctx.project.id, { ...bounds, where: { session_ids: sessions }, order: "desc", limit: MAX_EVENTS - byId.size });
    for (const event of linked.events) byId.set(event.event_id, event);
  }
  return [...byId.values()];
}

/** The events of every run of the project: those naming a run in `metadata.run_id`. */
async function projectRunEvents(ctx: RouteContext): Promise<EventRecord[]> {
  const page = await ctx.store.queryEvents(ctx.project.id, {
    ...window(ctx), order: "desc", limit: MAX_EVENTS,
    predicate: (event) => typeof event.metadata.run_id === "string", predicateFields: ["metadata"],
  });
  return page.events;
}

async function runSchema(ctx: RouteContext): Promise<unknown> {
  return eventsSchema(await runEvents(ctx, ctx.params.id as string));
}

async function runsSchema(ctx: RouteContext): Promise<unknown> {
  return eventsSchema(await projectRunEvents(ctx));
}

async function legacyEventsSchema(ctx: RouteContext): Promise<unknown> {
  const runId = ctx.query.get("evaluation_id");
  return eventsSchema(runId ? await runEvents(ctx, runId) : await projectRunEvents(ctx));
}

/** Schema routes. */
export const schemaRoutes: readonly ApiRoute[] = [
  { method: "GET", pattern: "/runs/schema", handler: runsSchema },
  { method: "GET", pattern: "/runs/:id/schema", handler: runSchema },
  { method: "GET", pattern: "/events/schema", handler: legacyEventsSchema },
];
