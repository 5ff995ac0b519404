/**
 * The viewer's review queues: the project's queues (from the `/v1/queues` records) and one queue's events with their
 * inputs, outputs and feedback, for reviewing them one by one. A session's inputs and outputs follow the shared rule
 * (`@honeyhive/core/sessions/session-io`: what `enrichSession` recorded, else its top-level events').
 */
import { sessionInputsOutputs } from "@honeyhive/core/sessions/session-io";
import { sessionContext } from "../../routes/session-context";
import type { JsonObject } from "../../domain/json";
import type { Store } from "../../store/store";
import type { QueueDetail, QueueItem, QueueSummary } from "../shared/queue-types";
import { previewValue } from "./preview";

/** Most events of one queue the review page gets. */
export const MAX_QUEUE_ITEMS = 500;
const PREVIEW_CHARS = 4000;

function eventIdsOf(queue: JsonObject): string[] {
  return Array.isArray(queue.event_ids) ? queue.event_ids.filter((id): id is string => typeof id === "string") : [];
}

function summaryOf(queue: JsonObject): QueueSummary {
  return {
    id: String(queue.id),
    name: typeof queue.name === "string" ? queue.name : "",
    description: typeof queue.description === "string" ? queue.description : "",
    enabled: queue.enabled !== false,
    events: eventIdsOf(queue).length,
  };
}

/** Every queue of the project, oldest first. */
export async function listViewerQueues(store: Store, projectId: string): Promise<QueueSummary[]> {
  return (await store.listRecords(projectId, "queue")).map(summaryOf);
}

async function itemOf(store: Store, projectId: string, eventId: string): Promise<QueueItem> {
  const event = await store.getEvent(projectId, eventId);
  if (!event) {
    const none = previewValue(undefined);
    return { event_id: eventId, found: false, session_id: null, event_type: null, event_name: null, start_time: null, inputs: none, outputs: none, feedback: {} };
  }
  const io = event.event_type === "session" ? sessionInputsOutputs(event, (await sessionContext(store, projectId, event)).events) : event;
  return {
    event_id: eventId,
    found: true,
    session_id: event.session_id,
    event_type: event.event_type,
    event_name: event.event_name,
    start_time: event.start_time,
    inputs: previewValue(io.inputs, PREVIEW_CHARS),
    outputs: previewValue(io.outputs, PREVIEW_CHARS),
    feedback: event.feedback,
  };
}

/** One queue with its first {@link MAX_QUEUE_ITEMS} events; undefined when the project has no such queue. */
export async function viewerQueue(store: Store, projectId: string, queueId: string): Promise<QueueDetail | undefined> {
  const queue = await store.getRecord(projectId, "queue", queueId);
  if (!queue) return undefined;
  const ids = eventIdsOf(queue);
  const items = await Promise.all(ids.slice(0, MAX_QUEUE_ITEMS).map((id) => itemOf(store, projectId, id)));
  return { queue: summaryOf(queue), items, truncated: ids.length > MAX_QUEUE_ITEMS };
}
