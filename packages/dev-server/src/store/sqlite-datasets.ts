/**
 * Dataset and datapoint storage on SQLite. Links are kept in both directions (the link table of
 * `sqlite-dataset-links.ts`, in each dataset's order, and datapoint.linked_datasets) and changed together in one
 * transaction. A dataset's document holds its fields without the datapoint list.
 */
import { isPlainObject, parseStoredJson } from "../domain/json";
import type { Database, Statement } from "./sqlite-driver";
import type { DatapointRecord, DatasetRecord } from "../domain/records";
import type { Updater } from "./store";
import { storedStrings, storedText, storedTime } from "./stored-values";
import { SqliteDatasetLinks } from "./sqlite-dataset-links";

/** A dataset's fields without its datapoint list. */
type DatasetFields = Omit<DatasetRecord, "datapoints">;

function datasetFromDoc(doc: unknown): DatasetFields | undefined {
  const v = parseStoredJson<unknown>(doc, undefined);
  if (!isPlainObject(v) || typeof v.id !== "string") return undefined;
  return {
    id: v.id,
    name: storedText(v.name, ""),
    description: storedText(v.description, null),
    created_at: storedTime(v.created_at),
    updated_at: storedTime(v.updated_at),
  };
}

function datapointFromDoc(doc: unknown): DatapointRecord | undefined {
  const v = parseStoredJson<unknown>(doc, undefined);
  if (!isPlainObject(v) || typeof v.id !== "string") return undefined;
  return {
    id: v.id,
    inputs: isPlainObject(v.inputs) ? v.inputs : {},
    history: Array.isArray(v.history) ? v.history : [],
    ground_truth: isPlainObject(v.ground_truth) ? v.ground_truth : null,
    metadata: isPlainObject(v.metadata) ? v.metadata : null,
    linked_event: storedText(v.linked_event, null),
    linked_datasets: storedStrings(v.linked_datasets),
    created_at: storedTime(v.created_at),
    updated_at: storedTime(v.updated_at),
  };
}

/** The datasets and datapoints part of the SQLite store. */
export class SqliteDatasets {
  private readonly putDataset: Statement;
  private readonly datasetById: Statement;
  private readonly allDatasets: Statement;
  private readonly removeDataset: Statement;
  private readonly putDatapoint: Statement;
  private readonly datapointById: Statement;
  private readonly allDatapoints: Statement;
  private readonly datapointsOfDataset: Statement;
  private readonly removeDatapoint: Statement;
  private readonly nextSeq: Statement;
  private readonly links: SqliteDatasetLinks;
  /** Runs `fn` in a transaction. */
  readonly tx: <R>(fn: () => R) => R;

  constructor(db: Database) {
    this.putDataset = db.prepare(`INSERT INTO datasets (project_id, id, name, created_at, doc)
      VALUES (@project_id, @id, @name, @created_at, @doc)
      ON CONFLICT(project_id, id) DO UPDATE SET name = excluded.name, doc = excluded.doc`);
    this.datasetById = db.prepare(`SELECT doc FROM datasets WHERE project_id = ? AND id = ?`);
    this.allDatasets = db.prepare(`SELECT doc FROM datasets WHERE project_id = ? ORDER BY created_at, id`);
    this.removeDataset = db.prepare(`DELETE FROM datasets WHERE project_id = ? AND id = ?`);
    this.putDatapoint = db.prepare(`INSERT INTO datapoints (project_id, id, seq, doc) VALUES (@project_id, @id, @seq, @doc)
      ON CONFLICT(project_id, id) DO UPDATE SET doc = excluded.doc`);
    this.datapointById = db.prepare(`SELECT doc FROM datapoints WHERE project_id = ? AND id = ?`);
    this.allDatapoints = db.prepare(`SELECT doc FROM datapoints WHERE project_id = ? ORDER BY seq`);
    this.datapointsOfDataset = db.prepare(`SELECT d.doc FROM dataset_datapoints l
      JOIN datapoints d ON d.project_id = l.project_id AND d.id = l.datapoint_id
      WHERE l.project_id = ? AND l.dataset_id = ? ORDER BY l.position`);
    this.removeDatapoint = db.prepare(`DELETE FROM datapoints WHERE project_id = ? AND id = ?`);
    this.nextSeq = db.prepare(`SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM datapoints WHERE project_id = ?`);
    this.links = new SqliteDatasetLinks(db);
    const run = db.transaction((fn: () => unknown) => fn());
    this.tx = <R>(fn: () => R): R => run(fn) as R;
  }

  /** Inserts or replaces a dataset, its datapoint list included. */
  saveDataset(projectId: string, d: DatasetRecord): void {
    this.tx(() => {
      this.saveFields(projectId, d);
      this.links.replace(projectId, d.id, d.datapoints);
    });
  }

  private saveFields(projectId: string, d: DatasetFields): void {
    const fields: DatasetFields = { id: d.id, name: d.name, description: d.description, created_at: d.created_at, updated_at: d.updated_at };
    this.putDataset.run({ project_id: projectId, id: d.id, name: d.name, created_at: d.created_at, doc: JSON.stringify(fields) });
  }

  private fields(projectId: string, id: string): DatasetFields | undefined {
    const row = this.datasetById.get(projectId, id) as { doc: string } | undefined;
    return row ? datasetFromDoc(row.doc) : undefined;
  }

  private withDatapoints(projectId: string, fields: DatasetFields): DatasetRecord {
    return { ...fields, datapoints: this.links.ids(projectId, fields.id) };
  }

  /** One dataset, or undefined. */
  dataset(projectId: string, id: string): DatasetRecord | undefined {
    const fields = this.fields(projectId, id);
    return fields ? this.withDatapoints(projectId, fields) : undefined;
  }

  /** True when the project has the dataset (an index lookup: its datapoints are not read). */
  hasDataset(projectId: string, id: string): boolean {
    return this.datasetById.get(projectId, id) !== undefined;
  }

  /** See {@link Store.listDatasets}. */
  datasets(projectId: string, filter: { id?: string; name?: string }): DatasetRecord[] {
    if (filter.id !== undefined) {
      const one = this.fields(projectId, filter.id);
      return one && (filter.name === undefined || one.name === filter.name) ? [this.withDatapoints(projectId, one)] : [];
    }
    const rows = this.allDatasets.all(projectId) as { doc: string }[];
    return rows
      .map((r) => datasetFromDoc(r.doc))
      .filter((d): d is DatasetFields => d !== undefined && (filter.name === undefined || d.name === filter.name))
      .map((d) => this.withDatapoints(projectId, d));
  }

  /** See {@link Store.updateDataset}: the datapoint list is rewritten only when the update changed it. */
  updateDataset(projectId: string, id: string, fn: Updater<DatasetRecord>): DatasetRecord | undefined {
    return this.tx(() => {
      const current = this.dataset(projectId, id);
      if (!current) return undefined;
      const next = fn(current);
      if (next === undefined) return current;
      const saved = { ...next, id: current.id, created_at: current.created_at };
      this.saveFields(projectId, saved);
      const same = saved.datapoints.length === current.datapoints.length && saved.datapoints.every((dp, i) => dp === current.datapoints[i]);
      if (!same) this.links.replace(projectId, id, saved.datapoints);
      return this.dataset(projectId, id);
    });
  }

  /** See {@link Store.deleteDataset}. */
  deleteDataset(projectId: string, id: string): boolean {
    return this.tx(() => {
      const current = this.dataset(projectId, id);
      if (!current) return false;
      for (const dpId of current.datapoints) {
        const dp = this.datapoint(projectId, dpId);
        if (dp) this.rewriteDatapoint(projectId, { ...dp, linked_datasets: dp.linked_datasets.filter((d) => d !== id) });
      }
      this.links.clear(projectId, id);
      return this.removeDataset.run(projectId, id).changes > 0;
    });
  }

  /** Inserts or replaces a datapoint (keeping its position when it exists). */
  saveDatapoint(projectId: string, dp: DatapointRecord, seq?: number): void {
    const position = seq ?? Number((this.nextSeq.get(projectId) as { n: number }).n);
    this.putDatapoint.run({ project_id: projectId, id: dp.id, seq: position, doc: JSON.stringify(dp) });
  }

  /** Replaces a stored datapoint's document (its position kept). */
  private rewriteDatapoint(projectId: string, dp: DatapointRecord): void {
    this.putDatapoint.run({ project_id: projectId, id: dp.id, seq: 0, doc: JSON.stringify(dp) });
  }

  /**
   * See {@link Store.createDatapoints}: each dataset named gets its new datapoints appended in one step (its document
   * rewritten once per call, not once per datapoint).
   */
  createDatapoints(projectId: string, dps: readonly DatapointRecord[]): void {
    this.tx(() => {
      let seq = Number((this.nextSeq.get(projectId) as { n: number }).n);
      const byDataset = new Map<string, { ids: string[]; updatedAt: string }>();
      for (const dp of dps) {
        this.saveDatapoint(projectId, dp, seq++);
        for (const datasetId of dp.linked_datasets) {
          const group = byDataset.get(datasetId) ?? { ids: [], updatedAt: dp.updated_at };
          group.ids.push(dp.id);
          group.updatedAt = dp.updated_at;
          byDataset.set(datasetId, group);
        }
      }
      for (const [datasetId, { ids, updatedAt }] of byDataset) {
        const fields = this.fields(projectId, datasetId);
        if (fields && this.links.append(projectId, datasetId, ids) > 0) this.saveFields(projectId, { ...fields, updated_at: updatedAt });
      }
    });
  }

  /** One datapoint, or undefined. */
  datapoint(projectId: string, id: string): DatapointRecord | undefined {
    const row = this.datapointById.get(projectId, id) as { doc: string } | undefined;
    return row ? datapointFromDoc(row.doc) : undefined;
  }

  /** See {@link Store.listDatapoints}. */
  datapoints(projectId: string, filter: { datasetId?: string }): DatapointRecord[] {
    const rows = (filter.datasetId !== undefined ? this.datapointsOfDataset.all(projectId, filter.datasetId) : this.allDatapoints.all(projectId)) as { doc: string }[];
    return rows.map((r) => datapointFromDoc(r.doc)).filter((d): d is DatapointRecord => d !== undefined);
  }

  /** See {@link Store.updateDatapoint}. */
  updateDatapoint(projectId: string, id: string, fn: Updater<DatapointRecord>): DatapointRecord | undefined {
    return this.tx(() => {
      const current = this.datapoint(projectId, id);
      if (!current) return undefined;
      const next = fn(current);
      if (next === undefined) return current;
      const saved = { ...next, id: current.id, created_at: current.created_at, linked_datasets: current.linked_datasets };
      this.rewriteDatapoint(projectId, saved);
      return saved;
    });
  }

  /** See {@link Store.deleteDatapoint}. */
  deleteDatapoint(projectId: string, id: string): boolean {
    return this.tx(() => {
      const current = this.datapoint(projectId, id);
      if (!current) return false;
      for (const datasetId of current.linked_datasets) this.links.remove(projectId, datasetId, id);
      return this.removeDatapoint.run(projectId, id).changes > 0;
    });
  }

  /** See {@link Store.unlinkDatapoint}. */
  unlink(projectId: string, datasetId: string, datapointId: string): boolean {
    return this.tx(() => {
      const linked = this.links.remove(projectId, datasetId, datapointId);
      const dp = this.datapoint(projectId, datapointId);
      if (dp && dp.linked_datasets.includes(datasetId)) {
        this.rewriteDatapoint(projectId, { ...dp, linked_datasets: dp.linked_datasets.filter((d) => d !== datasetId) });
      }
      return linked;
    });
  }
}
