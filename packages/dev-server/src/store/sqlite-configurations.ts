/**
 * Configuration storage on SQLite: one row per configuration (its document), and an append-only history of the
 * contents it was saved with (a new entry whenever its content version or environments change), kept per project.
 */
import { isPlainObject, parseStoredJson } from "../domain/json";
import type { Database, Statement } from "./sqlite-driver";
import type { ConfigurationRecord, ConfigurationVersionRecord } from "../model/configuration-model";
import { versionRecordOf } from "../model/configuration-model";
import type { ConfigurationFilter, ConfigurationStore, Updater } from "./store";
import { storedStrings, storedText, storedTime } from "./stored-values";

/** The tables of this part (created with the rest of the schema by `prepareDatabase`). */
export const CONFIGURATIONS_SCHEMA = `
CREATE TABLE IF NOT EXISTS configurations (
  project_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (project_id, id)
);
CREATE TABLE IF NOT EXISTS configuration_versions (
  project_id TEXT NOT NULL,
  config_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (project_id, config_id, seq)
);
`;

function configurationFromDoc(doc: unknown): ConfigurationRecord | undefined {
  const v = parseStoredJson<unknown>(doc, undefined);
  if (!isPlainObject(v) || typeof v.id !== "string") return undefined;
  return {
    id: v.id,
    name: storedText(v.name, ""),
    type: v.type === "pipeline" ? "pipeline" : "LLM",
    provider: storedText(v.provider, ""),
    parameters: isPlainObject(v.parameters) ? v.parameters : {},
    env: storedStrings(v.env),
    tags: storedStrings(v.tags),
    user_properties: isPlainObject(v.user_properties) ? v.user_properties : null,
    created_at: storedTime(v.created_at),
    updated_at: storedTime(v.updated_at),
  };
}

function versionFromDoc(doc: unknown): ConfigurationVersionRecord | undefined {
  const v = parseStoredJson<unknown>(doc, undefined);
  if (!isPlainObject(v) || typeof v.version !== "string") return undefined;
  return {
    saved_at: storedTime(v.saved_at), version: v.version, env: storedStrings(v.env), provider: storedText(v.provider, ""),
    parameters: isPlainObject(v.parameters) ? v.parameters : {},
  };
}

function matches(c: ConfigurationRecord, filter: ConfigurationFilter): boolean {
  if (filter.name !== undefined && c.name !== filter.name) return false;
  if (filter.env !== undefined && !c.env.includes(filter.env)) return false;
  return (filter.tags ?? []).every((tag) => c.tags.includes(tag));
}

/** The configurations part of the SQLite store (synchronous; `sqlite-store.ts` wraps it in promises). */
export class SqliteConfigurations {
  private readonly put: Statement;
  private readonly byId: Statement;
  private readonly all: Statement;
  private readonly remove: Statement;
  private readonly putVersion: Statement;
  private readonly versions: Statement;
  private readonly lastVersion: Statement;
  private readonly removeVersions: Statement;
  private readonly tx: <R>(fn: () => R) => R;

  constructor(db: Database) {
    this.put = db.prepare(`INSERT INTO configurations (project_id, id, name, created_at, doc) VALUES (@project_id, @id, @name, @created_at, @doc)
      ON CONFLICT(project_id, id) DO UPDATE SET name = excluded.name, doc = excluded.doc`);
    this.byId = db.prepare(`SELECT doc FROM configurations WHERE project_id = ? AND id = ?`);
    this.all = db.prepare(`SELECT doc FROM configurations WHERE project_id = ? ORDER BY created_at, id`);
    this.remove = db.prepare(`DELETE FROM configurations WHERE project_id = ? AND id = ?`);
    this.putVersion = db.prepare(`INSERT INTO configuration_versions (project_id, config_id, seq, doc)
      SELECT @project_id, @config_id, COALESCE(MAX(seq), 0) + 1, @doc FROM configuration_versions WHERE project_id = @project_id AND config_id = @config_id`);
    this.versions = db.prepare(`SELECT doc FROM configuration_versions WHERE project_id = ? AND config_id = ? ORDER BY seq`);
    this.lastVersion = db.prepare(`SELECT doc FROM configuration_versions WHERE project_id = ? AND config_id = ? ORDER BY seq DESC LIMIT 1`);
    this.removeVersions = db.prepare(`DELETE FROM configuration_versions WHERE project_id = ? AND config_id = ?`);
    const run = db.transaction((fn: () => unknown) => fn());
    this.tx = <R>(fn: () => R): R => run(fn) as R;
  }

  /** Writes a configuration and, when its content or environments changed, a history entry (one transaction). */
  private save(projectId: string, c: ConfigurationRecord): void {
    this.put.run({ project_id: projectId, id: c.id, name: c.name, created_at: c.created_at, doc: JSON.stringify(c) });
    const entry = versionRecordOf(c);
    const last = this.lastVersion.get(projectId, c.id) as { doc: string } | undefined;
    const previous = last ? versionFromDoc(last.doc) : undefined;
    if (previous?.version === entry.version && previous.env.join() === entry.env.join()) return;
    this.putVersion.run({ project_id: projectId, config_id: c.id, doc: JSON.stringify(entry) });
  }

  private get(projectId: string, id: string): ConfigurationRecord | undefined {
    const row = this.byId.get(projectId, id) as { doc: string } | undefined;
    return row ? configurationFromDoc(row.doc) : undefined;
  }

  /**
   * The {@link ConfigurationStore} of this part; `run` makes each call a promise (refused once the store closed), and
   * `write` does so for writes after checking the data directory is still this server's.
   */
  store(run: <T>(fn: () => T) => Promise<T>, write: <T>(fn: () => T) => Promise<T>): ConfigurationStore {
    return {
      create: (p, c) => write(() => this.tx(() => (this.save(p, c), c))),
      list: (p, filter) =>
        run(() => (this.all.all(p) as { doc: string }[]).map((r) => configurationFromDoc(r.doc)).filter((c): c is ConfigurationRecord => c !== undefined && matches(c, filter))),
      update: (p, id, update: Updater<ConfigurationRecord>) =>
        write(() => this.tx(() => {
          const current = this.get(p, id);
          const next = current ? update(current) : undefined;
          if (next) this.save(p, next);
          return next ?? current;
        })),
      delete: (p, id) => write(() => this.tx(() => (this.removeVersions.run(p, id), this.remove.run(p, id).changes > 0))),
      history: (p, id) => run(() => (this.versions.all(p, id) as { doc: string }[]).map((r) => versionFromDoc(r.doc)).filter((v) => v !== undefined)),
    };
  }
}
