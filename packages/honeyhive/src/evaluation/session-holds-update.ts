/**
 * A datapoint's final session update whose request failed may still have landed: the server applied it and its answer
 * was lost (the connection closed), then every retry was answered with an error. Before such an update counts as lost
 * (and marks the run incomplete, its results not stored), the run reads the session back once and counts the update
 * as stored when the session holds every value the update wrote. A session that cannot be read, or differs in any
 * value, keeps the update lost: the check never turns a missing write into a stored one.
 */
import type { ApiClient } from "../api-client/create-api-client";
import type { EvaluationEnrichment } from "./tracer-contract";

/** Reads session `sessionId` and tells whether it holds every value of `update` (false when it cannot be read). */
export async function sessionHoldsUpdate(api: ApiClient, sessionId: string, update: EvaluationEnrichment, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  try {
    const read = await api.sessions.get(sessionId, signal);
    return read.ok && holds(read.data, JSON.parse(JSON.stringify(update)) as unknown);
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
