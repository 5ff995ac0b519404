/**
 * A whole session's events read for its API tree (`Store.sessionEventTexts`, decision record 0097). A row whose
 * objects the server wrote (`own_writes` set: their `JSON.stringify` text, see sqlite-schema.ts) and that are each an
 * object's text (or `null` inputs or outputs) comes with its objects joined by SQLite into the objects' block of the
 * event's API text (`apiEventObjects`): one value instead of seven. Any other row (written by another tool, damaged,
 * or from before data format 5) is read again by its sequence number as `Store.queryEventTexts` reads it. Rows come in
 * sequence order from the session index and are put in the event order at the end (`start-order.ts`). Each row
 * is handed on as it is read, so the session's row text is never live all at once.
 */
import type { Database } from "./sqlite-driver";
import type { EventTextRecord, SessionEventText } from "../domain/records";
import { API_OBJECT_FIELDS, API_OBJECT_KEYS } from "../model/event-json";
import { OBJECT_COLUMNS, READ_COLUMNS, readEvent, rowLayout, TEXT_READER, type PageReader } from "./sqlite-event-rows";
import { rowsBySeq } from "./sqlite-event-query";
import { inStartOrder } from "./start-order";

/** True in SQL for a row whose objects are the server's text of objects (`null` allowed for inputs and outputs). */
const OWN_OBJECTS_SQL = ["e.own_writes IS NOT NULL", ...API_OBJECT_FIELDS.map((c) =>
  c === "inputs" || c === "outputs" ? `(substr(e.${c}, 1, 1) = '{' OR e.${c} = 'null')` : `substr(e.${c}, 1, 1) = '{'`)].join(" AND ");

/** The objects' block of the API text (`,"inputs":…,"user_properties":…`) in SQL. */
const OBJECTS_BLOCK_SQL = API_OBJECT_FIELDS.map((c, i) => `'${API_OBJECT_KEYS[i]!}' || e.${c}`).join(" || ");

/**
 * What a row of {@link sessionReader} holds: {@link READ_COLUMNS} without the object columns and `session_id` (the
 * session's, by the query's condition), then `roll_up` and the objects' block (NULL for a row to read again). A
 * column left out costs nothing; one selected as NULL cost a value a row.
 */
const SESSION_ROW = [...READ_COLUMNS.filter((c) => !OBJECT_COLUMNS.has(c) && c !== "session_id"), "roll_up", "objects"];
const SESSION_LAYOUT = rowLayout(SESSION_ROW);
const SEQ_AT = SESSION_ROW.indexOf("seq");
const ROLL_UP_AT = SESSION_ROW.indexOf("roll_up");
const OBJECTS_AT = SESSION_ROW.indexOf("objects");
const START_AT = SESSION_ROW.indexOf("start_time");

const SESSION_COLUMNS = SESSION_ROW.map((c) => (c === "objects" ? `CASE WHEN ${OWN_OBJECTS_SQL} THEN ${OBJECTS_BLOCK_SQL} END AS objects` : `e.${c}`)).join(", ");

/**
 * The rows of a session ({@link SESSION_ROW}; parameters: project key, session id) in sequence order, from the
 * session index alone (`start-order.ts` then gives the event order): no sorter, no join back to the rows.
 */
const SESSION_ROWS_SQL = `SELECT ${SESSION_COLUMNS} FROM events e INDEXED BY events_by_session WHERE e.project = ? AND e.session_id = ? ORDER BY e.seq`;

const noText = (): string => "";

/** A row of {@link SESSION_ROWS_SQL} decoded to its event, or to its sequence number when the row must be read again. */
function sessionRowOf(values: readonly unknown[], sessionId: string): SessionEventText | number {
  const objects = values[OBJECTS_AT];
  if (typeof objects !== "string") return Number(values[SEQ_AT]);
  const event = readEvent(values, noText, noText, SESSION_LAYOUT) as EventTextRecord & { objects: string };
  event.session_id = sessionId;
  event.objects = objects;
  if (typeof values[ROLL_UP_AT] === "string") event.roll_up = values[ROLL_UP_AT];
  return event;
}

/** A row of {@link TEXT_READER} with its sequence number. */
const TEXT_BY_SEQ: PageReader<readonly [number, EventTextRecord]> = { columns: TEXT_READER.columns, decode: (values) => [Number(values[0]), TEXT_READER.decode(values)] };

/** See `Store.sessionEventTexts`. */
export function sessionEventTexts<T>(db: Database, project: number, sessionId: string, keep: (event: SessionEventText) => T): T[] {
  const kept: T[] = [];
  const starts: unknown[] = []; // each row's stored start time, for the event order
  const again = new Map<number, number>(); // sequence number → index in `kept`
  for (const values of db.prepare(SESSION_ROWS_SQL).raw(true).iterate(project, sessionId)) {
    const row = sessionRowOf(values as unknown[], sessionId);
    starts.push((values as unknown[])[START_AT]);
    if (typeof row === "number") again.set(row, kept.push(undefined as T) - 1);
    else kept.push(keep(row));
  }
  if (again.size > 0) for (const [seq, event] of rowsBySeq(db, [...again.keys()], "", TEXT_BY_SEQ)) kept[again.get(seq)!] = keep(event);
  return inStartOrder(kept, starts);
}
