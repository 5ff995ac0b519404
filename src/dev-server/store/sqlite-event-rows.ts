/**
 * Conversion between {@link EventRecord} and rows of the `events` table. Stored text is treated as
 * untrusted: anything that does not parse to the expected shape reads back as an empty value.
 */
import { isPlainObject, parseStoredJson, type JsonObject } from "../model/json";
import type { EventRecord } from "./records";

/** The column list written for an event (in this order). */
export const EVENT_COLUMNS = [
  "project_id", "event_id", "session_id", "parent_id", "span_ref", "event_type", "event_name", "source",
  "run_id", "datapoint_id", "start_time", "end_time", "duration", "error", "inputs", "outputs", "config",
  "metadata", "metrics", "feedback", "user_properties", "children_ids",
] as const;

/** One row of the `events` table as read back. */
export type EventRow = Record<(typeof EVENT_COLUMNS)[number], unknown>;

function idFromMetadata(metadata: JsonObject, key: string): string | null {
  const value = metadata[key];
  return typeof value === "string" && value !== "" ? value : null;
}

function finiteOrNull(value: number | null): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Named parameters for inserting or updating `event` in `projectId`. */
export function eventParams(projectId: string, event: EventRecord, spanRef: string | null): Record<string, unknown> {
  return {
    project_id: projectId,
    event_id: event.event_id,
    session_id: event.session_id,
    parent_id: event.parent_id,
    span_ref: spanRef,
    event_type: event.event_type,
    event_name: event.event_name,
    source: event.source,
    run_id: idFromMetadata(event.metadata, "run_id"),
    datapoint_id: idFromMetadata(event.metadata, "datapoint_id"),
    start_time: finiteOrNull(event.start_time),
    end_time: finiteOrNull(event.end_time),
    duration: finiteOrNull(event.duration),
    error: event.error,
    inputs: JSON.stringify(event.inputs),
    outputs: JSON.stringify(event.outputs),
    config: JSON.stringify(event.config),
    metadata: JSON.stringify(event.metadata),
    metrics: JSON.stringify(event.metrics),
    feedback: JSON.stringify(event.feedback),
    user_properties: JSON.stringify(event.user_properties),
    children_ids: JSON.stringify(event.children_ids),
  };
}

function objectColumn(text: unknown): JsonObject {
  const value = parseStoredJson<unknown>(text, {});
  return isPlainObject(value) ? value : {};
}

function nullableObjectColumn(text: unknown): JsonObject | null {
  const value = parseStoredJson<unknown>(text, null);
  return isPlainObject(value) ? value : null;
}

function stringColumn(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function numberColumn(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Reads an `events` row back into an {@link EventRecord}. */
export function eventFromRow(row: EventRow): EventRecord {
  const children = parseStoredJson<unknown>(row.children_ids, []);
  return {
    event_id: stringColumn(row.event_id, ""),
    session_id: stringColumn(row.session_id, ""),
    parent_id: typeof row.parent_id === "string" ? row.parent_id : null,
    children_ids: Array.isArray(children) ? children.filter((c): c is string => typeof c === "string") : [],
    event_type: stringColumn(row.event_type, "tool"),
    event_name: stringColumn(row.event_name, "unknown"),
    source: stringColumn(row.source, "unknown"),
    inputs: nullableObjectColumn(row.inputs),
    outputs: nullableObjectColumn(row.outputs),
    config: objectColumn(row.config),
    metadata: objectColumn(row.metadata),
    metrics: objectColumn(row.metrics),
    feedback: objectColumn(row.feedback),
    user_properties: objectColumn(row.user_properties),
    error: typeof row.error === "string" ? row.error : null,
    start_time: numberColumn(row.start_time),
    end_time: numberColumn(row.end_time),
    duration: numberColumn(row.duration),
  };
}

/** Parses the metrics column for result computation. */
export function metricsFromColumn(text: unknown): JsonObject {
  return objectColumn(text);
}
