import { pathSegment, type Requester } from "./request";
import type {
  ApiResult,
  EventCreateRequest,
  EventCreateResponse,
  EventExportRequest,
  EventExportResponse,
  EventSearchRequest,
  EventUpdateRequest,
  HoneyHiveEvent,
  JsonObject,
  SessionStartRequest,
  SessionStartResponse,
} from "./types";
import { batchForV1, legacyDateRange, searchFromExport, withoutKeys } from "./v1-bodies";
import type { ApiCall } from "./api-call";
import type { CallerStop } from "../internal/call-stop";

/**
 * The call of `sessions.start`: `POST /v1/sessions` with the bare session, idempotent on its id. The tracer's session
 * client sends it with its own stop (`session-client.ts`).
 */
export function sessionStartCall(body: SessionStartRequest, signal?: CallerStop): ApiCall {
  return createCall("/v1/sessions", "/session/start", (body?.session ?? {}) as JsonObject, "session_id", body, signal);
}

/**
 * A `POST` on `path` that creates `object` (sent without its `project`: the key names it), idempotent when the object
 * carries its own id under `idKey`; a server without the route gets the whole `body` on `legacyPath`.
 */
function createCall(path: string, legacyPath: string, object: JsonObject, idKey: string, body: unknown, signal?: CallerStop): ApiCall {
  const id = object[idKey];
  return {
    method: "POST",
    path,
    body: withoutKeys(object, ["project"]),
    signal,
    idempotent: typeof id === "string" && id !== "",
    fallback: { operation: `POST ${path}`, legacy: { method: "POST", path: legacyPath, body } },
  };
}

/** The call of `events.update`: `PUT /v1/events/{event_id}` with the rest of `body` (the session client's too). */
export function eventUpdateCall(body: EventUpdateRequest, signal?: CallerStop, waitForBreaker?: boolean): ApiCall {
  const { event_id: eventId, ...patch } = body;
  return {
    method: "PUT",
    path: `/v1/events/${pathSegment(String(eventId))}`,
    body: patch,
    signal,
    waitForBreaker,
    fallback: { operation: "PUT /v1/events/{event_id}", legacy: { method: "PUT", path: "/events", body } },
  };
}

/** Session endpoints. */
export interface SessionsApi {
  /**
   * `POST /v1/sessions` with the bare session (legacy `POST /session/start` on servers without it).
   * Idempotent on `session.session_id`, so it is retried like a read when the id is given.
   */
  start(body: SessionStartRequest, signal?: AbortSignal): Promise<ApiResult<SessionStartResponse>>;
  /**
   * The session event, read through `POST /v1/events/search` filtered by session id and `event_type`
   * session; a 404 result when no such session is stored.
   */
  get(sessionId: string, signal?: AbortSignal): Promise<ApiResult<HoneyHiveEvent>>;
}

/** Event endpoints. */
export interface EventsApi {
  /** `POST /v1/events` with the bare event (legacy `POST /events`); retried only when `event_id` is given. */
  create(body: EventCreateRequest, signal?: AbortSignal): Promise<ApiResult<EventCreateResponse>>;
  /**
   * `PUT /v1/events/{event_id}` (legacy `PUT /events`): merges metadata/feedback/metrics/config, replaces outputs.
   * `waitForBreaker` false: never waits for the client's circuit breaker to close (see `RetryPolicy.waitForBreaker`).
   */
  update(body: EventUpdateRequest, signal?: AbortSignal, waitForBreaker?: boolean): Promise<ApiResult<JsonObject>>;
  /** `POST /v1/events/batch` (legacy `POST /events/batch`); retried only when every event has an `event_id`. */
  createBatch(body: { events: JsonObject[] } & JsonObject, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /**
   * `POST /events/model`: one model event from a provider call's `messages`, `response`, `usage`, `model` and
   * `provider` (the spec's `ModelEvent`); retried only when `event_id` is given.
   */
  createModel(body: { model_event: JsonObject }, signal?: AbortSignal): Promise<ApiResult<EventCreateResponse>>;
  /** `POST /events/model/batch` (`single_session`, `session_properties` as for {@link EventsApi.createBatch}). */
  createModelBatch(body: { model_events: JsonObject[] } & JsonObject, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /** `POST /v1/events/search` (legacy `POST /v1/events/export`): events matching filters, newest first. */
  search(body: EventSearchRequest, signal?: AbortSignal): Promise<ApiResult<EventExportResponse>>;
  /**
   * The former export call, now sent as {@link EventsApi.search} (see {@link EventExportRequest}).
   * @deprecated Use `search`.
   */
  export(body: EventExportRequest, signal?: AbortSignal): Promise<ApiResult<EventExportResponse>>;
}

const SESSION_FILTER = (sessionId: string): EventSearchRequest => ({
  filters: [
    { field: "session_id", operator: "is", value: sessionId, type: "string" },
    { field: "event_type", operator: "is", value: "session", type: "string" },
  ],
  limit: 1,
});

/** Builds {@link SessionsApi} on a requester. */
export function createSessionsApi(request: Requester, events: EventsApi): SessionsApi {
  return {
    start: (body, signal) => request(sessionStartCall(body, signal)),
    get: async (sessionId, signal) => {
      const found = await events.search(SESSION_FILTER(sessionId), signal);
      if (!found.ok) return found;
      const session = found.data.events.find((e) => e.event_id === sessionId) ?? found.data.events[0];
      return session ? { ok: true, data: session } : { ok: false, status: 404, error: `session ${sessionId} not found` };
    },
  };
}

function withTotal(result: ApiResult<EventExportResponse>): ApiResult<EventExportResponse> {
  if (!result.ok) return result;
  const data = result.data ?? ({} as EventExportResponse);
  const events = Array.isArray(data.events) ? data.events : [];
  const total = typeof data.totalEvents === "number" ? data.totalEvents : typeof data.count === "number" ? data.count : events.length;
  return { ok: true, data: { ...data, events, totalEvents: total } };
}

/** The model-event calls of {@link EventsApi} (`POST /events/model`, `/events/model/batch`; no `project` is sent). */
function modelEventCalls(request: Requester): Pick<EventsApi, "createModel" | "createModelBatch"> {
  return {
    createModel: (body, signal) => {
      const event = withoutKeys((body?.model_event ?? {}) as JsonObject, ["project"]);
      const idempotent = typeof event.event_id === "string" && event.event_id !== "";
      return request({ method: "POST", path: "/events/model", body: { model_event: event }, signal, idempotent });
    },
    createModelBatch: (body, signal) => {
      const v1 = batchForV1({ ...body, events: Array.isArray(body?.model_events) ? body.model_events : [] });
      const { events, ...rest } = v1.body;
      return request({ method: "POST", path: "/events/model/batch", body: { model_events: events, ...rest }, signal, idempotent: v1.idempotent });
    },
  };
}

/** Builds {@link EventsApi} on a requester. */
export function createEventsApi(request: Requester): EventsApi {
  const search: EventsApi["search"] = async (body, signal) => {
    const { dateRange, filters, ...rest } = body ?? {};
    // The legacy export requires each filter's type and names the range bounds $gte/$lte.
    const legacyBody: JsonObject = { ...rest, filters: (filters ?? []).map((f) => ({ ...f, type: f.type ?? "string" })) };
    if (dateRange) legacyBody.dateRange = legacyDateRange(dateRange);
    const result = await request<EventExportResponse>({
      method: "POST",
      path: "/v1/events/search",
      body,
      signal,
      idempotent: true,
      fallback: { operation: "POST /v1/events/search", legacy: { method: "POST", path: "/v1/events/export", body: legacyBody } },
    });
    return withTotal(result);
  };
  return {
    create: (body, signal) => request(createCall("/v1/events", "/events", (body?.event ?? {}) as JsonObject, "event_id", body, signal)),
    update: (body, signal, waitForBreaker) => request(eventUpdateCall(body, signal, waitForBreaker)),
    createBatch: (body, signal) => {
      const v1 = batchForV1(body);
      return request({
        method: "POST",
        path: "/v1/events/batch",
        body: v1.body,
        signal,
        idempotent: v1.idempotent,
        fallback: { operation: "POST /v1/events/batch", legacy: { method: "POST", path: "/events/batch", body } },
      });
    },
    ...modelEventCalls(request),
    search,
    export: (body, signal) => search(searchFromExport(body), signal),
  };
}
