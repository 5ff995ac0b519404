/**
 * Conversion between {@link EventRecord} and rows of the `events` table. Stored text is treated as
 * untrusted: anything that does not parse to the expected shape reads back as an empty value.
 */
import { isPlainObject, parseStoredJson, type JsonObject } from "../domain/json";
import type { EventRecord } from "../domain/records";
import { storedNumber, storedObject, storedStrings, storedText } from "./stored-values";

/** The column list written for an event (in this order). */
export const EVENT_COLUMNS = [
  "project", "event_id", "session_id", "parent_id", "span_ref", "event_type", "event_name", "source",
  "run_id", "datapoint_id", "start_time", "end_time", "duration", "error", "inputs", "outputs", "config",
  "metadata", "metrics", "feedback", "user_properties", "children_ids",
] as const;

/** One row of the `events` table as read back. */
export type EventRow = Record<(typeof EVENT_COLUMNS)[number], unknown>;

/** An indexed id column from metadata: strings (and numbers/booleans, as text, matching the string filters). */
function idFromMetadata(metadata: JsonObject, key: string): string | null {
  const value = metadata[key];
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/**
 * JSON text of a namespace value, skipping the serialiser for the (very common) empty object. A null-prototype object
 * (un-flattened fields) goes straight to the serialiser: enumerating its keys to test emptiness costs more there.
 */
function json(value: unknown): string {
  if (value !== null && typeof value === "object") {
    if (Array.isArray(value)) return value.length === 0 ? "[]" : JSON.stringify(value);
    if (Object.getPrototypeOf(value) === null) return JSON.stringify(value);
    for (const _ in value) return JSON.stringify(value);
    return "{}";
  }
  return JSON.stringify(value);
}

function finiteOrNull(value: number | null): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * Positional parameters (in {@link EVENT_COLUMNS} order) for writing `event` in the project with integer
 * key `project`. `spanRef` is stored only when it differs from the event id (a span that named its own id).
 */
export function eventParams(project: number, event: EventRecord, spanRef: string | null): unknown[] {
  return [
    project,
    event.event_id,
    event.session_id,
    event.parent_id,
    spanRef !== null && spanRef !== event.event_id ? spanRef : null,
    event.event_type,
    event.event_name,
    event.source,
    idFromMetadata(event.metadata, "run_id"),
    idFromMetadata(event.metadata, "datapoint_id"),
    finiteOrNull(event.start_time),
    finiteOrNull(event.end_time),
    finiteOrNull(event.duration),
    event.error,
    json(event.inputs),
    json(event.outputs),
    json(event.config),
    json(event.metadata),
    json(event.metrics),
    json(event.feedback),
    json(event.user_properties),
    json(event.children_ids),
  ];
}

function nullableObjectColumn(text: unknown): JsonObject | null {
  const value = parseStoredJson<unknown>(text, null);
  return isPlainObject(value) ? value : null;
}

/** Reads an `events` row back into an {@link EventRecord}. */
export function eventFromRow(row: EventRow): EventRecord {
  const children = parseStoredJson<unknown>(row.children_ids, []);
  return {
    event_id: storedText(row.event_id, ""),
    session_id: storedText(row.session_id, ""),
    parent_id: storedText(row.parent_id, null),
    children_ids: storedStrings(children),
    event_type: storedText(row.event_type, "tool"),
    event_name: storedText(row.event_name, "unknown"),
    source: storedText(row.source, "unknown"),
    inputs: nullableObjectColumn(row.inputs),
    outputs: nullableObjectColumn(row.outputs),
    config: storedObject(row.config),
    metadata: storedObject(row.metadata),
    metrics: storedObject(row.metrics),
    feedback: storedObject(row.feedback),
    user_properties: storedObject(row.user_properties),
    error: storedText(row.error, null),
    start_time: storedNumber(row.start_time),
    end_time: storedNumber(row.end_time),
    duration: storedNumber(row.duration),
  };
}

/** Parses the metrics column for result computation (the common empty object without parsing). */
export function metricsFromColumn(text: unknown): JsonObject {
  return text === "{}" ? {} : storedObject(text);
}
