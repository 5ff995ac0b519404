/**
 * Stalled runs: a run whose client never completed it (the client died, or the dev server was killed mid-run and
 * restarted) stays `pending` forever, which looks exactly like a run still being uploaded. The viewer tells them
 * apart here, at read time, in one place: a run that never finished and whose last write is older than the
 * server's threshold is stalled. Its last write is the newest of its own `updated_at` (the server's clock) and the
 * newest time its sessions' events record (their end, else start time: the client's clock, the same machine's for a
 * local server). `evaluate()` writes the run only when it creates and completes it, so a long live run is kept live
 * by its sessions' events. The HoneyHive `status` field is never changed; the viewer's routes add `stalled`.
 */
import type { RunRecord } from "../../domain/records";
import { runSessionIds } from "../../model/run-model";
import type { Store } from "../../store/store";
import type { RunStalled } from "../shared/wire-types";
import { FINISHED_RUN_STATUSES } from "../shared/run-status";
export type { RunStalled };

/** Default time without a write after which a run that never finished is shown as stalled: 10 minutes. */
export const DEFAULT_STALLED_RUN_MS = 10 * 60_000;


/**
 * The rule: `run` is stalled when it never finished and more than `thresholdMs` passed between its last write (its
 * `updated_at`, or `lastEventMs` when later) and `nowMs`. Exactly `thresholdMs` is not yet stalled.
 */
export function stalledSince(
  run: Pick<RunRecord, "status" | "updated_at">, lastEventMs: number | null, nowMs: number, thresholdMs: number,
): RunStalled | undefined {
  if (FINISHED_RUN_STATUSES.has(run.status)) return undefined;
  const updated = Date.parse(run.updated_at);
  const candidates = [updated, lastEventMs ?? Number.NaN].filter((t) => Number.isFinite(t));
  if (candidates.length === 0) return undefined;
  const last = Math.max(...candidates);
  return nowMs - last > thresholdMs ? { since: new Date(last).toISOString(), threshold_ms: thresholdMs } : undefined;
}

/**
 * Whether `run` is stalled at `nowMs`. Reads the store only for a run that never finished and whose own update is
 * already past the threshold (then the newest time of its sessions' events decides).
 */
export async function runStalled(store: Store, projectId: string, run: RunRecord, nowMs: number, thresholdMs: number): Promise<RunStalled | undefined> {
  if (stalledSince(run, null, nowMs, thresholdMs) === undefined) return undefined;
  const lastEventMs = await store.runLastEventTime(projectId, run.id, runSessionIds(run));
  return stalledSince(run, lastEventMs, nowMs, thresholdMs);
}
