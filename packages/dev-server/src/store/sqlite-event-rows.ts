/**
 * Conversion between {@link EventRecord} and rows of the `events` table. Stored text is treated as
 * untrusted: anything that does not parse to the expected shape reads back as an empty value.
 */
import { isPlainObject, parseStoredJson, type JsonObject } from "../domain/json";
import type { EventObjectField, EventRecord, EventTextRecord } from "../domain/records";
import { storedNumber, storedObject, storedStrings, storedText } from "./stored-values";
import { rollUpText } from "../domain/roll-up-input";
import { API_OBJECT_FIELDS } from "../model/event-json";

/** The column list written for an event (in this order). */
export const EVENT_COLUMNS = [
  "project", "event_id", "session_id", "parent_id", "span_ref", "event_type", "event_name", "source",
  "run_id", "datapoint_id", "start_time", "end_time", "duration", "error", "inputs", "outputs", "config",
  "metadata", "metrics", "feedback", "user_properties", "children_ids", "roll_up",
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
    rollUpText(event),
  ];
}

function nullableObjectColumn(text: unknown): JsonObject | null {
  const value = parseStoredJson<unknown>(text, null);
  return isPlainObject(value) ? value : null;
}

/**
 * The columns an event is read back from, in this order: `seq` (its position in the event order, with
 * `start_time`) and the {@link EventRecord} fields. Pages are read as arrays of these values (a statement in raw
 * mode): SQLite drivers build an array per row much faster than an object with named properties.
 */
export const READ_COLUMNS = [
  "seq", "event_id", "session_id", "parent_id", "children_ids", "event_type", "event_name", "source", "inputs",
  "outputs", "config", "metadata", "metrics", "feedback", "user_properties", "error", "start_time", "end_time", "duration",
] as const;

/** {@link READ_COLUMNS} of the events table as `e`: rows of this list decode with {@link eventFromValues}. */
export const READ_COLUMN_LIST = READ_COLUMNS.map((c) => `e.${c}`).join(", ");

/** Where `seq` and `start_time` (a row's position in the event order) are in a row of {@link READ_COLUMNS}. */
export const READ_SEQ = READ_COLUMNS.indexOf("seq");
export const READ_START_TIME = READ_COLUMNS.indexOf("start_time");

/** An event's fields as read back, with its object fields of type `O` (`N`: inputs and outputs, which may be null). */
type ReadEvent<O, N> = Omit<EventRecord, EventObjectField> & Record<Exclude<EventObjectField, "inputs" | "outputs">, O> & { inputs: N; outputs: N };

/** Where each of {@link READ_COLUMNS} is in a row of some select list (a column it leaves out reads as undefined). */
export type RowLayout = Readonly<Record<(typeof READ_COLUMNS)[number], number>>;

/** The {@link RowLayout} of a select list of `columns` (names of {@link READ_COLUMNS}, and any others after or among them). */
export function rowLayout(columns: readonly string[]): RowLayout {
  const at = (column: string): number => {
    const i = columns.indexOf(column);
    return i < 0 ? columns.length : i; // past the row's end: reads as undefined
  };
  return Object.fromEntries(READ_COLUMNS.map((c) => [c, at(c)])) as RowLayout;
}

const READ_LAYOUT = rowLayout(READ_COLUMNS);

/**
 * Reads a row of {@link READ_COLUMNS} values (or of the select list `at` lays out), decoding the object columns with
 * `object` (and `nullable`: inputs, outputs).
 */
export function readEvent<O, N>(values: readonly unknown[], object: (text: unknown) => O, nullable: (text: unknown) => N, at: RowLayout = READ_LAYOUT): ReadEvent<O, N> {
  return {
    event_id: storedText(values[at.event_id], ""),
    session_id: storedText(values[at.session_id], ""),
    parent_id: storedText(values[at.parent_id], null),
    children_ids: storedStrings(parseStoredJson<unknown>(values[at.children_ids], [])),
    event_type: storedText(values[at.event_type], "tool"),
    event_name: storedText(values[at.event_name], "unknown"),
    source: storedText(values[at.source], "unknown"),
    inputs: nullable(values[at.inputs]),
    outputs: nullable(values[at.outputs]),
    config: object(values[at.config]),
    metadata: object(values[at.metadata]),
    metrics: object(values[at.metrics]),
    feedback: object(values[at.feedback]),
    user_properties: object(values[at.user_properties]),
    error: storedText(values[at.error], null),
    start_time: storedNumber(values[at.start_time]),
    end_time: storedNumber(values[at.end_time]),
    duration: storedNumber(values[at.duration]),
  };
}

/** Reads a row of {@link READ_COLUMNS} values back into an {@link EventRecord}. */
export function eventFromValues(values: readonly unknown[]): EventRecord {
  return readEvent(values, storedObject, nullableObjectColumn);
}

/** The object columns of {@link READ_COLUMNS}: the API event's object fields. */
export const OBJECT_COLUMNS: ReadonlySet<string> = new Set<string>(API_OBJECT_FIELDS);

/**
 * {@link READ_COLUMNS} of the events table as `e`, then `roll_up`, the object columns NULL where SQLite finds their
 * text is not JSON. Not asked of the common `{}`, nor of a row whose objects only the server wrote (`own_writes` set:
 * its `JSON.stringify` text; any other change clears it, store/sqlite-schema.ts). Rows of this list decode with
 * {@link eventTextFromValues}.
 */
export const TEXT_READ_COLUMN_LIST = READ_COLUMNS
  .map((c) => (OBJECT_COLUMNS.has(c) ? `CASE WHEN e.own_writes IS NOT NULL OR e.${c} = '{}' OR json_valid(e.${c}) THEN e.${c} END AS ${c}` : `e.${c}`))
  .concat("e.roll_up")
  .join(", ");

/** Where a row of {@link TEXT_READ_COLUMN_LIST} holds `roll_up`, and the object columns the roll-up inputs are read from. */
const TEXT_READ_ROLL_UP = READ_COLUMNS.length;
const ROLL_UP_SOURCES = (["metadata", "metrics", "config", "outputs"] as const).map((c) => READ_COLUMNS.indexOf(c));

/**
 * The JSON text of a stored object column, as {@link storedObject} would read and `JSON.stringify` write it: text
 * SQLite found valid and that opens an object is that object's text (the server writes these columns with
 * `JSON.stringify`, whose output parses and serialises back to itself); anything else takes the slow exact path.
 */
function objectText(text: unknown, empty: "{}" | "null"): string {
  if (isObjectText(text)) return text as string;
  const value = parseStoredJson<unknown>(text, null);
  return isPlainObject(value) ? JSON.stringify(value) : empty;
}

const objectOrEmpty = (text: unknown): string => objectText(text, "{}");
const objectOrNull = (text: unknown): string => objectText(text, "null");

/**
 * Reads a row of {@link TEXT_READ_COLUMN_LIST} back into an {@link EventTextRecord} (no object parsed). Its recorded
 * roll-up inputs come along when the objects they were read from are as the server writes them (valid JSON text
 * of an object): a column damaged or written by another tool is read for usage as it reads back, not as recorded.
 */
export function eventTextFromValues(values: readonly unknown[]): EventTextRecord {
  const event: EventTextRecord = readEvent(values, objectOrEmpty, objectOrNull);
  const rollUp = values[TEXT_READ_ROLL_UP];
  if (typeof rollUp === "string" && ROLL_UP_SOURCES.every((i) => isObjectText(values[i]))) event.roll_up = rollUp;
  return event;
}

/** True for text SQLite found valid (the select list makes anything else NULL) that opens an object. */
function isObjectText(text: unknown): boolean {
  return typeof text === "string" && text.charCodeAt(0) === 0x7b;
}

/** Reads an `events` row (an object by column name; missing columns read as empty) back into an {@link EventRecord}. */
export function eventFromRow(row: Partial<Record<string, unknown>>): EventRecord {
  return eventFromValues(READ_COLUMNS.map((column) => row[column]));
}


/**
 * How a page's rows are read: a select list over the events table as `e` ({@link READ_COLUMNS}' values, in that order,
 * then any others) and its decoder.
 */
export interface PageReader<E> {
  readonly columns: string;
  decode(values: readonly unknown[]): E;
}

/** Pages of {@link EventRecord}s. */
export const RECORD_READER: PageReader<EventRecord> = { columns: READ_COLUMN_LIST, decode: eventFromValues };
/** Pages of {@link EventTextRecord}s. */
export const TEXT_READER: PageReader<EventTextRecord> = { columns: TEXT_READ_COLUMN_LIST, decode: eventTextFromValues };
