/**
 * The rows of a session's trace tree, read lean: the tree's own columns, and the four objects usage is read from
 * only when their stored text can hold usage (or, for metadata, the evaluator marker or a caller), by the markers of
 * `domain/usage-source-text.ts`. A 10,000-event session then parses a few hundred bytes per model call instead of
 * every event's inputs, outputs and metadata.
 */
import { USAGE_SOURCE_MARKERS } from "../domain/usage-source-text";
import { storedNumber, storedObject, storedText } from "./stored-values";
import type { TreeEventRow } from "../domain/records";
import { compareStart } from "./start-order";

/** `column` when its text contains one of `markers`, else NULL (markers are constants: no user text in SQL). */
function onlyWith(column: string, markers: readonly string[]): string {
  const tests = markers.map((m) => `instr(${column}, '${m.replace(/'/g, "''")}') > 0`).join(" OR ");
  return `CASE WHEN ${tests} THEN ${column} END`;
}

/**
 * Parameters: project key, session id (the ordered statements below add theirs). The session index keeps equal
 * keys by row id, so `ORDER BY seq` needs no sort: {@link sortTreeRows} then orders the rows like `queryEvents`,
 * cheaper in JS than SQLite's sorter copying every row.
 */
const TREE_SELECT = `SELECT event_id, parent_id, event_type, event_name, start_time, end_time, duration, error,
  ${onlyWith("metadata", USAGE_SOURCE_MARKERS.metadata)}, ${onlyWith("metrics", USAGE_SOURCE_MARKERS.metrics)},
  ${onlyWith("config", USAGE_SOURCE_MARKERS.config)}, ${onlyWith("outputs", USAGE_SOURCE_MARKERS.outputs)}
  FROM events INDEXED BY events_by_session WHERE project = ? AND session_id = ?`;

/** Every row of a session, in insertion order (parameters: project key, session id). */
export const TREE_ROWS_SQL = `${TREE_SELECT} ORDER BY seq`;
/** The first rows of a session in `queryEvents` order (parameters: project key, session id, limit). */
export const TREE_ROWS_CUT_SQL = `${TREE_SELECT} ORDER BY start_time, seq LIMIT ?`;

/** Parameters: project key, session id. */
export const TREE_COUNT_SQL = "SELECT COUNT(*) FROM events INDEXED BY events_by_session WHERE project = ? AND session_id = ?";

/**
 * Orders rows read in insertion order as `ORDER BY start_time, seq` does (NULL start times first): a stable sort
 * by start time keeps insertion order among equal times. Sorts in place and returns `rows`.
 */
export function sortTreeRows(rows: TreeEventRow[]): TreeEventRow[] {
  return rows.sort((a, b) => compareStart(a.start_time, b.start_time));
}


/** One raw row of {@link TREE_ROWS_SQL} as a {@link TreeEventRow} (stored text is untrusted, as in sqlite-event-rows). */
export function treeRowFrom(row: unknown[]): TreeEventRow {
  const [eventId, parentId, eventType, eventName, start, end, duration, error, metadata, metrics, config, outputs] = row;
  return {
    event_id: storedText(eventId, ""),
    parent_id: storedText(parentId, null),
    event_type: storedText(eventType, "tool"),
    event_name: storedText(eventName, "unknown"),
    start_time: storedNumber(start),
    end_time: storedNumber(end),
    duration: storedNumber(duration),
    error: storedText(error, null),
    metadata: storedObject(metadata),
    metrics: storedObject(metrics),
    config: storedObject(config),
    outputs: storedObject(outputs),
  };
}
