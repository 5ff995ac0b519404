/**
 * "Called from": a session started under another service's span (distributed tracing) has a top event whose
 * `metadata.caller_*` (written by the SDK: `caller_session_id` when the caller's headers named its session,
 * `caller_trace_id`, `caller_span_id`) name the caller. The caller's event is found by the id the dev server gives
 * a span (`spanEventId`); everything is read in the viewer's project only.
 */
import type { JsonObject } from "../../domain/json";
import type { TreeEventRow } from "../../domain/records";
import { spanEventId } from "../../domain/ids";
import type { Store } from "../../store/store";
import type { CalledFrom } from "../shared/wire-types";

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

function text(metadata: JsonObject, key: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(metadata, key) ? metadata[key] : undefined;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The caller's event id, when `metadata` names a well-formed trace and span stored in the project. */
async function callerEvent(store: Store, projectId: string, metadata: JsonObject): Promise<{ eventId: string; sessionId: string } | undefined> {
  const traceId = text(metadata, "caller_trace_id")?.toLowerCase();
  const spanId = text(metadata, "caller_span_id")?.toLowerCase();
  if (traceId === undefined || spanId === undefined || !TRACE_ID.test(traceId) || !SPAN_ID.test(spanId)) return undefined;
  const event = await store.getEvent(projectId, spanEventId(traceId, spanId), { children: false });
  return event === undefined ? undefined : { eventId: event.event_id, sessionId: event.session_id };
}

/** Where session `sessionId` was called from, read from its top events (`rows`); undefined when not called. */
export async function calledFrom(store: Store, projectId: string, sessionId: string, rows: readonly TreeEventRow[]): Promise<CalledFrom | undefined> {
  const top = rows.find((r) => r.parent_id === sessionId && r.metadata !== null && typeof r.metadata === "object" &&
    (text(r.metadata, "caller_session_id") !== undefined || text(r.metadata, "caller_span_id") !== undefined));
  if (top === undefined) return undefined;
  const event = await callerEvent(store, projectId, top.metadata);
  const callerSessionId = text(top.metadata, "caller_session_id")?.toLowerCase() ?? event?.sessionId ?? null;
  const session = callerSessionId === null ? undefined : await store.getEvent(projectId, callerSessionId, { children: false });
  const stored = session !== undefined && session.event_type === "session";
  return { session_id: callerSessionId, session_name: stored ? session.event_name : null, event_id: event?.eventId ?? null };
}
