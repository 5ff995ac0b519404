/**
 * The API form of an event written straight to JSON text from an {@link EventTextRecord}, whose objects are still
 * their stored JSON text: a page of 10,000 events is then neither parsed nor serialised object by object. The
 * text is byte for byte `JSON.stringify(apiEvent(record))` of the same event read as a record (the field order is
 * `apiEvent`'s; test/dev-server/event-json.test.ts holds the two together). Decision records 0038, 0074.
 */
import type { EventObjectField, EventTextRecord, ProjectRecord } from "../domain/records";
import { ORG_ID, WORKSPACE_ID } from "../domain/ids";

const text = JSON.stringify;

/** Strings `JSON.stringify` writes as they are between quotes: no quote, backslash, control character or surrogate. */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON.stringify escapes
const PLAIN_STRING = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/**
 * `JSON.stringify(value)` of an event's string-or-null field, quoting a plain string (ids, types, names: nearly all)
 * without the serialiser's call: 120,000 of those calls were a tenth of writing a 10,000-event session tree.
 */
function quoted(value: string | null): string {
  return value !== null && PLAIN_STRING.test(value) ? `"${value}"` : text(value);
}

/** `JSON.stringify(value)` of an event's number-or-null field. */
function numberText(value: number | null): string {
  return typeof value === "number" && Number.isFinite(value) ? String(value) : "null";
}

/** The fields `apiEvent` adds after the record's, as JSON text (`,"project_id":...}`), for {@link apiEventJson}. */
export function apiEventTail(project: ProjectRecord): string {
  return `,"project_id":${text(project.id)},"org_id":${text(ORG_ID)},"workspace_id":${text(WORKSPACE_ID)}}`;
}

/** The JSON text of `apiEvent(event, project)`, given `tail` = {@link apiEventTail}(project). */
export function apiEventJson(event: EventTextRecord, tail: string): string {
  return apiEventHead(event) + apiEventRest(event, tail);
}

/** The start of {@link apiEventJson}: its ids, through the `children_ids` list. */
export function apiEventHead(event: Pick<EventTextRecord, "event_id" | "session_id" | "parent_id" | "children_ids">): string {
  return `{"event_id":${quoted(event.event_id)},"session_id":${quoted(event.session_id)},"parent_id":${quoted(event.parent_id)}` +
    `,"children_ids":${event.children_ids.length === 0 ? "[]" : text(event.children_ids)}`;
}

/** The rest of {@link apiEventJson} after the `children_ids` list: the fields from `event_type` on, then `tail`. */
export function apiEventRest(event: EventTextRecord, tail: string): string {
  return apiEventNames(event) + apiEventObjects(event) + apiEventClose(event, tail);
}

/** The object fields of an API event, in its order: one block of its text ({@link apiEventObjects}). */
export const API_OBJECT_FIELDS = ["inputs", "outputs", "config", "metadata", "metrics", "feedback", "user_properties"] as const satisfies readonly EventObjectField[];

/** `,"<field>":` before each of {@link API_OBJECT_FIELDS}. */
export const API_OBJECT_KEYS: readonly string[] = API_OBJECT_FIELDS.map((field) => `,"${field}":`);

/**
 * `,"inputs":…,"user_properties":…`: the objects' block of {@link apiEventJson}, each object's JSON text as it is.
 * The store writes the same block in SQL from the same lists (`store/sqlite-session-rows.ts`).
 */
export function apiEventObjects(event: Pick<EventTextRecord, EventObjectField>): string {
  let out = "";
  for (let i = 0; i < API_OBJECT_FIELDS.length; i++) out += API_OBJECT_KEYS[i]! + event[API_OBJECT_FIELDS[i]!];
  return out;
}

/** The part of {@link apiEventRest} before its objects: `,"event_type":…,"event_name":…,"source":…`. */
export function apiEventNames(event: Pick<EventTextRecord, "event_type" | "event_name" | "source">): string {
  return `,"event_type":${quoted(event.event_type)},"event_name":${quoted(event.event_name)},"source":${quoted(event.source)}`;
}

/** The part of {@link apiEventRest} after its objects, from `error` on, then `tail`. */
export function apiEventClose(event: Pick<EventTextRecord, "error" | "start_time" | "end_time" | "duration">, tail: string): string {
  return `,"error":${quoted(event.error)},"start_time":${numberText(event.start_time)},"end_time":${numberText(event.end_time)}` +
    `,"duration":${numberText(event.duration)}${tail}`;
}
