import type { RunResultResponse } from "../api-client/types";
import { overlappingAttempt } from "./run-attempt";
import { executionStatus } from "@honeyhive/core/verdict/run-verdict";
import type { OpenedRun } from "./open-run";
import type { PoolResults } from "./execute-pool";
import type { DatapointRows } from "./datapoint-rows";
import type { EvaluationPlan } from "./plan-evaluation";
import { completeRun, fetchRunSummary } from "./run-lifecycle";
import { finishShard } from "./shard";
import { runSessionIds } from "./run-session-ids";
import { INCOMPLETE_RUN_KEY, incompleteRunRecord } from "@honeyhive/core/runs/incomplete-run";

/** How closing the run went. */
interface ClosedRun {
  /** Why the run is not (fully) on the server, if it is not. */
  uploadError: string | undefined;
  /** A shard finished without completing the run: the run waits for other shards (status "running"). */
  awaitingOtherShards: boolean;
  /** The server's summary, fetched once the run completed. */
  serverSummary: RunResultResponse | undefined;
  /** The run's session ids as its closing update sent them (`event_ids`): the result's too; undefined when not sent. */
  sessionIds?: string[];
}

/**
 * Closes the run on the server: its sessions and final status (`PUT /v1/runs/{id}`, or a shard's marker and
 * the last shard's completion), then the server's summary. A run whose datapoints' session starts or updates were lost
 * says so in its metadata (`honeyhive_incomplete`, `core/runs/incomplete-run.ts`). A resumable attempt (`attempt`, its
 * id) that ran beside another one says so, and leaves the run's status to the other one when that one took the run
 * over (`run-attempt.ts`). Never rejects; failures are logged and returned.
 */
export async function closeRun(plan: EvaluationPlan, opened: OpenedRun, pool: PoolResults, attempt?: string): Promise<ClosedRun> {
  const { api, run } = opened;
  const overlap = attempt === undefined || !api || !run.created ? undefined : await overlappingAttempt(api, run.runId, plan.shard, attempt);
  if (overlap?.takenOver) return closeTakenOver(plan, opened, pool, overlap.message);
  const closed = await closeOwnRun(plan, opened, pool);
  if (overlap !== undefined && closed.uploadError === undefined) {
    opened.logger.warn(overlap.message);
    closed.uploadError = overlap.message;
  }
  return closed;
}

/**
 * The run's sessions and the metadata it is closed with (see {@link closeRun}). With `clears` (an attempt no later one
 * took over), a resumed attempt of an unsharded run that ran every datapoint to its end, was not cancelled by the time
 * it closes and lost no session write clears the incomplete mark an earlier attempt left (null: the server merges
 * metadata), since it ran every datapoint that was not done. A shard's attempt leaves the mark (other shards may have
 * lost writes), and so does an attempt that did not run them all (cancelled, or a datapoint not run).
 */
function closingFields(plan: EvaluationPlan, opened: OpenedRun, pool: PoolResults, clears: boolean): { name: string; event_ids: string[]; metadata: Record<string, unknown> } {
  const incomplete = incompleteRunRecord(pool.sessionsNotStored);
  // the run's signal, read now: `pool.cancelled` is the same signal read before the session writes were waited for
  const ranAll = !opened.controller.signal.aborted && everyRan(pool.datapoints);
  const mark = incomplete ?? (clears && plan.resolved.resume && !plan.shard && ranAll ? null : undefined);
  const metadata = { ...withStreamedVersion(opened), ...(mark !== undefined ? { [INCOMPLETE_RUN_KEY]: mark } : {}) };
  return { name: plan.name, event_ids: runSessionIds(pool.datapoints), metadata };
}

/** Whether every datapoint run ran (none cancelled or not run). */
function everyRan(rows: DatapointRows): boolean {
  for (let row = 0; row < rows.length; row++) {
    const status = rows.status(row);
    if (status === "not_run" || status === "cancelled") return false;
  }
  return true;
}

/** How many datapoint runs succeeded. */
function succeeded(rows: DatapointRows): number {
  let count = 0;
  for (let row = 0; row < rows.length; row++) if (rows.status(row) === "success") count += 1;
  return count;
}

/** Closes the run of an attempt no other one took over (see {@link closeRun}). */
async function closeOwnRun(plan: EvaluationPlan, opened: OpenedRun, pool: PoolResults): Promise<ClosedRun> {
  const { api, run, logger } = opened;
  const closed: ClosedRun = { uploadError: run.created ? undefined : run.error, awaitingOtherShards: false, serverSummary: undefined };
  if (!api || !run.created) return closed;
  const { datapoints, cancelled } = pool;
  const { event_ids: sessionIds, metadata } = closingFields(plan, opened, pool, true);
  closed.sessionIds = sessionIds;
  // The run's status on the server is its execution status (never "failed" for a cancelled run); its verdict
  // is computed by the server from the sessions with the same rule (src/verdict/).
  const status = executionStatus({ cancelled, total: datapoints.length, completed: succeeded(datapoints) });
  if (plan.shard) {
    const finished = await finishShard(api, run.runId, plan.shard, { cancelled, name: plan.name, event_ids: sessionIds, metadata, datapoints: opened.slice.length, attempt: plan.shardAttempt });
    closed.uploadError = finished.error;
    closed.awaitingOtherShards = !finished.error && !finished.completedRun;
  } else closed.uploadError = await completeRun(api, run.runId, { status, name: plan.name, event_ids: sessionIds, metadata });
  if (closed.uploadError) logger.warn(`could not complete the run (${closed.uploadError})`);
  else if (!cancelled && !closed.awaitingOtherShards) closed.serverSummary = await fetchRunSummary(api, run.runId, plan.resolved.aggregateFunction, logger);
  const lost = sessionsNotStoredError(pool.sessionsNotStored);
  // Said only for a run that completed: one that could not be completed is already said not stored (one warning per outage).
  if (lost !== undefined && closed.uploadError === undefined) {
    logger.warn(`results not stored: ${lost}`);
    closed.uploadError = lost;
  }
  return closed;
}

/**
 * Closes the run of an attempt that a later attempt took over (`run-attempt.ts`): its sessions and metadata are linked,
 * its status (or shard marker) is left to the later attempt, and `message` is warned and returned as the upload error
 * (the server may hold some datapoints twice).
 */
async function closeTakenOver(plan: EvaluationPlan, opened: OpenedRun, pool: PoolResults, message: string): Promise<ClosedRun> {
  // never clears the incomplete mark: the attempt that took the run over may have set it
  const fields = closingFields(plan, opened, pool, false);
  const written = await opened.api!.runs.updateWithoutIds(opened.run.runId, fields);
  opened.logger.warn(message);
  const uploadError = written.ok ? message : `${message}; could not complete the run (${written.error})`;
  return { uploadError, awaitingOtherShards: false, serverSummary: undefined, sessionIds: fields.event_ids };
}

/**
 * The run's metadata as it is completed: a dataset read page by page records its content version once every page was
 * read (the version of a dataset held whole is recorded when the run is created).
 */
function withStreamedVersion(opened: OpenedRun): Record<string, unknown> {
  const version = opened.slice.version?.();
  return version === undefined ? opened.metadata : { ...opened.metadata, dataset_version: version };
}

/**
 * Why some datapoints' sessions are not stored ("2 session starts failed"), or undefined when every one was: a run
 * whose sessions were lost is not uploaded, even though the run itself was completed.
 */
export function sessionsNotStoredError(lost: PoolResults["sessionsNotStored"] | undefined): string | undefined {
  if (lost === undefined || lost.starts + lost.updates === 0) return undefined;
  const parts: string[] = [];
  if (lost.starts > 0) parts.push(`${lost.starts} session start${lost.starts === 1 ? "" : "s"}`);
  if (lost.updates > 0) parts.push(`${lost.updates} session update${lost.updates === 1 ? "" : "s"}`);
  return `${parts.join(" and ")} of the run's datapoints failed`;
}
