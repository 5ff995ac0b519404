import { pathSegment, type Requester } from "./request";
import type { CreateQueueRequest, GroupFilter, Queue, UpdateQueueRequest } from "./group-types";
import type { ApiResult, EventFilter, JsonObject } from "./types";

/** Annotation-queue endpoints (`/v1/queues`), with the conveniences of review queues from code. */
export interface QueuesApi {
  /** `GET /v1/queues?enabled` → `{ queues }`. */
  list(query?: { enabled?: boolean }, signal?: AbortSignal): Promise<ApiResult<{ queues: Queue[] } & JsonObject>>;
  /** `GET /v1/queues/{queue_id}` → the queue. */
  get(queueId: string, signal?: AbortSignal): Promise<ApiResult<Queue>>;
  /**
   * `POST /v1/queues` → `{ queue, message }`. `filters` may be a plain array of event filters; a filter without a `type`
   * is compared as a string.
   */
  create(body: CreateQueueRequest, signal?: AbortSignal): Promise<ApiResult<{ queue: Queue; message?: string } & JsonObject>>;
  /** `PUT /v1/queues/{queue_id}` → `{ queue, message }`: only the given fields change. */
  update(queueId: string, body: UpdateQueueRequest, signal?: AbortSignal): Promise<ApiResult<{ queue: Queue; message?: string } & JsonObject>>;
  /** `DELETE /v1/queues/{queue_id}` → `{ message }`. */
  delete(queueId: string, signal?: AbortSignal): Promise<ApiResult<{ message?: string } & JsonObject>>;
  /**
   * Adds events to a queue, each once: ids repeated in `eventIds` and, when the server lists the queue's events, ids
   * already in the queue are not sent again. Resolves to the updated queue.
   */
  addEvents(queueId: string, eventIds: readonly string[], signal?: AbortSignal): Promise<ApiResult<{ queue: Queue; message?: string } & JsonObject>>;
}

/** A filter with its comparison type (`string` when none is given), as queue filters must carry one. */
function typedFilter(filter: EventFilter): GroupFilter {
  return { ...filter, type: filter?.type ?? "string" };
}

/** The wire's `{ filterArray }` from either form of {@link CreateQueueRequest.filters}. */
function wireFilters(filters: CreateQueueRequest["filters"]): { filterArray: GroupFilter[] } | undefined {
  if (filters === undefined) return undefined;
  const list = Array.isArray(filters) ? filters : Array.isArray(filters?.filterArray) ? filters.filterArray : [];
  return { filterArray: list.map(typedFilter) };
}

/** `body` with its filters in the wire's form (and without a `filters` key when none were given). */
function withWireFilters<B extends { filters?: CreateQueueRequest["filters"] }>(body: B): JsonObject {
  const out: JsonObject = { ...body };
  const filters = wireFilters(body?.filters);
  if (filters === undefined) delete out.filters;
  else out.filters = filters;
  return out;
}

/** Builds {@link QueuesApi} on a requester. */
export function createQueuesApi(request: Requester): QueuesApi {
  const queuePath = (queueId: string): string => `/v1/queues/${pathSegment(queueId)}`;
  const update: QueuesApi["update"] = (queueId, body, signal) =>
    request({ method: "PUT", path: queuePath(queueId), body: { ...withWireFilters(body), id: queueId }, signal });
  const get: QueuesApi["get"] = (queueId, signal) => request({ method: "GET", path: queuePath(queueId), signal });
  return {
    list: (query = {}, signal) => request({ method: "GET", path: "/v1/queues", query: { enabled: query?.enabled }, signal }),
    get,
    create: (body, signal) => request({ method: "POST", path: "/v1/queues", body: withWireFilters(body), signal }),
    update,
    delete: (queueId, signal) => request({ method: "DELETE", path: queuePath(queueId), signal }),
    addEvents: async (queueId, eventIds, signal) => {
      const current = await get(queueId, signal);
      if (!current.ok) return current;
      const present = new Set(Array.isArray(current.data?.event_ids) ? current.data.event_ids : []);
      const fresh = [...new Set(eventIds)].filter((id) => !present.has(id));
      return update(queueId, { add_event_ids: fresh }, signal);
    },
  };
}
