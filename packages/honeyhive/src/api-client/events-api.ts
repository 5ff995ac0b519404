import { pathSegment, type Requester } from "./request";
import type {
  ApiResult,
  EventCreateRequest,
  EventCreateResponse,
  EventExportRequest,
  EventExportResponse,
  EventUpdateRequest,
  HoneyHiveEvent,
  JsonObject,
  SessionStartRequest,
  SessionStartResponse,
} from "./types";

/** Session endpoints. */
export interface SessionsApi {
  /** `POST /session/start`; idempotent on `session.session_id`. */
  start(body: SessionStartRequest, signal?: AbortSignal): Promise<ApiResult<SessionStartResponse>>;
  /** `GET /v1/sessions/{id}`: the session event (with its tree where the backend supports it). */
  get(sessionId: string, signal?: AbortSignal): Promise<ApiResult<HoneyHiveEvent>>;
}

/** Event endpoints. */
export interface EventsApi {
  /** `POST /events`. */
  create(body: EventCreateRequest, signal?: AbortSignal): Promise<ApiResult<EventCreateResponse>>;
  /** `PUT /events`: merges metadata/feedback/metrics/config, replaces outputs. */
  update(body: EventUpdateRequest, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /** `POST /events/batch`. */
  createBatch(body: { events: JsonObject[] } & JsonObject, signal?: AbortSignal): Promise<ApiResult<JsonObject>>;
  /** `POST /v1/events/export`: events matching filters; `totalEvents` falls back to `count`. */
  export(body: EventExportRequest, signal?: AbortSignal): Promise<ApiResult<EventExportResponse>>;
}

/** Builds {@link SessionsApi} on a requester. */
export function createSessionsApi(request: Requester): SessionsApi {
  return {
    start: (body, signal) => request({ method: "POST", path: "/session/start", body, signal }),
    get: (sessionId, signal) => request({ method: "GET", path: `/v1/sessions/${pathSegment(sessionId)}`, signal }),
  };
}

/** Builds {@link EventsApi} on a requester. */
export function createEventsApi(request: Requester): EventsApi {
  return {
    create: (body, signal) => request({ method: "POST", path: "/events", body, signal }),
    update: (body, signal) => request({ method: "PUT", path: "/events", body, signal }),
    createBatch: (body, signal) => request({ method: "POST", path: "/events/batch", body, signal }),
    export: async (body, signal) => {
      const result = await request<EventExportResponse>({ method: "POST", path: "/v1/events/export", body, signal });
      if (!result.ok) return result;
      const data = result.data ?? ({} as EventExportResponse);
      const events = Array.isArray(data.events) ? data.events : [];
      const total = typeof data.totalEvents === "number" ? data.totalEvents : typeof data.count === "number" ? data.count : events.length;
      return { ok: true, data: { ...data, events, totalEvents: total } };
    },
  };
}
