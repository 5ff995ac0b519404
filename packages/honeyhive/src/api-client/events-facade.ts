/**
 * The `HoneyHive` class's `events` group with the 1.x client's names and request fields: `createEvent({ event })`,
 * `updateEvent({ eventId, … })`, `getEvents({ filters, dateRange: { dollarGte, dollarLte } })`,
 * `createModelEvent({ modelEvent })`, `createEventBatch({ events, isSingleSession, sessionProperties })`,
 * `createModelEventBatch({ modelEvents, … })`, plus `searchEvents`. Bodies may use 1.x's camelCase names or the
 * wire's; the `project` 1.x bodies carry is not sent (the API key decides the project). Answers carry 1.x's camelCase
 * names beside the wire's, on each listed event too.
 */
import { wireKeys } from "./case-keys";
import type { ApiClient } from "./create-api-client";
import { unwrap, withAliasedItems } from "./facade-helpers";
import type { EventCreateRequest, EventExportRequest, EventSearchRequest, EventUpdateRequest, JsonObject, LegacyEventCreateRequest } from "./types";

/** The `events` group of {@link HoneyHive}. Every method throws `HoneyHiveApiError` when the request fails. */
export interface EventsGroup {
  /** Creates one event: `{ event: { eventType, eventName, inputs, sessionId?, … } }` (1.x) or snake_case. → `{ success, event_id, eventId }`. */
  createEvent(body: EventCreateRequest | LegacyEventCreateRequest): Promise<JsonObject>;
  /** Updates an event: `{ eventId, metadata?, feedback?, metrics?, outputs?, config?, userProperties?, duration? }` (1.x) or snake_case. */
  updateEvent(body: EventUpdateRequest | JsonObject): Promise<JsonObject>;
  /** The search: `{ filters, dateRange: { start_time, end_time }, limit, page }`. → `{ events, totalEvents }`. */
  searchEvents(body: EventSearchRequest | JsonObject): Promise<JsonObject>;
  /**
   * 1.x's event export: `{ project, filters, dateRange?: { dollarGte, dollarLte } (or `$gte` / `$lte`), projections?,
   * limit?, page? }`, sent as a search. → `{ events, totalEvents }`.
   */
  getEvents(body: EventExportRequest | JsonObject): Promise<JsonObject>;
  /**
   * Creates a model event from a provider call: `{ modelEvent: { model, provider, messages, response, usage, duration,
   * eventName?, hyperparameters?, template?, templateInputs?, tools?, toolChoice?, responseFormat?, cost?, … } }` (1.x)
   * or `{ model_event }`. → `{ success, event_id, eventId }`.
   */
  createModelEvent(body: JsonObject): Promise<JsonObject>;
  /**
   * Creates events together: `{ events, isSingleSession?, sessionProperties? }` (1.x) or snake_case; with a single
   * session, a new session holds them. → `{ event_ids, eventIds, session_id?, sessionId?, success }`.
   */
  createEventBatch(body: { events: JsonObject[] } & JsonObject): Promise<JsonObject>;
  /** Creates model events together: `{ modelEvents, isSingleSession?, sessionProperties? }` (1.x) or snake_case. */
  createModelEventBatch(body: JsonObject): Promise<JsonObject>;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** 1.x's `{ dollarGte, dollarLte }` date range (Speakeasy's names for `$gte` / `$lte`) as the wire's. */
function wireDateRange(range: unknown): unknown {
  if (!isObject(range)) return range;
  const { dollarGte, dollarLte, ...rest } = range;
  return { ...rest, ...(rest.$gte === undefined && dollarGte !== undefined ? { $gte: dollarGte } : {}), ...(rest.$lte === undefined && dollarLte !== undefined ? { $lte: dollarLte } : {}) };
}

/** A batch body in the wire's form: each event's and the session properties' keys snake_cased, `project` dropped. */
function wireBatch(body: JsonObject, eventsKey: "events" | "model_events"): JsonObject {
  const out = wireKeys(body, [eventsKey, "session_properties", "session"]);
  return { ...out, [eventsKey]: Array.isArray(out[eventsKey]) ? out[eventsKey] : [] };
}

/** Builds the `events` group on a client. */
export function eventsGroup(api: ApiClient): EventsGroup {
  const listed = (data: JsonObject): JsonObject => withAliasedItems(data, "events");
  return {
    createEvent: async (body) => unwrap(await api.events.create(wireKeys(body as unknown as JsonObject, ["event"]) as unknown as EventCreateRequest)),
    updateEvent: async (body) => unwrap(await api.events.update(wireKeys(body as EventUpdateRequest))),
    searchEvents: async (body) => listed(unwrap(await api.events.search(wireKeys(body as EventSearchRequest)))),
    getEvents: async (body) => {
      const wire = wireKeys(body as JsonObject);
      if (wire.dateRange !== undefined) wire.dateRange = wireDateRange(wire.dateRange);
      return listed(unwrap(await api.events.export(wire as unknown as EventExportRequest)));
    },
    createModelEvent: async (body) => unwrap(await api.events.createModel(wireKeys(body, ["model_event"]) as { model_event: JsonObject })),
    createEventBatch: async (body) => unwrap(await api.events.createBatch(wireBatch(body, "events") as { events: JsonObject[] })),
    createModelEventBatch: async (body) => unwrap(await api.events.createModelBatch(wireBatch(body, "model_events") as { model_events: JsonObject[] })),
  };
}
