/**
 * A datapoint's session start or final update whose request failed may still have landed: the server applied it and
 * its answer was lost (the connection closed), then every retry was answered with an error. Before such a write counts
 * as lost (and marks the run incomplete, its results not stored), the run reads the session back once and counts the
 * write as stored when the session holds every value it wrote (for a start: its metadata, the datapoint's index
 * included, which a session the server made from spans alone lacks). A session that cannot be read, or differs in any
 * value, keeps the write lost: the check never turns a missing write into a stored one.
 */
import type { ApiClient } from "../api-client/create-api-client";
import type { EvaluationEnrichment } from "./tracer-contract";

/** Reads session `sessionId` and tells whether it holds every value of `values` (false when it cannot be read). */
export async function sessionHolds(api: ApiClient, sessionId: string, values: EvaluationEnrichment, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  try {
    const read = await api.sessions.get(sessionId, signal);
    return read.ok && holds(read.data, JSON.parse(JSON.stringify(values)) as unknown);
  } catch {
    return false;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether `stored` holds `expected`: each key of an object (recursively), any other value as the same JSON. */
function holds(stored: unknown, expected: unknown): boolean {
  if (!isObject(expected)) return JSON.stringify(stored) === JSON.stringify(expected);
  return isObject(stored) && Object.entries(expected).every(([key, value]) => holds(stored[key], value));
}
