/**
 * `POST /v1/datapoints/batch`: datapoints made from the caller's stored events. The events are those named in
 * `events` and checked in `checkState`, plus, when `filters`, `dateRange` or `selectAll` is given, those matching the
 * filters within the date range (an event checked `false` is left out). `mapping` lists event field paths
 * (`inputs.question`, `outputs`, `feedback.ground_truth`) whose values become the datapoint's inputs, ground truth and
 * history, each under its path's last name (an object at a top-level path is merged in); without a mapping, the
 * shared rule `datapointFromEvent` applies (inputs; outputs as ground truth; `chat_history` as history). Metadata
 * holds `external_id` `event-<event id>`; each datapoint links its event (`linked_event`) and, with `dataset_id`,
 * joins that dataset.
 */
import { datapointFromEvent } from "@honeyhive/core/datasets/datapoint-from-event";
import { newUuid } from "@honeyhive/core/ids/uuid";
import { badRequest, notFound } from "../http/http-error";
import { getOwn, isPlainObject, setOwn, type JsonObject } from "../domain/json";
import type { DatapointRecord, EventQuery, EventRecord } from "../domain/records";
import { optObject, optString, optStringArray } from "../domain/validate";
import { eventFieldValue } from "../query/field-path";
import { compileFilters, parseFilters } from "../query/filters";
import { parseMapping } from "../model/dataset-model";
import type { ApiRoute, RouteContext } from "./route-context";
import { nowIso, objectBody } from "./common";
import { sessionContext } from "./session-context";
import { parseDateRange } from "./events-query";

/** Most events one batch turns into datapoints. */
const MAX_BATCH = 10_000;

/** The spec's `filters`: an array of filters, one filter, or a `{ field: value }` map of equality filters. */
function filtersOf(raw: unknown): unknown {
  if (!isPlainObject(raw) || getOwn(raw, "field") !== undefined) return raw;
  return Object.entries(raw).map(([field, value]) => ({ field, operator: "is", value, type: typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string" }));
}

/** The events the body selects by filters and date range (none when it gives neither, nor `selectAll`). */
async function matchingEvents(ctx: RouteContext, body: JsonObject): Promise<EventRecord[]> {
  const rawFilters = getOwn(body, "filters");
  const rawRange = getOwn(body, "dateRange");
  if (rawFilters === undefined && rawRange === undefined && getOwn(body, "selectAll") !== true) return [];
  const { where, predicate, predicateFields } = compileFilters(parseFilters(filtersOf(rawFilters)));
  const range = parseDateRange(rawRange);
  const query: EventQuery = { where, order: "asc", limit: MAX_BATCH + 1 };
  if (predicate) query.predicate = predicate;
  if (predicateFields) query.predicateFields = predicateFields;
  if (range.from !== undefined) query.startFrom = range.from;
  if (range.to !== undefined) query.startTo = range.to;
  return (await ctx.store.queryEvents(ctx.project.id, query)).events;
}

/** The selected events, each once, in the order selected. */
async function selectedEvents(ctx: RouteContext, body: JsonObject): Promise<EventRecord[]> {
  const checkState = optObject(body, "checkState") ?? {};
  const unchecked = new Set(Object.keys(checkState).filter((id) => checkState[id] === false));
  const named = [...(optStringArray(body, "events", MAX_BATCH) ?? []), ...Object.keys(checkState).filter((id) => checkState[id] === true)];
  const byId = new Map<string, EventRecord>();
  for (const id of named) {
    const event = byId.has(id) ? undefined : await ctx.store.getEvent(ctx.project.id, id, { children: false });
    if (event) byId.set(id, event);
  }
  for (const event of await matchingEvents(ctx, body)) if (!byId.has(event.event_id)) byId.set(event.event_id, event);
  for (const id of unchecked) byId.delete(id);
  if (byId.size > MAX_BATCH) throw badRequest(`the batch selects more than ${MAX_BATCH} events; narrow the filters or the date range`);
  return [...byId.values()];
}

/** `paths`' values on `event`, each under its path's last name (an object at a one-name path merged in). */
function mapped(event: EventRecord, paths: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const path of paths) {
    const value = eventFieldValue(event, path);
    if (value === undefined) continue;
    if (!path.includes(".") && isPlainObject(value)) for (const [k, v] of Object.entries(value)) setOwn(out, k, v);
    else setOwn(out, path.split(".").pop() ?? path, value);
  }
  return out;
}

/** The datapoint made from one event: by the mapping, else by the rule `addEvent` and the viewer share. */
async function datapointOf(ctx: RouteContext, event: EventRecord, mapping: ReturnType<typeof parseMapping> | undefined, datasetId: string | undefined, now: string): Promise<DatapointRecord> {
  const base = datapointFromEvent(event, mapping ? {} : await sessionContext(ctx.store, ctx.project.id, event));
  const inputs = mapping ? mapped(event, mapping.inputs) : (base.inputs as JsonObject);
  const truth = mapping ? mapped(event, mapping.ground_truth) : (base.ground_truth as JsonObject);
  const history = mapping ? mapping.history.flatMap((path) => { const v = eventFieldValue(event, path); return v === undefined ? [] : Array.isArray(v) ? v : [v]; }) : base.history;
  return {
    id: newUuid(),
    inputs,
    history,
    ground_truth: Object.keys(truth).length > 0 ? truth : null,
    metadata: base.metadata as JsonObject,
    linked_event: event.event_id,
    linked_datasets: datasetId === undefined ? [] : [datasetId],
    created_at: now,
    updated_at: now,
  };
}

async function batchCreate(ctx: RouteContext): Promise<unknown> {
  const body = await objectBody(ctx);
  const datasetId = optString(body, "dataset_id", 200);
  const mapping = getOwn(body, "mapping") === undefined ? undefined : parseMapping(getOwn(body, "mapping"));
  if (datasetId !== undefined && !(await ctx.store.hasDataset(ctx.project.id, datasetId))) throw notFound(`dataset ${datasetId} not found`);
  const events = await selectedEvents(ctx, body);
  const now = nowIso(ctx);
  const datapoints: DatapointRecord[] = [];
  for (const event of events) datapoints.push(await datapointOf(ctx, event, mapping, datasetId, now));
  await ctx.store.createDatapoints(ctx.project.id, datapoints);
  return { inserted: datapoints.length > 0, insertedIds: datapoints.map((d) => d.id) };
}

/** The batch route. */
export const datapointBatchRoutes: readonly ApiRoute[] = [{ method: "POST", pattern: "/datapoints/batch", handler: batchCreate }];
