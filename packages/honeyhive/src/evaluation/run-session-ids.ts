import type { DatapointRows } from "./datapoint-rows";

/**
 * The run's session ids, in datapoint order: those of the datapoint runs that opened a session. One definition for
 * the run's final update (`event_ids`) and the result's `sessionIds`, made in one pass over the rows' session ids (a
 * run of 100,000 datapoints makes no intermediate array and no summary).
 */
export function runSessionIds(rows: Pick<DatapointRows, "length" | "sessionId">): string[] {
  const ids: string[] = [];
  for (let row = 0; row < rows.length; row++) {
    const id = rows.sessionId(row);
    if (typeof id === "string") ids.push(id);
  }
  return ids;
}
