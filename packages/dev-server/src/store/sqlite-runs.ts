/**
 * Run storage on SQLite: the record is kept as JSON text, with the columns used to filter and sort.
 */
import { isPlainObject, parseStoredJson } from "../domain/json";
import type { Database, Statement } from "./sqlite-driver";
import type { RunPage, RunQuery, RunRecord } from "../domain/records";
import type { Updater } from "./store";
import { storedStrings, storedText, storedTime } from "./stored-values";

const SORT_COLUMNS: Readonly<Record<RunQuery["sortBy"], string>> = {
  created_at: "created_at",
  updated_at: "updated_at",
  name: "name",
  status: "status",
};

/** Reads a stored run document, tolerating damaged or foreign content. */
function runFromDoc(doc: unknown): RunRecord | undefined {
  const value = parseStoredJson<unknown>(doc, undefined);
  if (!isPlainObject(value) || typeof value.id !== "string") return undefined;
  const obj = (v: unknown) => (isPlainObject(v) ? v : {});
  return {
    id: value.id,
    name: storedText(value.name, ""),
    description: storedText(value.description, null),
    status: storedText(value.status, "pending"),
    metadata: obj(value.metadata),
    results: obj(value.results),
    metrics: obj(value.metrics),
    configuration: obj(value.configuration),
    event_ids: storedStrings(value.event_ids),
    session_ids: storedStrings(value.session_ids),
    datapoint_ids: storedStrings(value.datapoint_ids),
    evaluators: Array.isArray(value.evaluators) ? value.evaluators : [],
    passing_ranges: obj(value.passing_ranges),
    dataset_id: storedText(value.dataset_id, null),
    created_at: storedTime(value.created_at),
    updated_at: storedTime(value.updated_at),
  };
}

/** The runs part of the SQLite store. */
export class SqliteRuns {
  private readonly insert: Statement;
  private readonly replace: Statement;
  private readonly byId: Statement;
  private readonly remove: Statement;
  private readonly countAll: Statement;
  private readonly updateTx: (projectId: string, id: string, fn: Updater<RunRecord>) => RunRecord | undefined;
  private readonly createTx: (projectId: string, run: RunRecord) => { run: RunRecord; created: boolean };

  constructor(private readonly db: Database) {
    this.insert = db.prepare(`INSERT INTO runs (project_id, id, name, status, dataset_id, created_at, updated_at, doc)
      VALUES (@project_id, @id, @name, @status, @dataset_id, @created_at, @updated_at, @doc)
      ON CONFLICT(project_id, id) DO NOTHING`);
    this.replace = db.prepare(`UPDATE runs SET name = @name, status = @status, dataset_id = @dataset_id,
      updated_at = @updated_at, doc = @doc WHERE project_id = @project_id AND id = @id`);
    this.byId = db.prepare(`SELECT doc FROM runs WHERE project_id = ? AND id = ?`);
    this.remove = db.prepare(`DELETE FROM runs WHERE project_id = ? AND id = ?`);
    this.countAll = db.prepare(`SELECT COUNT(*) AS n FROM runs WHERE project_id = ?`);
    this.createTx = db.transaction((projectId: string, run: RunRecord) => {
      if (this.insert.run(params(projectId, run)).changes > 0) return { run, created: true };
      return { run: this.get(projectId, run.id) ?? run, created: false };
    });
    this.updateTx = db.transaction((projectId: string, id: string, fn: Updater<RunRecord>) => {
      const current = this.get(projectId, id);
      if (!current) return undefined;
      const next = fn(current);
      if (next === undefined) return current;
      const saved = { ...next, id: current.id, created_at: current.created_at };
      this.replace.run(params(projectId, saved));
      return saved;
    });
  }

  /** See {@link Store.createRun}. */
  create(projectId: string, run: RunRecord): { run: RunRecord; created: boolean } {
    return this.createTx(projectId, run);
  }

  /** See {@link Store.getRun}. */
  get(projectId: string, id: string): RunRecord | undefined {
    const row = this.byId.get(projectId, id) as { doc: string } | undefined;
    return row ? runFromDoc(row.doc) : undefined;
  }

  /** See {@link Store.updateRun}. */
  update(projectId: string, id: string, fn: Updater<RunRecord>): RunRecord | undefined {
    return this.updateTx(projectId, id, fn);
  }

  /** See {@link Store.deleteRun}. */
  delete(projectId: string, id: string): boolean {
    return this.remove.run(projectId, id).changes > 0;
  }

  /** See {@link Store.listRuns}. */
  list(projectId: string, query: RunQuery): RunPage {
    const { clauses, params: p } = runConditions(projectId, query);
    const base = `FROM runs WHERE ${clauses.join(" AND ")}`;
    const total = Number((this.db.prepare(`SELECT COUNT(*) AS n ${base}`).get(p) as { n: number }).n);
    const direction = query.sortOrder === "asc" ? "ASC" : "DESC";
    const column = SORT_COLUMNS[query.sortBy];
    // Ties on the sort column are ordered by id ascending in both directions.
    const keyset = query.after ? ` AND (${column} ${direction === "ASC" ? ">" : "<"} @k_value OR (${column} = @k_value AND id > @k_id))` : "";
    const keys = query.after ? { k_value: query.after.value, k_id: query.after.id } : {};
    const rows = this.db
      .prepare(`SELECT ${column} AS sort_value, id, doc ${base}${keyset} ORDER BY ${column} ${direction}, id LIMIT @limit OFFSET @offset`)
      .all({ ...p, ...keys, limit: query.limit + 1, offset: query.after ? 0 : query.offset }) as { sort_value: string; id: string; doc: string }[];
    const more = rows.length > query.limit;
    if (more) rows.pop();
    const runs = rows.map((r) => runFromDoc(r.doc)).filter((r): r is RunRecord => r !== undefined);
    const totalUnfiltered = Number((this.countAll.get(projectId) as { n: number }).n);
    const last = rows[rows.length - 1];
    return { runs, total, totalUnfiltered, ...(more && last ? { next: { value: last.sort_value, id: last.id } } : {}) };
  }
}

/** The WHERE clauses of a run listing and their parameters. */
function runConditions(projectId: string, query: RunQuery): { clauses: string[]; params: Record<string, unknown> } {
  const clauses = ["project_id = @project_id"];
  const params: Record<string, unknown> = { project_id: projectId };
  const add = (clause: string, key: string, value: unknown) => {
    clauses.push(clause);
    params[key] = value;
  };
  if (query.dataset_id !== undefined) add("dataset_id = @dataset_id", "dataset_id", query.dataset_id);
  if (query.run_ids !== undefined) add("id IN (SELECT value FROM json_each(@ids))", "ids", JSON.stringify(query.run_ids));
  if (query.name !== undefined) add("name = @name", "name", query.name);
  if (query.namePrefix !== undefined) add("substr(name, 1, length(@prefix)) = @prefix", "prefix", query.namePrefix);
  if (query.status !== undefined) add("status = @status", "status", query.status);
  if (query.createdFrom !== undefined) add("created_at >= @from", "from", query.createdFrom);
  if (query.createdTo !== undefined) add("created_at <= @to", "to", query.createdTo);
  return { clauses, params };
}

function params(projectId: string, run: RunRecord): Record<string, unknown> {
  return {
    project_id: projectId,
    id: run.id,
    name: run.name,
    status: run.status,
    dataset_id: run.dataset_id,
    created_at: run.created_at,
    updated_at: run.updated_at,
    doc: JSON.stringify(run),
  };
}
