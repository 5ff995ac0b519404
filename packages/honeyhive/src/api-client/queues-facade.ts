/**
 * The `HoneyHive` class's `queues` group (annotation queues; the 1.x client had none): the spec's operation names
 * `getQueues`, `getQueue`, `createQueue`, `updateQueue`, `deleteQueue`, and `addEvents`, which never adds an event twice.
 */
import { snakeKeys } from "./case-keys";
import type { ApiClient } from "./create-api-client";
import { unwrap, unwrapList } from "./facade-helpers";
import type { CreateQueueRequest, Queue, UpdateQueueRequest } from "./group-types";
import type { JsonObject } from "./types";

/** The `queues` group of {@link HoneyHive}. */
export interface QueuesGroup {
  /** The queues, optionally only the enabled (or disabled) ones. */
  getQueues(query?: { enabled?: boolean }): Promise<Queue[]>;
  /** One queue, with the events in it. */
  getQueue(queueId: string): Promise<Queue>;
  /** `createQueue({ name, filters })` → `{ queue, message }`; `filters` may be a plain array of event filters. */
  createQueue(body: CreateQueueRequest): Promise<JsonObject>;
  /** `updateQueue(queueId, changes)` → `{ queue, message }`. */
  updateQueue(queueId: string, body: UpdateQueueRequest): Promise<JsonObject>;
  /** Deletes a queue (its events stay). */
  deleteQueue(queueId: string): Promise<JsonObject>;
  /** Adds events to a queue, each once (ids already in it are not added again) → `{ queue, message }`. */
  addEvents(queueId: string, eventIds: readonly string[]): Promise<JsonObject>;
}

/** Builds the `queues` group on a client. */
export function queuesGroup(api: ApiClient): QueuesGroup {
  return {
    getQueues: async (query) => unwrapList<Queue>(await api.queues.list(query ?? {}), "queues"),
    getQueue: async (queueId) => unwrap(await api.queues.get(queueId)),
    createQueue: async (body) => unwrap(await api.queues.create(snakeKeys(body)), ["queue"]),
    updateQueue: async (queueId, body) => unwrap(await api.queues.update(queueId, snakeKeys(body)), ["queue"]),
    deleteQueue: async (queueId) => unwrap(await api.queues.delete(queueId)),
    addEvents: async (queueId, eventIds) => unwrap(await api.queues.addEvents(queueId, eventIds), ["queue"]),
  };
}
