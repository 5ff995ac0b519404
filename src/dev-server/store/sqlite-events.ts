/**
 * Event storage on SQLite: batched upserts in one transaction, parent resolution by span reference,
 * indexed queries with an optional JS predicate, and lean metric rows for run results.
 */
import type { Database, Statement } from "./sqlite-driver";
import type { EventBatch, EventPage, EventQuery, EventRecord, EventWhere, MetricEventRow } from "./records";
import { EVENT_COLUMNS, eventFromRow, eventParams, metricsFromColumn, type EventRow } from "./sqlite-event-rows";
import type { Updater } from "./store";

const COLUMN_LIST = EVENT_COLUMNS.join(", ");
const VALUE_LIST = EVENT_COLUMNS.map((c) => `@${c}`).join(", ");
const UPDATE_LIST = EVENT_COLUMNS.filter((c) => c !== "project_id" && c !== "event_id" && c !== "span_ref")
  .map((c) => `${c} = @${c}`)
  .concat("span_ref = COALESCE(@span_ref, span_ref)")
  .join(", ");

const WHERE_COLUMNS: readonly (keyof Omit<EventWhere, "session_ids">)[] = [
  "event_id", "session_id", "parent_id", "event_type", "event_name", "source", "run_id", "datapoint_id",
];

/** The events part of the SQLite store. */
export class SqliteEvents {
  private readonly insert: Statement;
  private readonly update: Statement;
  private readonly byId: Statement;
  private readonly bySpanRef: Statement;
  private readonly relink: Statement;
  private readonly widen: Statement;
  private readonly widenDuration: Statement;
  private readonly children: Statement;
  private readonly metricRows: Statement;
  private readonly names: Statement;
  private readonly writeTx: (projectId: string, batch: EventBatch) => EventRecord[];
  private readonly updateTx: (projectId: string, id: string, fn: Updater<EventRecord>) => EventRecord | undefined;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(`INSERT INTO events (${COLUMN_LIST}) VALUES (${VALUE_LIST})
      ON CONFLICT(project_id, event_id) DO NOTHING`);
    this.update = db.prepare(`UPDATE events SET ${UPDATE_LIST} WHERE project_id = @project_id AND event_id = @event_id`);
    this.byId = db.prepare(`SELECT * FROM events WHERE project_id = ? AND event_id = ?`);
    this.bySpanRef = db.prepare(`SELECT event_id FROM events WHERE project_id = ? AND span_ref = ? LIMIT 1`);
    this.relink = db.prepare(`UPDATE events SET parent_id = ? WHERE project_id = ? AND parent_id = ?`);
    this.widen = db.prepare(`UPDATE events SET
      start_time = CASE WHEN start_time IS NULL THEN @start WHEN @start IS NULL THEN start_time
                        ELSE MIN(start_time, @start) END,
      end_time = CASE WHEN end_time IS NULL THEN @end WHEN @end IS NULL THEN end_time ELSE MAX(end_time, @end) END
      WHERE project_id = @project_id AND event_id = @event_id`);
    this.widenDuration = db.prepare(`UPDATE events SET duration = end_time - start_time
      WHERE project_id = ? AND event_id = ? AND start_time IS NOT NULL AND end_time IS NOT NULL`);
    this.children = db.prepare(`SELECT parent_id, event_id FROM events
      WHERE project_id = ? AND parent_id IN (SELECT value FROM json_each(?)) ORDER BY start_time, seq`);
    this.metricRows = db.prepare(`WITH s(id) AS (SELECT value FROM json_each(@sessions)
        UNION SELECT session_id FROM events WHERE project_id = @project_id AND run_id = @run_id)
      SELECT event_id, session_id, event_type, event_name, datapoint_id, metrics, start_time, error
      FROM events WHERE project_id = @project_id AND session_id IN (SELECT id FROM s) ORDER BY start_time, seq`);
    this.names = db.prepare(`SELECT DISTINCT j.key AS name FROM events e, json_each(e.metrics) j
      WHERE e.project_id = ? AND e.run_id IN (SELECT value FROM json_each(?))
        AND j.type IN ('integer', 'real', 'true', 'false') ORDER BY name`);
    this.writeTx = db.transaction((projectId: string, batch: EventBatch) => this.applyBatch(projectId, batch));
    this.updateTx = db.transaction((projectId: string, id: string, fn: Updater<EventRecord>) =>
      this.applyUpdate(projectId, id, fn),
    );
  }

  /** See {@link Store.writeEvents}. */
  write(projectId: string, batch: EventBatch): EventRecord[] {
    return this.writeTx(projectId, batch);
  }

  /** See {@link Store.updateEvent}. */
  updateOne(projectId: string, id: string, fn: Updater<EventRecord>): EventRecord | undefined {
    return this.updateTx(projectId, id, fn);
  }

  /** See {@link Store.getEvent}. */
  get(projectId: string, id: string): EventRecord | undefined {
    const row = this.byId.get(projectId, id) as EventRow | undefined;
    if (!row) return undefined;
    const event = eventFromRow(row);
    this.attachChildren(projectId, [event]);
    return event;
  }

  private applyBatch(projectId: string, batch: EventBatch): EventRecord[] {
    for (const session of batch.sessions) {
      const inserted = this.insert.run(eventParams(projectId, session, null)).changes > 0;
      if (!inserted) {
        this.widen.run({ project_id: projectId, event_id: session.event_id, start: session.start_time, end: session.end_time });
        this.widenDuration.run(projectId, session.event_id);
      }
    }
    const refs = new Map<string, string>();
    for (const write of batch.events) if (write.spanRef) refs.set(write.spanRef, write.event.event_id);
    const stored: EventRecord[] = [];
    for (const write of batch.events) {
      let event = write.event;
      if (write.parentSpanRef) {
        const known = refs.get(write.parentSpanRef) ?? this.eventIdForSpan(projectId, write.parentSpanRef);
        event = { ...event, parent_id: known ?? write.parentSpanRef };
      }
      const params = eventParams(projectId, event, write.spanRef ?? null);
      if (this.insert.run(params).changes === 0) {
        const existing = eventFromRow(this.byId.get(projectId, event.event_id) as EventRow);
        event = batch.merge(existing, event);
        this.update.run(eventParams(projectId, event, write.spanRef ?? null));
      }
      if (write.spanRef && write.spanRef !== event.event_id) this.relink.run(event.event_id, projectId, write.spanRef);
      stored.push(event);
    }
    return stored;
  }

  private eventIdForSpan(projectId: string, spanRef: string): string | undefined {
    const row = this.bySpanRef.get(projectId, spanRef) as { event_id: string } | undefined;
    return row?.event_id;
  }

  private applyUpdate(projectId: string, id: string, fn: Updater<EventRecord>): EventRecord | undefined {
    const row = this.byId.get(projectId, id) as EventRow | undefined;
    if (!row) return undefined;
    const current = eventFromRow(row);
    const next = fn(current);
    if (next === undefined) return current;
    this.update.run(eventParams(projectId, { ...next, event_id: current.event_id }, null));
    return { ...next, event_id: current.event_id };
  }

  /** See {@link Store.queryEvents}. */
  query(projectId: string, query: EventQuery): EventPage {
    const clauses = ["project_id = @project_id"];
    const params: Record<string, unknown> = { project_id: projectId };
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
    if (query.startFrom !== undefined) {
      clauses.push("start_time >= @start_from");
      params.start_from = query.startFrom;
    }
    if (query.startTo !== undefined) {
      clauses.push("start_time <= @start_to");
      params.start_to = query.startTo;
    }
    const direction = query.order === "desc" ? "DESC" : "ASC";
    const base = `FROM events WHERE ${clauses.join(" AND ")}`;
    const order = `ORDER BY start_time ${direction}, seq ${direction}`;
    const offset = Math.max(0, query.offset ?? 0);
    const limit = query.limit === undefined ? Number.MAX_SAFE_INTEGER : Math.max(0, query.limit);
    let events: EventRecord[];
    let total: number;
    if (!query.predicate) {
      total = Number((this.db.prepare(`SELECT COUNT(*) AS n ${base}`).get(params) as { n: number }).n);
      const rows = this.db.prepare(`SELECT * ${base} ${order} LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit: Math.min(limit, 1_000_000_000), offset }) as EventRow[];
      events = rows.map(eventFromRow);
    } else {
      events = [];
      total = 0;
      for (const row of this.db.prepare(`SELECT * ${base} ${order}`).iterate(params)) {
        const event = eventFromRow(row as EventRow);
        if (!query.predicate(event)) continue;
        if (total >= offset && events.length < limit) events.push(event);
        total += 1;
      }
    }
    this.attachChildren(projectId, events);
    return { events, total };
  }

  private attachChildren(projectId: string, events: EventRecord[]): void {
    if (events.length === 0) return;
    const byId = new Map(events.map((e) => [e.event_id, e]));
    const rows = this.children.all(projectId, JSON.stringify([...byId.keys()])) as {
      parent_id: string;
      event_id: string;
    }[];
    for (const row of rows) {
      const parent = byId.get(row.parent_id);
      if (parent && !parent.children_ids.includes(row.event_id)) parent.children_ids.push(row.event_id);
    }
  }

  /** See {@link Store.runMetricRows}. */
  metricRowsFor(projectId: string, runId: string, sessionIds: readonly string[]): MetricEventRow[] {
    const rows = this.metricRows.all({ project_id: projectId, run_id: runId, sessions: JSON.stringify(sessionIds) });
    return (rows as Record<string, unknown>[]).map((row) => ({
      event_id: String(row.event_id),
      session_id: String(row.session_id),
      event_type: String(row.event_type),
      event_name: String(row.event_name),
      datapoint_id: typeof row.datapoint_id === "string" ? row.datapoint_id : null,
      metrics: metricsFromColumn(row.metrics),
      start_time: typeof row.start_time === "number" ? row.start_time : null,
      error: typeof row.error === "string" ? row.error : null,
    }));
  }

  /** See {@link Store.metricNames}. */
  metricNamesFor(projectId: string, runIds: readonly string[]): string[] {
    const rows = this.names.all(projectId, JSON.stringify(runIds)) as { name: string }[];
    return rows.map((r) => r.name);
  }
}
