/**
 * Event queries: `POST /v1/events/export` (oldest first), `POST /v1/events/search` (newest first) and
 * `GET /events` (A's form, query parameters). Filters per honeyhive-api.md §2.2, 1-based pages,
 * `{events, count, totalEvents}` responses, plus keyset pagination: `next_cursor` (null on the last page),
 * sent back as `cursor`, reads the next page at the cost of the first (`page` is then ignored).
 */
import { badRequest } from "../http/http-error";
import type { ApiRoute, RouteContext } from "./route-context";
import { apiEvent } from "../model/event-model";
import { apiEventJson, apiEventTail } from "../model/event-json";
import { JsonChunks, type JsonChunksReply } from "../http/json-chunks";
import { getOwn, isPlainObject, setOwn, type JsonObject } from "../domain/json";
import { optString, optStringArray } from "../domain/validate";
import { decodeCursor, encodeCursor } from "../query/cursor";
import { compileFilters, parseFilters } from "../query/filters";
import type { EventQuery } from "../domain/records";
import { objectBody, positiveInt } from "./common";

interface QueryShape {
  maxLimit: number;
  defaultLimit: number;
  order: "asc" | "desc";
}

const EXPORT: QueryShape = { maxLimit: 7500, defaultLimit: 1000, order: "asc" };
const SEARCH: QueryShape = { maxLimit: 1000, defaultLimit: 1000, order: "desc" };

function parseTime(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const t = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isFinite(t)) throw badRequest(`${what} must be an ISO date or a millisecond timestamp`);
  return t;
}

/** `dateRange` as `{$gte, $lte}` (export) or `{start_time, end_time}` (search), object or JSON string. */
export function parseDateRange(raw: unknown): { from?: number; to?: number } {
  if (raw === undefined || raw === null || raw === "") return {};
  let range: unknown = raw;
  if (typeof raw === "string") {
    try {
      range = JSON.parse(raw) as unknown;
    } catch {
      throw badRequest("dateRange is not valid JSON");
    }
  }
  if (!isPlainObject(range)) throw badRequest("dateRange must be an object");
  return {
    from: parseTime(getOwn(range, "$gte") ?? getOwn(range, "start_time"), "dateRange start"),
    to: parseTime(getOwn(range, "$lte") ?? getOwn(range, "end_time"), "dateRange end"),
  };
}

function project(event: JsonObject, projections: readonly string[] | undefined): JsonObject {
  if (!projections || projections.length === 0) return event;
  const out: JsonObject = { event_id: event.event_id };
  for (const field of projections) {
    const top = field.split(".")[0] ?? "";
    const value = getOwn(event, top);
    if (value !== undefined) setOwn(out, top, value);
  }
  return out;
}

async function runQuery(ctx: RouteContext, params: JsonObject, shape: QueryShape): Promise<unknown> {
  const filters = parseFilters(getOwn(params, "filters"));
  const { where, predicate, predicateFields } = compileFilters(filters);
  const evaluationId = optString(params, "evaluation_id", 100);
  if (evaluationId !== undefined && where.run_id === undefined) where.run_id = evaluationId;
  const range = parseDateRange(getOwn(params, "dateRange") ?? getOwn(params, "date_range"));
  const limit = positiveInt(getOwn(params, "limit"), "limit", shape.defaultLimit, shape.maxLimit);
  const page = positiveInt(getOwn(params, "page"), "page", 1, 1_000_000);
  const rawProjections = getOwn(params, "projections");
  const projections = typeof rawProjections === "string" ? [rawProjections] : optStringArray(params, "projections");
  const after = decodeCursor(getOwn(params, "cursor"), shape.order);
  const query: EventQuery = { where, order: shape.order, offset: after ? 0 : (page - 1) * limit, limit };
  if (after) query.after = after;
  if (predicate) query.predicate = predicate;
  if (predicateFields) query.predicateFields = predicateFields;
  if (range.from !== undefined) query.startFrom = range.from;
  if (range.to !== undefined) query.startTo = range.to;
  if (!projections || projections.length === 0) return wholeEvents(ctx, query, { page, limit, order: shape.order });
  const result = await ctx.store.queryEvents(ctx.project.id, query);
  const events = result.events.map((e) => project(apiEvent(e, ctx.project), projections));
  const nextCursor = result.next ? encodeCursor(result.next, shape.order) : null;
  return { events, count: result.total, totalEvents: result.total, page, limit, next_cursor: nextCursor };
}

/**
 * The same reply with every field of the events, written as JSON text from their stored text (decision record
 * 0038), in UTF-8 chunks (0040): `{events, count, totalEvents, page, limit, next_cursor}` as `JSON.stringify` would
 * write it.
 */
async function wholeEvents(ctx: RouteContext, query: EventQuery, at: { page: number; limit: number; order: "asc" | "desc" }): Promise<JsonChunksReply> {
  const result = await ctx.store.queryEventTexts(ctx.project.id, query);
  const tail = apiEventTail(ctx.project);
  const body = new JsonChunks(); // about 64 KB at a time: a page-sized string cost more than the rest (decision record 0040)
  body.add('{"events":[');
  result.events.forEach((event, i) => body.add(i === 0 ? apiEventJson(event, tail) : `,${apiEventJson(event, tail)}`));
  const nextCursor = result.next ? encodeCursor(result.next, at.order) : null;
  const rest = JSON.stringify({ count: result.total, totalEvents: result.total, page: at.page, limit: at.limit, next_cursor: nextCursor });
  body.add(`],${rest.slice(1)}`); // rest.slice(1): its fields, after "events"
  return body.finish();
}

function queryParams(ctx: RouteContext): JsonObject {
  const params: JsonObject = {};
  for (const key of ["filters", "dateRange", "date_range", "limit", "page", "evaluation_id", "cursor"]) {
    const value = ctx.query.get(key);
    if (value !== null) params[key] = value;
  }
  const projections = [...ctx.query.getAll("projections"), ...ctx.query.getAll("projections[]")];
  if (projections.length > 0) params.projections = projections;
  return params;
}

/** Event query routes. */
export const eventQueryRoutes: readonly ApiRoute[] = [
  { method: "POST", pattern: "/events/export", handler: async (ctx) => runQuery(ctx, await objectBody(ctx), EXPORT) },
  { method: "POST", pattern: "/events/search", handler: async (ctx) => runQuery(ctx, await objectBody(ctx), SEARCH) },
  { method: "GET", pattern: "/events", handler: (ctx) => runQuery(ctx, queryParams(ctx), EXPORT) },
];
