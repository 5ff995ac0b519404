/**
 * The small per-project records of the API groups (metrics and their versions, queues, tools, charts and the project's settings) on
 * SQLite: one table keyed by project, kind and id, each record a JSON document. The table is created here (an
 * older database gains it on open) so the groups share one storage concept instead of a table each.
 */
import { isPlainObject, parseStoredJson, type JsonObject } from "../domain/json";
import type { Database, Statement } from "./sqlite-driver";
import type { GroupRecordKind, Updater } from "./store";

const TABLE = `
CREATE TABLE IF NOT EXISTS group_records (
  project_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (project_id, kind, id)
);`;

function recordFromDoc(doc: unknown): JsonObject | undefined {
  const value = parseStoredJson<unknown>(doc, undefined);
  return isPlainObject(value) && typeof value.id === "string" ? value : undefined;
}

/** The records part of the SQLite store. */
export class SqliteGroupRecords {
  private readonly put: Statement;
  private readonly byId: Statement;
  private readonly all: Statement;
  private readonly remove: Statement;
  private readonly nextSeq: Statement;
  private readonly tx: <R>(fn: () => R) => R;

  /** @param db - a prepared database; the records table is created when missing. */
  constructor(db: Database) {
    db.exec(TABLE);
    this.put = db.prepare(`INSERT INTO group_records (project_id, kind, id, seq, doc) VALUES (@project_id, @kind, @id, @seq, @doc)
      ON CONFLICT(project_id, kind, id) DO UPDATE SET doc = excluded.doc`);
    this.byId = db.prepare(`SELECT doc FROM group_records WHERE project_id = ? AND kind = ? AND id = ?`);
    this.all = db.prepare(`SELECT doc FROM group_records WHERE project_id = ? AND kind = ? ORDER BY seq`);
    this.remove = db.prepare(`DELETE FROM group_records WHERE project_id = ? AND kind = ? AND id = ?`);
    this.nextSeq = db.prepare(`SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM group_records WHERE project_id = ? AND kind = ?`);
    const run = db.transaction((fn: () => unknown) => fn());
    this.tx = <R>(fn: () => R): R => run(fn) as R;
  }

  /** Every record of a kind, oldest first. */
  list(projectId: string, kind: GroupRecordKind): JsonObject[] {
    const rows = this.all.all(projectId, kind) as { doc: string }[];
    return rows.map((r) => recordFromDoc(r.doc)).filter((r): r is JsonObject => r !== undefined);
  }

  /** One record, or undefined. */
  get(projectId: string, kind: GroupRecordKind, id: string): JsonObject | undefined {
    const row = this.byId.get(projectId, kind, id) as { doc: string } | undefined;
    return row ? recordFromDoc(row.doc) : undefined;
  }

  /** Inserts a record (its `id` is the key), or replaces the one with its id in place. */
  save(projectId: string, kind: GroupRecordKind, record: JsonObject & { id: string }): void {
    const seq = Number((this.nextSeq.get(projectId, kind) as { n: number }).n);
    this.put.run({ project_id: projectId, kind, id: record.id, seq, doc: JSON.stringify(record) });
  }

  /** Applies `fn` to a record in one transaction; undefined when it does not exist. */
  update(projectId: string, kind: GroupRecordKind, id: string, fn: Updater<JsonObject>): JsonObject | undefined {
    return this.tx(() => {
      const current = this.get(projectId, kind, id);
      if (!current) return undefined;
      const next = fn(current);
      if (next === undefined) return current;
      const saved = { ...next, id };
      this.save(projectId, kind, saved);
      return saved;
    });
  }

  /** Stores what `fn` makes of a record (undefined when there is none) in one transaction; returns it. */
  upsert(projectId: string, kind: GroupRecordKind, id: string, fn: (current: JsonObject | undefined) => JsonObject): JsonObject {
    return this.tx(() => {
      const saved = { ...fn(this.get(projectId, kind, id)), id };
      this.save(projectId, kind, saved);
      return saved;
    });
  }

  /** True when a record was deleted. */
  delete(projectId: string, kind: GroupRecordKind, id: string): boolean {
    return this.remove.run(projectId, kind, id).changes > 0;
  }
}
