/** Projects and API keys on SQLite: which project a key belongs to, and a project's integer key. */
import { uuidFromName } from "../domain/ids";
import type { ProjectRecord } from "../domain/records";
import type { Database, Statement } from "./sqlite-driver";

/** The projects table and its key bindings. */
export class SqliteProjects {
  private readonly keyLookup: Statement;
  private readonly projectPk: Statement;
  private readonly pks = new Map<string, number>();
  private readonly bindKey: (keyHash: string, name: string) => ProjectRecord;

  /** @param db - a prepared database (schema in place). */
  constructor(db: Database) {
    this.keyLookup = db.prepare(`SELECT p.id, p.name, p.created_at FROM api_keys k JOIN projects p ON p.id = k.project_id
    WHERE k.key_hash = ?`);
    this.projectPk = db.prepare(`SELECT pk FROM projects WHERE id = ?`);
    const projectByName = db.prepare(`SELECT id, name, created_at FROM projects WHERE name = ?`);
    const insertProject = db.prepare(`INSERT OR IGNORE INTO projects (id, name, created_at) VALUES (?, ?, ?)`);
    const insertKey = db.prepare(`INSERT OR REPLACE INTO api_keys (key_hash, project_id, created_at) VALUES (?, ?, ?)`);
    this.bindKey = db.transaction((keyHash: string, name: string): ProjectRecord => {
      const now = new Date().toISOString();
      insertProject.run(uuidFromName(`project:${name}`), name, now);
      const project = projectByName.get(name) as ProjectRecord;
      insertKey.run(keyHash, project.id, now);
      return project;
    });
  }

  /** The project of a key hash, creating the project `name` and binding the key to it when they differ. */
  forKey(keyHash: string, name: string, beforeWrite: () => void = () => undefined): ProjectRecord {
    const known = this.keyLookup.get(keyHash) as ProjectRecord | undefined;
    if (known && known.name === name) return known;
    beforeWrite();
    return this.bindKey(keyHash, name);
  }

  /** The integer key of a project id (-1, matching nothing, for an unknown id). */
  pk(projectId: string): number {
    let key = this.pks.get(projectId);
    if (key === undefined) {
      const row = this.projectPk.get(projectId) as { pk: number } | undefined;
      if (!row) return -1;
      key = row.pk;
      this.pks.set(projectId, key);
    }
    return key;
  }
}
