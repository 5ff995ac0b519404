/**
 * Session writes kept in the disk spool (decision record 0033). A session start or update the API could not take is
 * written beside the spooled spans as one JSON record and replayed, in the order it was made, before them: the
 * session is created with its name, inputs and metadata, then its updates apply, then its spans arrive.
 * Replaying is safe when the first attempt did land: a start is idempotent on `session_id` (it merges metadata and
 * user properties, and creates no second session) and an update merges (outputs: replaces) the same values again.
 */
import type { ApiClient } from "../api-client";
import type { ApiResult, EventUpdateRequest, SessionStartRequest } from "../api-client/types";
import type { SpoolSendOutcome } from "../export/disk-spool";
import { isTransientStatus } from "../transport/retry-policy";
import { decodeUtf8 } from "../internal/utf8";

/** One spooled session write. `v`: the record's format (a newer SDK's records are refused, not misread). */
export type SessionWrite =
  | { v: 1; kind: "start"; session_id: string; body: SessionStartRequest }
  | { v: 1; kind: "update"; session_id: string; body: EventUpdateRequest };

/**
 * True when a failed write may not have reached the backend or may succeed later (`isTransientStatus`: no answer, 408,
 * 429 or 5xx). Other answers refused the request itself: replaying it would fail again.
 */
export function worthKeeping(result: ApiResult<unknown>): boolean {
  return !result.ok && isTransientStatus(result.status);
}

/** The JSON of a record; undefined when it cannot be serialised (it is then not kept). */
export function encodeSessionWrite(write: SessionWrite): string | undefined {
  try {
    return JSON.stringify(write);
  } catch {
    return undefined;
  }
}

/** The record in a spool file; undefined when it is not one this SDK wrote. */
export function decodeSessionWrite(bytes: Uint8Array): SessionWrite | undefined {
  try {
    const record = JSON.parse(decodeUtf8(bytes)) as Partial<SessionWrite> | null;
    if (record === null || typeof record !== "object" || record.v !== 1 || typeof record.session_id !== "string") return undefined;
    if (typeof record.body !== "object" || record.body === null) return undefined;
    return record.kind === "start" || record.kind === "update" ? (record as SessionWrite) : undefined;
  } catch {
    return undefined;
  }
}

/** Sends a record through the API client; how the spool should treat its file. */
export async function replaySessionWrite(api: ApiClient, write: SessionWrite): Promise<SpoolSendOutcome> {
  const result: ApiResult<unknown> = write.kind === "start" ? await api.sessions.start(write.body) : await api.events.update(write.body);
  if (result.ok) return "delivered";
  return worthKeeping(result) ? "retry-later" : "rejected";
}
