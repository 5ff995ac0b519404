/**
 * Events as the API sees them: building records from request bodies (with the API's defaults), the
 * `PUT /events` merge rules, the merge applied when an event id arrives twice, and the response shape.
 */
import { isUuid, newUuid } from "@honeyhive/core/ids/uuid";
import { invalid } from "../domain/validation-error";
import type { EventRecord, ProjectRecord } from "../domain/records";
import { ORG_ID, WORKSPACE_ID } from "../domain/ids";
import { getOwn, isPlainObject, mergeObjects, type JsonObject } from "../domain/json";
import { optNumber, optObject, optString, optStringArray, optUuid } from "../domain/validate";

const NAMESPACES = ["config", "metadata", "metrics", "feedback", "user_properties"] as const;
/** Most characters of an event's `source`. */
const MAX_SOURCE = 1000;
/**
 * Most characters of an event or session name: 1 Mi, the most the SDK sends (it cuts names to its
 * `maxAttributeBytes`, 128 KiB by default, as it cuts attribute values), and what the OTLP ingest stores anyway.
 */
const MAX_NAME = 1024 * 1024;

/** The API form of an event: the record plus its project, org and workspace ids. */
export function apiEvent(event: EventRecord, project: ProjectRecord): JsonObject {
  // Field by field, in the record's order, not `{ ...event }`: a literal of one shape is several times cheaper to
  // build and to serialise, which an export of 10,000 events notices (decision record 0038).
  return {
    event_id: event.event_id,
    session_id: event.session_id,
    parent_id: event.parent_id,
    children_ids: event.children_ids,
    event_type: event.event_type,
    event_name: event.event_name,
    source: event.source,
    inputs: event.inputs,
    outputs: event.outputs,
    config: event.config,
    metadata: event.metadata,
    metrics: event.metrics,
    feedback: event.feedback,
    user_properties: event.user_properties,
    error: event.error,
    start_time: event.start_time,
    end_time: event.end_time,
    duration: event.duration,
    project_id: project.id,
    org_id: ORG_ID,
    workspace_id: WORKSPACE_ID,
  };
}

function times(body: JsonObject, now: number): Pick<EventRecord, "start_time" | "end_time" | "duration"> {
  const start = optNumber(body, "start_time") ?? now;
  const duration = optNumber(body, "duration");
  const end = optNumber(body, "end_time") ?? (duration !== undefined ? start + duration : start);
  return { start_time: start, end_time: end, duration: duration ?? end - start };
}

/** The object fields of an event body, each `{}` when absent. */
function objectFields(body: JsonObject): Pick<EventRecord, "inputs" | "outputs" | "config" | "metadata" | "metrics" | "feedback" | "user_properties"> {
  return {
    inputs: optObject(body, "inputs") ?? {},
    outputs: optObject(body, "outputs") ?? {},
    config: optObject(body, "config") ?? {},
    metadata: optObject(body, "metadata") ?? {},
    metrics: optObject(body, "metrics") ?? {},
    feedback: optObject(body, "feedback") ?? {},
    user_properties: optObject(body, "user_properties") ?? {},
  };
}

/** The event's ids: a session event is its own session; other events default their parent to the session. */
function eventIds(body: JsonObject, eventType: string, sessionId: string | undefined): Pick<EventRecord, "event_id" | "session_id" | "parent_id"> {
  const session = sessionId ?? optUuid(body, "session_id") ?? newUuid();
  const eventId = eventType === "session" ? session : optUuid(body, "event_id") ?? newUuid();
  const parent = getOwn(body, "parent_id");
  if (parent !== undefined && parent !== null && typeof parent !== "string") throw invalid(`"parent_id" must be a string`);
  if (eventType === "session") return { event_id: eventId, session_id: session, parent_id: null };
  return { event_id: eventId, session_id: session, parent_id: typeof parent === "string" && parent !== "" ? parent : session };
}

/** Builds an event from a `POST /events` body; `sessionId` forces the session (batch/single-session). */
export function eventFromBody(body: JsonObject, now: number, sessionId?: string): EventRecord {
  const eventType = optString(body, "event_type", 100);
  if (eventType === undefined || eventType.trim() === "") throw invalid(`"event_type" is required`);
  return {
    ...eventIds(body, eventType, sessionId),
    children_ids: optStringArray(body, "children_ids", 10_000) ?? [],
    event_type: eventType,
    event_name: optString(body, "event_name", MAX_NAME) ?? "unknown",
    source: optString(body, "source", MAX_SOURCE) ?? "unknown",
    ...objectFields(body),
    error: optString(body, "error") ?? null,
    ...times(body, now),
  };
}

/** Builds a session event from a `POST /session/start` `session` object (B's rules for ids and names). */
export function sessionFromBody(body: JsonObject, now: number): EventRecord {
  const rawId = getOwn(body, "session_id");
  const id = isUuid(rawId) ? rawId.toLowerCase() : newUuid();
  const name = optString(body, "event_name", MAX_NAME) ?? optString(body, "session_name", MAX_NAME) ?? "unknown";
  return {
    ...eventFromBody({ ...body, event_type: "session", session_id: id }, now, id),
    event_name: name,
  };
}

/** A minimal session created the first time an event of an unknown session arrives. */
export function sessionSeed(sessionId: string, from: Partial<EventRecord>): EventRecord {
  return {
    event_id: sessionId,
    session_id: sessionId,
    parent_id: null,
    children_ids: [],
    event_type: "session",
    event_name: from.event_name ?? "unknown",
    source: from.source ?? "unknown",
    inputs: {},
    outputs: {},
    config: {},
    metadata: from.metadata ?? {},
    metrics: {},
    feedback: {},
    user_properties: {},
    error: null,
    start_time: from.start_time ?? null,
    end_time: from.end_time ?? null,
    duration: from.start_time != null && from.end_time != null ? from.end_time - from.start_time : null,
  };
}

/** A validated `PUT /events` body. */
interface EventPatch {
  merge: Partial<Record<(typeof NAMESPACES)[number] | "inputs", JsonObject>>;
  outputs?: JsonObject;
  error?: string;
  start_time?: number;
  end_time?: number;
  duration?: number;
  children_ids?: string[];
}

/** Validates a `PUT /events` body: merged fields and outputs must be objects. */
export function parseEventPatch(body: JsonObject): EventPatch {
  const patch: EventPatch = { merge: {} };
  for (const key of [...NAMESPACES, "inputs"] as const) {
    const value = optObject(body, key);
    if (value !== undefined) patch.merge[key] = value;
  }
  patch.outputs = optObject(body, "outputs");
  patch.error = optString(body, "error");
  patch.start_time = optNumber(body, "start_time");
  patch.end_time = optNumber(body, "end_time");
  patch.duration = optNumber(body, "duration");
  const children = optStringArray(body, "children_ids", 10_000);
  if (children && children.length > 0) patch.children_ids = children;
  return patch;
}

/** Applies the `PUT /events` rules: namespaces merged, outputs replaced, non-empty children replace. */
export function applyEventPatch(current: EventRecord, patch: EventPatch): EventRecord {
  const next: EventRecord = { ...current };
  for (const key of [...NAMESPACES, "inputs"] as const) {
    const value = patch.merge[key];
    if (value !== undefined) next[key] = mergeObjects(current[key], value);
  }
  if (patch.outputs !== undefined) next.outputs = patch.outputs;
  if (patch.error !== undefined) next.error = patch.error;
  if (patch.children_ids) next.children_ids = patch.children_ids;
  if (patch.start_time !== undefined) next.start_time = patch.start_time;
  if (patch.end_time !== undefined) next.end_time = patch.end_time;
  if (patch.duration !== undefined) {
    next.duration = patch.duration;
    if (patch.end_time === undefined && next.start_time !== null) next.end_time = next.start_time + patch.duration;
  } else if (patch.end_time !== undefined && next.start_time !== null) {
    next.duration = patch.end_time - next.start_time;
  }
  return next;
}

function nonEmpty(value: JsonObject | null): value is JsonObject {
  return isPlainObject(value) && Object.keys(value).length > 0;
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/**
 * Combines a stored event with an incoming one of the same id (a retried span, a span naming its
 * session's id). Namespaces are merged (incoming wins per key); a stored session stays a session.
 */
export function mergeEvents(existing: EventRecord, incoming: EventRecord): EventRecord {
  const merged: EventRecord = {
    ...incoming,
    children_ids: [...new Set([...existing.children_ids, ...incoming.children_ids])],
    inputs: nonEmpty(incoming.inputs) ? mergeObjects(existing.inputs, incoming.inputs) : existing.inputs,
    outputs: nonEmpty(incoming.outputs) ? incoming.outputs : existing.outputs,
    error: incoming.error ?? existing.error,
  };
  for (const key of NAMESPACES) merged[key] = mergeObjects(existing[key], incoming[key]);
  if (existing.event_type === "session") {
    merged.event_type = "session";
    merged.session_id = existing.session_id;
    merged.parent_id = null;
    merged.event_name = existing.event_name !== "unknown" ? existing.event_name : incoming.event_name;
    merged.source = existing.source !== "unknown" ? existing.source : incoming.source;
    merged.start_time = minOf(existing.start_time, incoming.start_time);
    merged.end_time = maxOf(existing.end_time, incoming.end_time);
    merged.duration =
      merged.start_time !== null && merged.end_time !== null ? merged.end_time - merged.start_time : existing.duration;
  }
  return merged;
}

/** `POST /session/start` on an existing session: merge metadata and user_properties, fill unknown names. */
export function mergeSessionStart(existing: EventRecord, incoming: EventRecord): EventRecord {
  return {
    ...existing,
    metadata: mergeObjects(existing.metadata, incoming.metadata),
    user_properties: mergeObjects(existing.user_properties, incoming.user_properties),
    event_name: existing.event_name === "unknown" ? incoming.event_name : existing.event_name,
    source: existing.source === "unknown" ? incoming.source : existing.source,
    inputs: nonEmpty(existing.inputs) ? existing.inputs : incoming.inputs,
  };
}
