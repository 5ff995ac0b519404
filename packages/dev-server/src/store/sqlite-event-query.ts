/**
 * Event queries on SQLite: indexed conditions in SQL, keyset pagination on (start_time, seq) through the
 * `events_by_time` index (a deep page costs what the first one costs), and a JS predicate evaluated on
 * only the columns it reads, as raw rows (the page's full rows are loaded afterwards, by sequence number, unless the
 * scan read them).
 */
import type { Database } from "./sqlite-driver";
import type { EventCursor, EventPage, EventQuery, EventRecord, EventWhere } from "../domain/records";
import { eventFromValues, READ_COLUMN_LIST, READ_COLUMNS, READ_SEQ, READ_START_TIME, type PageReader } from "./sqlite-event-rows";

const NOT_COLUMNS = ["event_id", "session_id", "parent_id", "event_type", "event_name", "source"] as const;
const WHERE_COLUMNS: readonly (keyof Omit<EventWhere, "session_ids" | "not">)[] = [
  "event_id", "session_id", "parent_id", "event_type", "event_name", "source", "run_id", "datapoint_id",
];
/** Columns a predicate may ask for (every {@link EventRecord} field is a column of the same name). */
const RECORD_COLUMNS = new Set<string>([
  "event_id", "session_id", "parent_id", "children_ids", "event_type", "event_name", "source", "inputs", "outputs",
  "config", "metadata", "metrics", "feedback", "user_properties", "error", "start_time", "end_time", "duration",
]);
const MAX_SQL_LIMIT = 1_000_000_000;

interface Filter {
  clauses: string[];
  params: Record<string, unknown>;
}

function whereClauses(project: number, query: EventQuery): Filter {
  const clauses = ["project = @project"];
  const params: Record<string, unknown> = { project };
  const where = query.where ?? {};
  for (const column of WHERE_COLUMNS) {
    const value = where[column];
    if (value === undefined) continue;
    clauses.push(`${column} = @w_${column}`);
    params[`w_${column}`] = value;
  }
  if (where.session_ids) {
    clauses.push("session_id IN (SELECT value FROM json_each(@w_sessions))");
    params.w_sessions = JSON.stringify(where.session_ids);
  }
  for (const column of NOT_COLUMNS) {
    const values = where.not?.[column];
    if (!values || values.length === 0) continue;
    clauses.push(`(${column} IS NULL OR ${column} NOT IN (SELECT value FROM json_each(@n_${column})))`);
    params[`n_${column}`] = JSON.stringify(values);
  }
  if (query.startFrom !== undefined) {
    clauses.push("start_time >= @start_from");
    params.start_from = query.startFrom;
  }
  if (query.startTo !== undefined) {
    clauses.push("start_time <= @start_to");
    params.start_to = query.startTo;
  }
  return { clauses, params };
}

/**
 * The index for selective conditions: without statistics the planner may prefer walking `events_by_time` (which
 * gives the ORDER BY for free) over a session or run lookup, i.e. scan the whole project for a few rows.
 */
function indexHint(where: EventWhere | undefined): string {
  if (!where || where.event_id !== undefined) return "";
  if (where.session_id !== undefined || where.session_ids !== undefined) return " INDEXED BY events_by_session";
  // A run's events of one type (a resumed run reads its sessions, then its function's spans, page by page): walked in
  // the event order from the index alone, so a page and the count cost no row reads (decision record 0104).
  if (where.run_id !== undefined && where.event_type !== undefined) return " INDEXED BY events_by_run_type";
  if (where.run_id !== undefined) return " INDEXED BY events_by_run_session";
  return "";
}

/** The SQL condition "after `cursor`" in the order (SQLite sorts NULL start times first when ascending). */
function keysetClause(cursor: EventCursor, desc: boolean, params: Record<string, unknown>): string {
  params.k_seq = cursor.seq;
  if (cursor.start === null) {
    return desc ? "(start_time IS NULL AND seq < @k_seq)" : "(start_time IS NOT NULL OR seq > @k_seq)";
  }
  params.k_start = cursor.start;
  return desc
    ? "(start_time IS NULL OR start_time < @k_start OR (start_time = @k_start AND seq < @k_seq))"
    : "(start_time > @k_start OR (start_time = @k_start AND seq > @k_seq))";
}

/** Compares positions like `ORDER BY start_time, seq` (NULL first): {@link compareAt} of their fields. */
export function comparePositions(a: EventCursor, b: EventCursor): number {
  return compareAt(a.start, a.seq, b.start, b.seq);
}

/**
 * The order of `ORDER BY start_time, seq` (NULL first) of two rows by their `start_time` and `seq` column values, as
 * {@link positionOf} reads them: the one definition, which {@link comparePositions} applies to positions.
 */
export function compareAt(startA: unknown, seqA: unknown, startB: unknown, seqB: unknown): number {
  const a = typeof startA === "number" ? startA : null;
  const b = typeof startB === "number" ? startB : null;
  if (a !== b) {
    if (a === null) return -1;
    if (b === null) return 1;
    return a - b;
  }
  return Number(seqA) - Number(seqB);
}

/** The position of a row with these `start_time` and `seq` column values. */
export function positionOf(startTime: unknown, seq: unknown): EventCursor {
  return { start: typeof startTime === "number" ? startTime : null, seq: Number(seq) };
}

/**
 * The SQL of a page (`@limit` rows from `@offset`) of the rows of `base` (FROM ... WHERE ...) in the event order, read
 * with `reader`. The page's positions are sorted first (two numbers a row), then its rows read by sequence number in
 * that order: sorting the whole rows made SQLite's sorter copy every candidate's text.
 */
function pageSql(reader: PageReader<unknown>, base: string, direction: "ASC" | "DESC"): string {
  const positions = `SELECT seq AS page_seq, start_time AS page_start ${base} ORDER BY start_time ${direction}, seq ${direction} LIMIT @limit OFFSET @offset`;
  return `SELECT ${reader.columns} FROM (${positions}) JOIN events e ON e.seq = page_seq ORDER BY page_start ${direction}, page_seq ${direction}`;
}

/** The rows of sequence numbers `seqs` read with `reader`, in the order of `order` (an ORDER BY clause). */
export function rowsBySeq<E>(db: Database, seqs: readonly number[], order: string, reader: PageReader<E>): E[] {
  if (seqs.length === 0) return [];
  const rows = db.prepare(`SELECT ${reader.columns} FROM events e WHERE seq IN (SELECT value FROM json_each(?)) ${order}`)
    .raw(true).all(JSON.stringify(seqs)) as unknown[][];
  return rows.map((values) => reader.decode(values));
}

/** Runs `query` in the project with integer key `project`, reading the page with `reader`; children are attached by the caller. */
export function queryEventRows<E>(db: Database, project: number, query: EventQuery, reader: PageReader<E>): EventPage<E> {
  const desc = query.order === "desc";
  const direction = desc ? "DESC" : "ASC";
  const order = `ORDER BY start_time ${direction}, seq ${direction}`;
  const { clauses, params } = whereClauses(project, query);
  const base = `FROM events${indexHint(query.where)} WHERE ${clauses.join(" AND ")}`;
  const offset = query.after ? 0 : Math.max(0, query.offset ?? 0);
  const limit = query.limit === undefined ? MAX_SQL_LIMIT : Math.min(Math.max(0, query.limit), MAX_SQL_LIMIT);
  if (query.predicate) return predicateQuery(db, query, { base, order, params, offset, limit, desc }, reader);
  const total = Number((db.prepare(`SELECT COUNT(*) AS n ${base}`).get(params) as { n: number }).n);
  if (limit === 0) return { events: [], total }; // a count: no page, so no next position either
  const keyset = query.after ? ` AND ${keysetClause(query.after, desc, params)}` : "";
  const rows = db.prepare(pageSql(reader, `${base}${keyset}`, direction)).raw(true).all({ ...params, limit: limit + 1, offset }) as unknown[][];
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows[rows.length - 1];
  const next = more && last ? positionOf(last[READ_START_TIME], last[READ_SEQ]) : undefined;
  return { events: rows.map((values) => reader.decode(values)), total, ...(next ? { next } : {}) };
}

interface ScanPlan {
  base: string;
  order: string;
  params: Record<string, unknown>;
  offset: number;
  limit: number;
  desc: boolean;
}

/**
 * The select list of a predicate's scan: {@link READ_COLUMNS}, those the predicate does not read (when it names them)
 * as NULL under their own names (a driver that reshapes named rows keeps every position), which decode as the empty
 * values a missing column did.
 */
function scanColumns(fields: readonly string[] | undefined): string {
  if (!fields) return READ_COLUMNS.join(", ");
  const read = new Set<string>(["seq", "start_time", ...fields]);
  return READ_COLUMNS.map((c) => (read.has(c) ? c : `NULL AS ${c}`)).join(", ");
}

/**
 * Scans every candidate (the total counts all matches) as raw rows, decoding only the predicate's columns when it
 * names them, and keeps the page's positions, then loads those rows whole; a scan of every column whose reader reads
 * the plain columns keeps the page's rows instead of loading them again.
 */
function predicateQuery<E>(db: Database, query: EventQuery, plan: ScanPlan, reader: PageReader<E>): EventPage<E> {
  const predicate = query.predicate as (event: EventRecord) => boolean;
  const fields = query.predicateFields?.every((f) => RECORD_COLUMNS.has(f)) ? query.predicateFields : undefined;
  const keepRows = !fields && reader.columns === READ_COLUMN_LIST;
  const sign = plan.desc ? -1 : 1;
  const after = query.after;
  const page: EventCursor[] = [];
  const rows: unknown[][] = [];
  let total = 0;
  let skipped = 0;
  let more = false;
  const scan = db.prepare(`SELECT ${scanColumns(fields)} ${plan.base} ${plan.order}`).raw(true);
  for (const raw of scan.iterate(plan.params)) {
    const values = raw as unknown[];
    if (!predicate(eventFromValues(values))) continue;
    total += 1;
    const position = positionOf(values[READ_START_TIME], values[READ_SEQ]);
    if (after && sign * comparePositions(position, after) <= 0) continue;
    if (skipped < plan.offset) {
      skipped += 1;
    } else if (page.length < plan.limit) {
      page.push(position);
      if (keepRows) rows.push(values);
    } else {
      more = true;
    }
  }
  const events = keepRows ? rows.map((values) => reader.decode(values)) : rowsBySeq(db, page.map((p) => p.seq), plan.order, reader);
  const last = page[page.length - 1];
  return { events, total, ...(more && last ? { next: last } : {}) };
}
