/**
 * Event writes and reads: `POST /events` (+ `/v1/events`), `POST /events/batch`, `POST /events/model`,
 * `POST /v1/sessions/{id}/events/batch`, `POST /session/{id}/traces`, `PUT /events` (+ `PUT /v1/events/{id}`), `GET /v1/events/{id}`.
 */
import { newUuid } from "@honeyhive/core/ids/uuid";
import { badRequest, notFound } from "../http/http-error";
import type { ApiRoute, RouteContext } from "./route-context";
import {
  apiEvent, applyEventPatch, eventFromBody, mergeEvents, parseEventPatch, sessionFromBody, sessionSeed,
} from "../model/event-model";
import { getOwn, isPlainObject, mergeObjects, setOwn, type JsonObject } from "../domain/json";
import { objectOrJsonString, optString, requireUuid } from "../domain/validate";
import type { EventRecord, EventWrite } from "../domain/records";
import { nowMs, objectBody } from "./common";
import { priceModelEvent } from "../ingest/model-cost";
import { noteUnpricedCalls } from "./unpriced-notice";

const MAX_BATCH = 10_000;

function seedFor(event: EventRecord): EventRecord {
  const evalIds: JsonObject = {};
  for (const key of ["run_id", "dataset_id", "datapoint_id"]) {
    if (typeof event.metadata[key] === "string") evalIds[key] = event.metadata[key];
  }
  return sessionSeed(event.session_id, { source: event.source, metadata: evalIds, start_time: event.start_time, end_time: event.end_time });
}

async function store(ctx: RouteContext, events: EventRecord[], extraSessions: EventRecord[] = []): Promise<void> {
  const sessions = [...extraSessions];
  const writes: EventWrite[] = [];
  for (const event of events) {
    if (event.event_type !== "session") sessions.push(seedFor(event));
    if (event.event_type === "model") priceModelEvent(event, ctx.prices, event.start_time);
    writes.push({ event });
  }
  await ctx.store.writeEvents(ctx.project.id, { sessions, events: writes, merge: mergeEvents });
  noteUnpricedCalls(ctx.logger, events);
}

/** `POST /events`: `{event: {...}}` (object or JSON string), or the bare event (B's `/v1/events`). */
async function createEvent(ctx: RouteContext): Promise<unknown> {
  const body = await objectBody(ctx);
  const raw = getOwn(body, "event") !== undefined ? objectOrJsonString(getOwn(body, "event"), `"event"`) : body;
  const event = eventFromBody(raw, nowMs(ctx));
  await store(ctx, [event]);
  return { success: true, event_id: event.event_id, session_id: event.session_id };
}

const MODEL_FIELDS: Readonly<Record<string, [string, string]>> = {
  messages: ["inputs", "messages"],
  response: ["outputs", "response"],
};
const EVENT_FIELDS = new Set([
  "event_id", "session_id", "parent_id", "children_ids", "event_name", "source", "project", "inputs", "outputs",
  "config", "metadata", "metrics", "feedback", "user_properties", "error", "start_time", "end_time", "duration",
]);

/**
 * The legacy aliases of a model event that HoneyHive remaps to `inputs` (its spec: `inputs.duration`,
 * `inputs.error`), where the Python client reads them back; the dev server keeps them on the event too, so its
 * duration and error still show.
 */
const ALSO_IN_INPUTS = new Set(["duration", "error"]);

/**
 * `POST /events/model`: forces `event_type=model`; messages→inputs.messages, response→outputs.response,
 * duration and error→inputs (and the event), the other model fields→inputs.
 */
function modelEvent(raw: JsonObject): JsonObject {
  const out: JsonObject = { event_type: "model" };
  const inputs = mergeObjects(isPlainObject(raw.inputs) ? raw.inputs : {});
  const outputs = mergeObjects(isPlainObject(raw.outputs) ? raw.outputs : {});
  for (const key of Object.keys(raw)) {
    const mapped = MODEL_FIELDS[key];
    if (mapped) setOwn(mapped[0] === "inputs" ? inputs : outputs, mapped[1], raw[key]);
    else if (EVENT_FIELDS.has(key)) setOwn(out, key, raw[key]);
    else if (key !== "event_type") setOwn(inputs, key, raw[key]);
    if (ALSO_IN_INPUTS.has(key) && raw[key] !== null && raw[key] !== undefined) setOwn(inputs, key, raw[key]);
  }
  return { ...out, inputs, outputs };
}

async function createModelEvent(ctx: RouteContext): Promise<unknown> {
  const body = await objectBody(ctx);
  const event = eventFromBody(modelEvent(objectOrJsonString(getOwn(body, "model_event") ?? body, `"model_event"`)), nowMs(ctx));
  await store(ctx, [event]);
  return { success: true, event_id: event.event_id };
}

function eventList(body: JsonObject, key: string): JsonObject[] {
  const list = getOwn(body, key);
  if (!Array.isArray(list)) throw badRequest(`"${key}" must be an array`);
  if (list.length > MAX_BATCH) throw badRequest(`at most ${MAX_BATCH} events per batch`);
  return list.map((item, i) => objectOrJsonString(item, `${key}[${i}]`));
}

/** `POST /events/batch` (and `/events/model/batch`): all events or none; optionally one new session for all. */
async function createBatch(ctx: RouteContext, model: boolean): Promise<unknown> {
  const body = await objectBody(ctx);
  const raws = eventList(body, model ? "model_events" : "events");
  const single = getOwn(body, "single_session") === true || getOwn(body, "is_single_session") === true;
  const now = nowMs(ctx);
  let session: EventRecord | undefined;
  if (single) {
    const props = getOwn(body, "session_properties") ?? getOwn(body, "session") ?? {};
    session = sessionFromBody({ ...objectOrJsonString(props, `"session_properties"`), session_id: newUuid() }, now);
  }
  const events = raws.map((raw) => eventFromBody(model ? modelEvent(raw) : raw, now, session?.session_id));
  await store(ctx, events, session ? [session] : []);
  return { success: true, event_ids: events.map((e) => e.event_id), ...(session ? { session_id: session.session_id } : {}) };
}

/** `POST /v1/sessions/{id}/events/batch`: the path id overrides each event's session. */
async function createSessionBatch(ctx: RouteContext): Promise<unknown> {
  const sessionId = requireUuid(ctx.params.id, "session id");
  const body = await objectBody(ctx);
  const events = eventList(body, "events").map((raw) => eventFromBody(raw, nowMs(ctx), sessionId));
  await store(ctx, events);
  return { success: true, event_ids: events.map((e) => e.event_id) };
}

/**
 * `POST /session/{id}/traces`: the events of exactly one of `events` or `logs` (the name the legacy ingestion handler
 * used) go into the session of the path, as `POST /v1/sessions/{id}/events/batch` does; neither or both is a 400.
 */
async function addSessionTraces(ctx: RouteContext): Promise<unknown> {
  const sessionId = requireUuid(ctx.params.id, "session id");
  const body = await objectBody(ctx);
  const hasEvents = getOwn(body, "events") !== undefined;
  if (hasEvents === (getOwn(body, "logs") !== undefined)) throw badRequest(`send exactly one of "events" or "logs" (the session's trace events)`);
  const events = eventList(body, hasEvents ? "events" : "logs").map((raw) => eventFromBody(raw, nowMs(ctx), sessionId));
  await store(ctx, events);
  return { success: true };
}

/** `PUT /events` (id in the body) and `PUT /v1/events/{id}`: merge rules of honeyhive-api.md §2.2. */
async function updateEvent(ctx: RouteContext): Promise<unknown> {
  const body = await objectBody(ctx);
  const id = requireUuid(ctx.params.id ?? optString(body, "event_id", 100), "event_id");
  const patch = parseEventPatch(body);
  const updated = await ctx.store.updateEvent(ctx.project.id, id, (current) => applyEventPatch(current, patch));
  if (!updated) throw notFound(`event ${id} not found`);
  return { success: true, event_id: id };
}

async function getEvent(ctx: RouteContext): Promise<unknown> {
  const id = requireUuid(ctx.params.id, "event id");
  const event = await ctx.store.getEvent(ctx.project.id, id);
  if (!event) throw notFound(`event ${id} not found`);
  return { event: apiEvent(event, ctx.project) };
}

/** Event routes. */
export const eventRoutes: readonly ApiRoute[] = [
  { method: "POST", pattern: "/events", handler: createEvent },
  { method: "POST", pattern: "/events/model", handler: createModelEvent },
  { method: "POST", pattern: "/events/batch", handler: (ctx) => createBatch(ctx, false) },
  { method: "POST", pattern: "/events/model/batch", handler: (ctx) => createBatch(ctx, true) },
  { method: "POST", pattern: "/sessions/:id/events/batch", handler: createSessionBatch },
  { method: "POST", pattern: "/session/:id/traces", handler: addSessionTraces },
  { method: "PUT", pattern: "/events", handler: updateEvent },
  { method: "PUT", pattern: "/events/:id", handler: updateEvent },
  { method: "GET", pattern: "/events/:id", handler: getEvent },
];
