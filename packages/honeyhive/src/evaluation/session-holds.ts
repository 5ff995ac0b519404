/**
 * A datapoint's session start or final update whose request failed may still have landed: the server applied it and
 * its answer was lost (the connection closed), then every retry was answered with an error, or the backend went down
 * and the write's wait budget ran out. Before such a write counts as lost (and marks the run incomplete, its results
 * not stored), the run reads the session back and counts the write as stored when the session holds every value it
 * wrote (for a start: its metadata, the datapoint's index included, which a session the server made from spans alone
 * lacks). A session that differs in any value, or that the server says it does not have, keeps the write lost: the
 * check never turns a missing write into a stored one. A session that could not be read (no answer, or a retryable
 * error: the backend is still down) is read again once the run's datapoints are done (`deferred-session-checks.ts`).
 */
import type { ApiClient } from "../api-client/create-api-client";
import type { EvaluationEnrichment } from "./tracer-contract";
import { isTransientStatus } from "../transport/retry-policy";

/** What a read-back found: the session holds the values, it lacks them, or it could not be read. */
export type SessionCheck = "holds" | "lacks" | "unread";

/** Reads session `sessionId` and tells whether it holds every value of `values`. */
export async function sessionHolds(api: ApiClient, sessionId: string, values: EvaluationEnrichment, signal?: AbortSignal): Promise<SessionCheck> {
  if (signal?.aborted) return "lacks";
  try {
    const read = await api.sessions.get(sessionId, signal);
    if (!read.ok) return signal?.aborted !== true && isTransientStatus(read.status) ? "unread" : "lacks";
    return holds(read.data, JSON.parse(JSON.stringify(values)) as unknown) ? "holds" : "lacks";
  } catch {
    return "lacks";
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether `stored` holds `expected`: each key of an object (recursively), any other value as the same JSON. */
function holds(stored: unknown, expected: unknown): boolean {
  if (!isObject(expected)) return JSON.stringify(stored) === JSON.stringify(expected);
  return isObject(stored) && Object.entries(expected).every(([key, value]) => holds(stored[key], value));
}
