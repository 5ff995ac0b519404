/**
 * A run's two separate answers: its execution status (did it run to the end?) and its verdict (how many
 * datapoints passed). Both are shown everywhere, so a run whose datapoints all failed never reads as a
 * plain success and a cancelled run reads "cancelled", not "failed".
 */

/**
 * How a run executed: `completed` (every datapoint ran), `running` (this process ran its shard to the end but
 * the run completes when the last shard finishes), `cancelled` (stopped early), `failed` (it could not
 * execute: no datapoint's function completed).
 */
export type ExecutionStatus = "completed" | "running" | "cancelled" | "failed";

/**
 * Datapoints that passed, failed (including those whose function did not complete) and were not run (the run was
 * cancelled before they started: neither passed nor failed). `total` counts all three.
 */
export interface RunVerdict {
  passed: number;
  failed: number;
  notRun: number;
  total: number;
}

/** What one datapoint counts as in a {@link RunVerdict}: passed (true), failed (false), or not run. */
type DatapointOutcome = boolean | "not_run";

/**
 * The execution status of a run from what happened to its datapoints; `awaitingOtherShards` when this process
 * ran one shard to the end and the run still waits for other shards.
 */
export function executionStatus(run: { cancelled: boolean; total: number; completed: number; awaitingOtherShards?: boolean }): ExecutionStatus {
  if (run.cancelled) return "cancelled";
  if (run.total > 0 && run.completed === 0) return "failed";
  return run.awaitingOtherShards === true ? "running" : "completed";
}

/** True when the status means everything this process had to run, ran (`completed`, or a finished shard's `running`). */
export function executedCleanly(status: ExecutionStatus): boolean {
  return status === "completed" || status === "running";
}

/** Why a run reads `running` after a shard finished: `shard 1/3 done; the run completes when the last shard finishes`. */
export function statusNote(status: string, shard: { index: number; count: number } | undefined): string | undefined {
  if (status !== "running" || !shard) return undefined;
  return `shard ${shard.index}/${shard.count} done; the run completes when the last shard finishes`;
}

/** Counts passed, failed and not-run datapoints. */
export function runVerdict(outcomes: Iterable<DatapointOutcome>): RunVerdict {
  const verdict: RunVerdict = { passed: 0, failed: 0, notRun: 0, total: 0 };
  for (const outcome of outcomes) {
    verdict.total += 1;
    if (outcome === "not_run") verdict.notRun += 1;
    else if (outcome) verdict.passed += 1;
    else verdict.failed += 1;
  }
  return verdict;
}

/** `42 passed, 42 failed, 316 not run` (the not-run part only when some were not run). */
export function verdictCounts(verdict: RunVerdict): string {
  const notRun = verdict.notRun > 0 ? `, ${verdict.notRun} not run` : "";
  return `${verdict.passed} passed, ${verdict.failed} failed${notRun}`;
}

/**
 * One line for people: `completed · 43 passed, 17 failed` (`, 5 not run` when some were not run; the status as
 * given, e.g. a server's run status),
 * with the {@link statusNote} of a finished shard: `running (shard 1/3 done; …) · 8 passed, 0 failed`.
 */
export function describeRun(status: string, verdict: RunVerdict, shard?: { index: number; count: number }): string {
  const note = statusNote(status, shard);
  return `${status}${note ? ` (${note})` : ""} · ${verdictCounts(verdict)}`;
}
