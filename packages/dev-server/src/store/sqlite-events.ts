/**
 * Event storage on SQLite: batched upserts in one transaction, parent resolution by span reference,
 * indexed queries with an optional JS predicate, and lean metric rows for run results. Methods take the
 * project's integer key (see `SqliteStore`), never a value from a request.
 */
import type { Database, Statement } from "./sqlite-driver";
import { EVALUATOR_ERRORS_KEY } from "@honeyhive/core/verdict/datapoint-verdict";
import { SAME_CALL_AS } from "@honeyhive/core/semconv/model-call";
import { SHARD_ATTEMPT_KEY, SHARD_KEY } from "@honeyhive/core/runs/shard-attempts";
import { DATAPOINT_DONE_KEY, statedOutcome } from "@honeyhive/core/runs/datapoint-outcome";
import type { EventBatch, EventPage, EventQuery, EventRecord, EventTextRecord, MetricEventRow, SessionEventText, TreeEventRow } from "../domain/records";
import { compareAt, queryEventRows } from "./sqlite-event-query";
import { sessionEventTexts } from "./sqlite-session-rows";
import { EVENT_COLUMNS, eventFromRow, eventParams, RECORD_READER, TEXT_READER, type EventRow } from "./sqlite-event-rows";
import { storedObject } from "./stored-values";
import type { Updater } from "./store";
import { sortTreeRows, TREE_COUNT_SQL, TREE_ROWS_CUT_SQL, TREE_ROWS_SQL, treeRowFrom } from "./sqlite-tree-rows";
import { appendChildren, pageLinks, readsWholeSession, type ChildLinked } from "./children-links";

const COLUMN_LIST = EVENT_COLUMNS.join(", ");
const VALUE_LIST = EVENT_COLUMNS.map(() => "?").join(", ");
/**
 * The statement every event write starts with: a new event is inserted, an existing one left for the merge. Each of
 * the server's writes of a row counts in `own_writes` (see `OWN_TEXT_TRIGGER_SQL` in sqlite-schema.ts).
 */
export const INSERT_EVENT_SQL = `INSERT INTO events (${COLUMN_LIST}, own_writes) VALUES (${VALUE_LIST}, 1)
      ON CONFLICT(project, event_id) DO NOTHING`;
/** Every column but the key (project, event_id), which the insert parameters hold first; then the write's count. */
const UPDATE_LIST = EVENT_COLUMNS.slice(2)
  .map((c) => (c === "span_ref" ? "span_ref = COALESCE(?, span_ref)" : `${c} = ?`))
  .concat("own_writes = COALESCE(own_writes, 0) + 1")
  .join(", ");

/** Update parameters from insert parameters: the columns after the key, then the key. */
function updateParams(insert: unknown[]): unknown[] {
  return [...insert.slice(2), insert[0], insert[1]];
}


/** A row of the children-links statement: the child's `parent_id`, `event_id`, `start_time` and `seq`. */
type LinkRow = [parentId: unknown, childId: unknown, start: unknown, seq: unknown];

/** Orders link rows like their children's positions (the rows are sorted as read: an object per link cost more). */
function compareLinks(a: LinkRow, b: LinkRow): number {
  return compareAt(a[2], a[3], b[2], b[3]);
}

/** The `[shard, attempt]` pair the metric-rows query reads from a session event's metadata, when both are strings. */
function shardAttemptOf(column: unknown): { shard: string; attempt: string } | undefined {
  if (typeof column !== "string") return undefined;
  try {
    const [shard, attempt] = JSON.parse(column) as unknown[];
    return typeof shard === "string" && typeof attempt === "string" ? { shard, attempt } : undefined;
  } catch {
    return undefined;
  }
}

/** The events part of the SQLite store. */
export class SqliteEvents {
  private readonly insert: Statement;
  private readonly update: Statement;
  private readonly byId: Statement;
  private readonly bySpanRef: Statement;
  private readonly relink: Statement;
  private readonly relinkSameCall: Statement;
  private readonly widen: Statement;
  private readonly widenDuration: Statement;
  private readonly children: Statement;
  /** {@link children} for one event: no JSON lists to build and expand (a session start reads its event back). */
  private readonly childrenOfOne: Statement;
  private readonly metricRows: Statement;
  private readonly treeRows: Statement;
  private readonly treeRowsCut: Statement;
  private readonly treeCount: Statement;
  private readonly runSessions: Statement;
  private readonly lastTime: Statement;
  private readonly names: Statement;
  private readonly presence: Statement;
  private readonly moveEvents: Statement;
  private readonly dropSession: Statement;
  private readonly writeTx: (project: number, batch: EventBatch) => EventRecord[];
  private readonly updateTx: (project: number, id: string, fn: Updater<EventRecord>) => EventRecord | undefined;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(INSERT_EVENT_SQL);
    this.update = db.prepare(`UPDATE events SET ${UPDATE_LIST} WHERE project = ? AND event_id = ?`);
    this.byId = db.prepare(`SELECT * FROM events WHERE project = ? AND event_id = ?`);
    this.bySpanRef = db.prepare(`SELECT event_id FROM events WHERE project = ? AND span_ref = ? LIMIT 1`);
    this.relink = db.prepare(`UPDATE events SET parent_id = ? WHERE project = ? AND session_id = ? AND parent_id = ?`);
    // A link written before the event it names arrived under its own id (ingest/same-call-link.ts): LIKE first, so
    // json_extract only reads the metadata that holds the reference.
    this.relinkSameCall = db.prepare(`UPDATE events SET metadata = json_set(metadata, '$.${SAME_CALL_AS}', @id)
      WHERE project = @project AND session_id = @session AND event_type = 'chain' AND metadata LIKE '%' || @ref || '%'
        AND json_valid(metadata) AND json_extract(metadata, '$.${SAME_CALL_AS}') = @ref`);
    this.widen = db.prepare(`UPDATE events SET
      start_time = CASE WHEN start_time IS NULL THEN @start WHEN @start IS NULL THEN start_time
                        ELSE MIN(start_time, @start) END,
      end_time = CASE WHEN end_time IS NULL THEN @end WHEN @end IS NULL THEN end_time ELSE MAX(end_time, @end) END
      WHERE project = @project AND event_id = @event_id`);
    this.widenDuration = db.prepare(`UPDATE events SET duration = end_time - start_time
      WHERE project = ? AND event_id = ? AND start_time IS NOT NULL AND end_time IS NOT NULL`);
    // INDEXED BY: with json_each lists the planner may otherwise walk events_by_time (the whole project) for the ORDER BY.
    // No ORDER BY: the links are few numbers each, sorted in JS for less than SQLite's sorter costs.
    this.children = db.prepare(`SELECT parent_id, event_id, start_time, seq FROM events INDEXED BY events_by_session
      WHERE project = ? AND session_id IN (SELECT value FROM json_each(?))
        AND parent_id IN (SELECT value FROM json_each(?))`).raw(true);
    this.childrenOfOne = db.prepare(`SELECT parent_id, event_id, start_time, seq FROM events INDEXED BY events_by_session
      WHERE project = ? AND session_id = ? AND parent_id = ?`).raw(true);
    this.treeRows = db.prepare(TREE_ROWS_SQL).raw(true);
    this.treeRowsCut = db.prepare(TREE_ROWS_CUT_SQL).raw(true);
    this.treeCount = db.prepare(TREE_COUNT_SQL).pluck(true);
    this.runSessions = db.prepare(`SELECT DISTINCT session_id FROM events WHERE project = ? AND run_id = ?`).pluck(true);
    this.lastTime = db.prepare(`SELECT MAX(COALESCE(end_time, start_time)) FROM events INDEXED BY events_by_session
      WHERE project = ? AND session_id IN (SELECT value FROM json_each(?))`).pluck(true);
    this.metricRows = db.prepare(`SELECT event_id, session_id, event_type, event_name, datapoint_id, metrics, start_time, error, parent_id,
        CASE WHEN metadata LIKE '%${EVALUATOR_ERRORS_KEY}%' AND json_valid(metadata) THEN json_type(metadata, '$.${EVALUATOR_ERRORS_KEY}') = 'object' ELSE 0 END,
        CASE WHEN event_type = 'session' AND metadata LIKE '%${SHARD_ATTEMPT_KEY}%' AND json_valid(metadata)
          THEN json_array(json_extract(metadata, '$.${SHARD_KEY}'), json_extract(metadata, '$.${SHARD_ATTEMPT_KEY}')) END,
        CASE WHEN event_type = 'session' AND metadata LIKE '%${DATAPOINT_DONE_KEY}%' AND json_valid(metadata)
          AND json_type(metadata, '$.${DATAPOINT_DONE_KEY}') = 'true'
          THEN json_object('status', json_extract(metadata, '$.status'), 'error', json_extract(metadata, '$.error')) END
      FROM events INDEXED BY events_by_session WHERE project = ? AND session_id IN (SELECT value FROM json_each(?))
      ORDER BY start_time, seq`).raw(true);
    this.names = db.prepare(`SELECT DISTINCT j.key AS name FROM events e, json_each(e.metrics) j
      WHERE e.project = ? AND e.run_id IN (SELECT value FROM json_each(?))
        AND j.type IN ('integer', 'real', 'true', 'false') ORDER BY name`);
    this.presence = db.prepare(`SELECT EXISTS(SELECT 1 FROM events WHERE project = ?) AS own,
      EXISTS(SELECT 1 FROM events WHERE project < ? OR project > ?) AS others`);
    this.moveEvents = db.prepare(`UPDATE events SET session_id = @to, parent_id = CASE WHEN parent_id = @from THEN @to ELSE parent_id END
      WHERE project = @project AND session_id = @from AND event_type <> 'session'`);
    this.dropSession = db.prepare(`DELETE FROM events WHERE project = ? AND event_id = ? AND event_type = 'session'`);
    this.writeTx = db.transaction((project: number, batch: EventBatch) => this.applyBatch(project, batch));
    this.updateTx = db.transaction((project: number, id: string, fn: Updater<EventRecord>) =>
      this.applyUpdate(project, id, fn),
    );
  }

  /** See {@link Store.writeEvents}. */
  write(project: number, batch: EventBatch): EventRecord[] {
    return this.writeTx(project, batch);
  }

  /** See {@link Store.updateEvent}. */
  updateOne(project: number, id: string, fn: Updater<EventRecord>): EventRecord | undefined {
    return this.updateTx(project, id, fn);
  }

  /** See {@link Store.getEvent}. */
  get(project: number, id: string, children = true): EventRecord | undefined {
    const row = this.byId.get(project, id) as EventRow | undefined;
    if (!row) return undefined;
    const event = eventFromRow(row);
    if (children) this.attachChildren(project, [event]);
    return event;
  }

  private applyBatch(project: number, batch: EventBatch): EventRecord[] {
    for (const session of batch.sessions) {
      const inserted = this.insert.run(eventParams(project, session, null)).changes > 0;
      if (!inserted) {
        this.widen.run({ project, event_id: session.event_id, start: session.start_time, end: session.end_time });
        this.widenDuration.run(project, session.event_id);
      }
    }
    // Span references resolved in this batch: those its spans named ids for, then every one looked up (a parent is
    // named by each of its children; the batch's own writes store no reference the lookup could find differently).
    const refs = new Map<string, string>();
    for (const write of batch.events) {
      if (write.spanRef && write.spanRef !== write.event.event_id) refs.set(write.spanRef, write.event.event_id);
    }
    const stored: EventRecord[] = [];
    for (const write of batch.events) {
      let event = write.event;
      // The write belongs to this batch: resolving its references in place avoids a copy per span.
      if (write.parentSpanRef) event.parent_id = this.resolveRef(project, refs, write.parentSpanRef);
      if (write.sameCallSpanRef) event.metadata[SAME_CALL_AS] = this.resolveRef(project, refs, write.sameCallSpanRef);
      const spanRef = write.spanRef ?? null;
      if (this.insert.run(eventParams(project, event, spanRef)).changes === 0) {
        const existing = eventFromRow(this.byId.get(project, event.event_id) as EventRow);
        event = batch.merge(existing, event);
        this.update.run(updateParams(eventParams(project, event, spanRef)));
      }
      if (spanRef && spanRef !== event.event_id) {
        this.relink.run(event.event_id, project, event.session_id, spanRef);
        this.relinkSameCall.run({ id: event.event_id, project, session: event.session_id, ref: spanRef });
      }
      stored.push(event);
    }
    for (const move of batch.sessionMoves ?? []) this.moveSession(project, move.from, move.to);
    return stored;
  }

  /** Moves the events of session `from` into session `to` (see `EventBatch.sessionMoves`). */
  private moveSession(project: number, from: string, to: string): void {
    if (from === to) return;
    const source = this.byId.get(project, from) as EventRow | undefined;
    if (source === undefined) return;
    this.moveEvents.run({ project, from, to });
    this.dropSession.run(project, from);
    const times = eventFromRow(source);
    this.widen.run({ project, event_id: to, start: times.start_time, end: times.end_time });
    this.widenDuration.run(project, to);
  }

  /**
   * The event id of the span with reference `spanRef`: named in this batch, stored earlier, else derived (the
   * reference); remembered in `batchRefs`.
   */
  private resolveRef(project: number, batchRefs: Map<string, string>, spanRef: string): string {
    let id = batchRefs.get(spanRef);
    if (id === undefined) {
      id = this.eventIdForSpan(project, spanRef) ?? spanRef;
      batchRefs.set(spanRef, id);
    }
    return id;
  }

  /** The event id of a span that named its own id (only those spans have a stored `span_ref`). */
  private eventIdForSpan(project: number, spanRef: string): string | undefined {
    const row = this.bySpanRef.get(project, spanRef) as { event_id: string } | undefined;
    return row?.event_id;
  }

  private applyUpdate(project: number, id: string, fn: Updater<EventRecord>): EventRecord | undefined {
    const row = this.byId.get(project, id) as EventRow | undefined;
    if (!row) return undefined;
    const current = eventFromRow(row);
    const next = fn(current);
    if (next === undefined) return current;
    const saved = { ...next, event_id: current.event_id };
    this.update.run(updateParams(eventParams(project, saved, null)));
    return saved;
  }

  /** See {@link Store.queryEvents}. */
  query(project: number, query: EventQuery): EventPage {
    const page = queryEventRows(this.db, project, query, RECORD_READER);
    this.attachChildren(project, page.events, query);
    return page;
  }

  /** See {@link Store.queryEventTexts}. */
  queryTexts(project: number, query: EventQuery): EventPage<EventTextRecord> {
    const page = queryEventRows(this.db, project, query, TEXT_READER);
    this.attachChildren(project, page.events, query);
    return page;
  }

  /** See {@link Store.sessionEventTexts}. */
  sessionTexts<T>(project: number, sessionId: string, keep: (event: SessionEventText) => T): T[] {
    return sessionEventTexts(this.db, project, sessionId, keep);
  }

  /**
   * Adds to each event the ids of the events of its session whose `parent_id` points at it: from the page itself when
   * `query` read a whole session (children-links.ts), else from SQL.
   */
  private attachChildren(project: number, events: ChildLinked[], query?: EventQuery): void {
    if (events.length === 0) return;
    if (query !== undefined && readsWholeSession(query)) return appendChildren(events, pageLinks(events, query.order === "desc"));
    const one = events.length === 1 ? events[0]! : undefined;
    const links = (one !== undefined ? this.childrenOfOne.all(project, one.session_id, one.event_id)
      : this.children.all(project, JSON.stringify([...new Set(events.map((e) => e.session_id))]), JSON.stringify(events.map((e) => e.event_id)))) as LinkRow[];
    links.sort(compareLinks); // children in the event order, as queries list them
    appendChildren(events, links);
  }

  /** See {@link Store.runMetricRows}. */
  metricRowsFor(project: number, runId: string, sessionIds: readonly string[]): MetricEventRow[] {
    const sessions = new Set(sessionIds);
    for (const id of this.runSessions.all(project, runId) as string[]) sessions.add(id);
    const rows = this.metricRows.all(project, JSON.stringify([...sessions])) as unknown[][];
    return rows.map(([eventId, sessionId, eventType, eventName, datapointId, metrics, startTime, error, parentId, evaluatorErrors, shardTags, outcome]) => ({
      event_id: String(eventId),
      session_id: String(sessionId),
      event_type: String(eventType),
      event_name: String(eventName),
      datapoint_id: typeof datapointId === "string" ? datapointId : null,
      metrics: storedObject(metrics),
      start_time: typeof startTime === "number" ? startTime : null,
      error: typeof error === "string" ? error : null,
      parent_id: typeof parentId === "string" ? parentId : null,
      evaluator_errors: evaluatorErrors === 1 || evaluatorErrors === 1n,
      shard_attempt: shardAttemptOf(shardTags),
      stated_outcome: typeof outcome === "string" ? statedOutcome({ ...storedObject(outcome), [DATAPOINT_DONE_KEY]: true }) : undefined,
    }));
  }

  /** See {@link Store.runLastEventTime}. */
  lastEventTimeFor(project: number, runId: string, sessionIds: readonly string[]): number | null {
    const sessions = new Set(sessionIds);
    for (const id of this.runSessions.all(project, runId) as string[]) sessions.add(id);
    if (sessions.size === 0) return null;
    const last = this.lastTime.get(project, JSON.stringify([...sessions]));
    return typeof last === "number" ? last : typeof last === "bigint" ? Number(last) : null;
  }

  /** See {@link Store.sessionTreeRows}. */
  treeRowsFor(project: number, sessionId: string, limit: number): TreeEventRow[] {
    // Sorted in JS when every row is wanted; a session larger than the limit is cut by SQLite (bounded memory).
    if (Number(this.treeCount.get(project, sessionId)) <= limit) {
      return sortTreeRows((this.treeRows.all(project, sessionId) as unknown[][]).map(treeRowFrom));
    }
    return (this.treeRowsCut.all(project, sessionId, limit) as unknown[][]).map(treeRowFrom);
  }

  /** See {@link Store.metricNames}. */
  metricNamesFor(project: number, runIds: readonly string[]): string[] {
    const rows = this.names.all(project, JSON.stringify(runIds)) as { name: string }[];
    return rows.map((r) => r.name);
  }

  /** See {@link Store.dataPresence}. */
  presenceFor(project: number): { own: boolean; others: boolean } {
    const row = this.presence.get(project, project, project) as { own: number | bigint; others: number | bigint };
    return { own: Number(row.own) === 1, others: Number(row.others) === 1 };
  }
}
