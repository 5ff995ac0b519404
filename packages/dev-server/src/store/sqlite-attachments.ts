/**
 * Attachment bytes on SQLite (in the data directory's database, or in memory with `inMemory`): one row per project
 * and SHA-256, so equal bytes are kept once per project and no project reads another's.
 */
import type { Database, Statement } from "./sqlite-driver";
import type { AttachmentRecord } from "./store";

/** The attachments part of the SQLite store. */
export class SqliteAttachments {
  private readonly insert: Statement;
  private readonly byHash: Statement;

  constructor(db: Database) {
    this.insert = db.prepare(`INSERT INTO attachments (project_id, sha256, mime, bytes) VALUES (?, ?, ?, ?) ON CONFLICT(project_id, sha256) DO NOTHING`);
    this.byHash = db.prepare(`SELECT mime, bytes FROM attachments WHERE project_id = ? AND sha256 = ?`);
  }

  /** True when the bytes were new to the project. */
  put(projectId: string, attachment: AttachmentRecord): boolean {
    return this.insert.run(projectId, attachment.sha256, attachment.mime, attachment.bytes).changes > 0;
  }

  get(projectId: string, sha256: string): AttachmentRecord | undefined {
    const row = this.byHash.get(projectId, sha256) as { mime: string; bytes: Uint8Array } | undefined;
    return row ? { sha256, mime: row.mime, bytes: row.bytes } : undefined;
  }
}
