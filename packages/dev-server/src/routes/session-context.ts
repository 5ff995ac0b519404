/**
 * What the shared datapoint and session rules (`@honeyhive/core/datasets/datapoint-from-event`,
 * `@honeyhive/core/sessions/session-io`) read of a session besides the session event: its first model call's inputs
 * (its conversation) and its first and last top-level events (inputs and outputs of a plain traced session).
 */
import type { SessionContext } from "@honeyhive/core/datasets/datapoint-from-event";
import type { EventRecord } from "../domain/records";
import type { Store } from "../store/store";

/** The context of `event` when it is a session (three indexed reads of one event each); `{}` for other events. */
export async function sessionContext(store: Store, projectId: string, event: EventRecord): Promise<SessionContext> {
  if (event.event_type !== "session") return {};
  const sessionId = event.event_id;
  const [calls, first, last] = await Promise.all([
    store.queryEvents(projectId, { where: { session_id: sessionId, event_type: "model" }, order: "asc", limit: 1 }),
    store.queryEvents(projectId, { where: { session_id: sessionId, parent_id: sessionId }, order: "asc", limit: 1 }),
    store.queryEvents(projectId, { where: { session_id: sessionId, parent_id: sessionId }, order: "desc", limit: 1 }),
  ]);
  return { conversationInputs: calls.events[0]?.inputs, events: [...first.events, ...last.events] };
}
