/**
 * The API form of an event written straight to JSON text from an {@link EventTextRecord}, whose objects are still
 * their stored JSON text: a page of 10,000 events is then neither parsed nor serialised object by object. The
 * text is byte for byte `JSON.stringify(apiEvent(record))` of the same event read as a record (the field order is
 * `apiEvent`'s; test/dev-server/event-json.test.ts holds the two together). Decision record 0038.
 */
import type { EventTextRecord, ProjectRecord } from "../domain/records";
import { ORG_ID, WORKSPACE_ID } from "../domain/ids";

const text = JSON.stringify;

/** The fields `apiEvent` adds after the record's, as JSON text (`,"project_id":...}`), for {@link apiEventJson}. */
export function apiEventTail(project: ProjectRecord): string {
  return `,"project_id":${text(project.id)},"org_id":${text(ORG_ID)},"workspace_id":${text(WORKSPACE_ID)}}`;
}

/** The JSON text of `apiEvent(event, project)`, given `tail` = {@link apiEventTail}(project). */
export function apiEventJson(event: EventTextRecord, tail: string): string {
  return `{"event_id":${text(event.event_id)},"session_id":${text(event.session_id)},"parent_id":${text(event.parent_id)}` +
    `,"children_ids":${text(event.children_ids)},"event_type":${text(event.event_type)}` +
    `,"event_name":${text(event.event_name)},"source":${text(event.source)},"inputs":${event.inputs}` +
    `,"outputs":${event.outputs},"config":${event.config},"metadata":${event.metadata},"metrics":${event.metrics}` +
    `,"feedback":${event.feedback},"user_properties":${event.user_properties},"error":${text(event.error)}` +
    `,"start_time":${text(event.start_time)},"end_time":${text(event.end_time)},"duration":${text(event.duration)}${tail}`;
}
