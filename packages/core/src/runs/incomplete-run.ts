/**
 * A run its client knows was not stored whole: the sessions of its datapoints whose start or final update the server
 * never took (a backend down, the breaker open). The run's status cannot say it (the API's statuses are pending,
 * running, completed, failed and cancelled), so the final run update records it in the run's metadata under
 * {@link INCOMPLETE_RUN_KEY}; the viewer's run page shows it.
 */

/** The run metadata key of an incomplete run's record. */
export const INCOMPLETE_RUN_KEY = "honeyhive_incomplete";

/** What an incomplete run's record counts (as stored in the run's metadata). */
export interface IncompleteRunRecord {
  session_starts_lost: number;
  session_updates_lost: number;
}

/** The record of a run that lost session starts or updates, or undefined when it lost none. */
export function incompleteRunRecord(lost: { starts: number; updates: number } | undefined): IncompleteRunRecord | undefined {
  if (lost === undefined || lost.starts + lost.updates === 0) return undefined;
  return { session_starts_lost: lost.starts, session_updates_lost: lost.updates };
}

/** The record a run's metadata holds (untrusted: counts other than non-negative integers read as 0), if any. */
export function readIncompleteRun(metadata: unknown): IncompleteRunRecord | undefined {
  if (typeof metadata !== "object" || metadata === null) return undefined;
  const record = (metadata as Record<string, unknown>)[INCOMPLETE_RUN_KEY];
  if (typeof record !== "object" || record === null || Array.isArray(record)) return undefined;
  const count = (v: unknown): number => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : 0);
  const r = record as Record<string, unknown>;
  return { session_starts_lost: count(r.session_starts_lost), session_updates_lost: count(r.session_updates_lost) };
}

/** What people read of an incomplete run: "incomplete: 60 session starts and 2 session updates of its datapoints lost". */
export function incompleteRunText(record: IncompleteRunRecord): string {
  const plural = (n: number, what: string): string => `${n} session ${what}${n === 1 ? "" : "s"}`;
  const parts: string[] = [];
  if (record.session_starts_lost > 0) parts.push(plural(record.session_starts_lost, "start"));
  if (record.session_updates_lost > 0) parts.push(plural(record.session_updates_lost, "update"));
  return `incomplete: ${parts.length > 0 ? parts.join(" and ") : "writes"} of its datapoints lost`;
}
