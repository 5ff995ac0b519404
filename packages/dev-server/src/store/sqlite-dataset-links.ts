/**
 * Which datapoints a dataset holds, in order: one row per (dataset, datapoint) with its position, so adding,
 * finding or removing one datapoint is an index lookup whatever the dataset's size (the list used to live inside the
 * dataset's JSON document, rewritten whole for every datapoint added: decision record 0050).
 */
import type { Database, Statement } from "./sqlite-driver";

/** The table and its order index (created with the rest of the schema). */
export const DATASET_LINKS_SCHEMA = `
CREATE TABLE IF NOT EXISTS dataset_datapoints (
  project_id TEXT NOT NULL,
  dataset_id TEXT NOT NULL,
  datapoint_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (project_id, dataset_id, datapoint_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS dataset_datapoints_in_order ON dataset_datapoints(project_id, dataset_id, position);
CREATE INDEX IF NOT EXISTS datapoints_by_seq ON datapoints(project_id, seq);
`;

/** The links of datasets to their datapoints. */
export class SqliteDatasetLinks {
  private readonly idsInOrder: Statement;
  private readonly nextPosition: Statement;
  private readonly insert: Statement;
  private readonly removeOne: Statement;
  private readonly removeAll: Statement;

  constructor(db: Database) {
    this.idsInOrder = db.prepare(`SELECT datapoint_id FROM dataset_datapoints WHERE project_id = ? AND dataset_id = ? ORDER BY position`).pluck();
    this.nextPosition = db.prepare(`SELECT COALESCE(MAX(position), -1) + 1 FROM dataset_datapoints WHERE project_id = ? AND dataset_id = ?`).pluck();
    this.insert = db.prepare(`INSERT OR IGNORE INTO dataset_datapoints (project_id, dataset_id, datapoint_id, position) VALUES (?, ?, ?, ?)`);
    this.removeOne = db.prepare(`DELETE FROM dataset_datapoints WHERE project_id = ? AND dataset_id = ? AND datapoint_id = ?`);
    this.removeAll = db.prepare(`DELETE FROM dataset_datapoints WHERE project_id = ? AND dataset_id = ?`);
  }

  /** The dataset's datapoint ids, in the order they were added. */
  ids(projectId: string, datasetId: string): string[] {
    return this.idsInOrder.all(projectId, datasetId) as string[];
  }

  /**
   * Appends datapoints the dataset does not hold yet (in the caller's transaction); returns how many were new.
   * Positions go on from the dataset's last one (an index lookup).
   */
  append(projectId: string, datasetId: string, datapointIds: Iterable<string>): number {
    let position = Number(this.nextPosition.get(projectId, datasetId));
    let added = 0;
    for (const id of datapointIds) {
      if (this.insert.run(projectId, datasetId, id, position).changes > 0) {
        position += 1;
        added += 1;
      }
    }
    return added;
  }

  /** Removes one datapoint from the dataset; true when it was there. */
  remove(projectId: string, datasetId: string, datapointId: string): boolean {
    return this.removeOne.run(projectId, datasetId, datapointId).changes > 0;
  }

  /** Makes the dataset hold exactly `datapointIds` (each once), in that order. */
  replace(projectId: string, datasetId: string, datapointIds: readonly string[]): void {
    this.removeAll.run(projectId, datasetId);
    this.append(projectId, datasetId, datapointIds);
  }

  /** Removes every link of the dataset. */
  clear(projectId: string, datasetId: string): void {
    this.removeAll.run(projectId, datasetId);
  }
}

/**
 * Moves the datapoint lists that older versions kept in each dataset's document into the link table (once, when a
 * data directory of an earlier schema is opened; in the caller's transaction). The documents keep no list afterwards.
 */
export function moveDatasetLinksOutOfDocuments(db: Database): void {
  const links = new SqliteDatasetLinks(db);
  const rewrite = db.prepare(`UPDATE datasets SET doc = ? WHERE project_id = ? AND id = ?`);
  const rows = db.prepare(`SELECT project_id, id, doc FROM datasets`).all() as { project_id: string; id: string; doc: string }[];
  for (const row of rows) {
    let doc: unknown;
    try {
      doc = JSON.parse(row.doc);
    } catch {
      continue;
    }
    if (typeof doc !== "object" || doc === null || !Array.isArray((doc as { datapoints?: unknown }).datapoints)) continue;
    const { datapoints, ...rest } = doc as { datapoints: unknown[] };
    links.append(row.project_id, row.id, datapoints.filter((id): id is string => typeof id === "string"));
    rewrite.run(JSON.stringify(rest), row.project_id, row.id);
  }
}
