import type { DatapointResult } from "./types";

/**
 * The run's session ids, in datapoint order: those of the datapoint runs that opened a session. One definition for
 * the run's final update (`event_ids`) and the result's `sessionIds`, made in one pass (a run of 100,000 datapoints
 * makes no intermediate array).
 */
export function runSessionIds(datapoints: Iterable<Pick<DatapointResult, "sessionId">>): string[] {
  const ids: string[] = [];
  for (const d of datapoints) if (typeof d.sessionId === "string") ids.push(d.sessionId);
  return ids;
}
