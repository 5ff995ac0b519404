/**
 * Request bodies in the shapes the `/v1` operations of the HoneyHive OpenAPI spec accept: bare objects,
 * no deprecated aliases, no `project` (the API key decides it), and only the keys strict schemas allow.
 */
import type { EventExportRequest, EventSearchRequest, JsonObject } from "./types";

/** The most events one `POST /v1/events/search` returns. */
const MAX_SEARCH_LIMIT = 1000;
const EPOCH = "1970-01-01T00:00:00.000Z";
const FAR_FUTURE = "9999-12-31T23:59:59.999Z";

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A shallow copy of `value` without `keys` (a non-object is returned as is). */
export function withoutKeys<T>(value: T, keys: readonly string[]): T {
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) if (!keys.includes(key)) out[key] = item;
  return out as T;
}

/** Only `keys` of `value`, those that are defined. */
export function pickKeys(value: unknown, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  if (!isObject(value)) return out;
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

/**
 * `POST /v1/events/batch` body from a legacy-style one (`is_single_session` and `session` aliases, per-event
 * `project`). Idempotent (safe to retry) only when every event carries its own `event_id` and no new
 * session is created for the batch.
 */
export function batchForV1(body: { events: JsonObject[] } & JsonObject): { body: JsonObject; idempotent: boolean } {
  const events = Array.isArray(body?.events) ? body.events.map((event) => withoutKeys(event, ["project"])) : [];
  const single = body?.single_session ?? body?.is_single_session;
  const properties = body?.session_properties ?? body?.session;
  const out: JsonObject = { events };
  if (single !== undefined) out.single_session = single;
  if (properties !== undefined) out.session_properties = properties;
  const idempotent = single !== true && events.every((e) => isObject(e) && typeof e.event_id === "string" && e.event_id !== "");
  return { body: out, idempotent };
}

/** The legacy export's `{$gte, $lte}` form of a search date range. */
export function legacyDateRange(range: { start_time: string; end_time: string }): { $gte: string; $lte: string } {
  return { $gte: range.start_time, $lte: range.end_time };
}

function clampLimit(limit: unknown): number | undefined {
  if (typeof limit !== "number" || !Number.isFinite(limit)) return undefined;
  return Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.trunc(limit)));
}

/** The search date range of an export body's `dateRange` (open ends filled), when it bounds anything. */
function searchRange(range: EventExportRequest["dateRange"] | undefined): EventSearchRequest["dateRange"] | undefined {
  if (!range || (range.$gte === undefined && range.$lte === undefined)) return undefined;
  return { start_time: range.$gte ?? EPOCH, end_time: range.$lte ?? FAR_FUTURE };
}

/** A search body from the deprecated export body (date range renamed, limit capped, projections dropped). */
export function searchFromExport(body: EventExportRequest): EventSearchRequest {
  const out: EventSearchRequest = { filters: Array.isArray(body?.filters) ? body.filters : [] };
  const range = searchRange(body?.dateRange);
  if (range) out.dateRange = range;
  const limit = clampLimit(body?.limit);
  if (limit !== undefined) out.limit = limit;
  if (typeof body?.page === "number" && Number.isInteger(body.page) && body.page >= 1) out.page = body.page;
  if (typeof body?.ignore_order === "boolean") out.ignore_order = body.ignore_order;
  if (typeof body?.evaluation_id === "string") out.evaluation_id = body.evaluation_id;
  return out;
}
