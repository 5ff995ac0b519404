/**
 * A run's two separate answers: its execution status (did it run to the end?) and its verdict (how many
 * datapoints passed). Both are shown everywhere, so a run whose datapoints all failed never reads as a
 * plain success and a cancelled run reads "cancelled", not "failed".
 */

/**
 * How a run executed: `completed` (every datapoint ran), `cancelled` (stopped early), `failed` (it could not
 * execute: no datapoint's function completed).
 */
export type ExecutionStatus = "completed" | "cancelled" | "failed";

/** Datapoints that passed and failed (failed includes those whose function did not complete). */
export interface RunVerdict {
  passed: number;
  failed: number;
  total: number;
}

/** The execution status of a run from what happened to its datapoints. */
export function executionStatus(run: { cancelled: boolean; total: number; completed: number }): ExecutionStatus {
  if (run.cancelled) return "cancelled";
  return run.total > 0 && run.completed === 0 ? "failed" : "completed";
}

/** Counts passed and failed datapoints. */
export function runVerdict(passed: Iterable<boolean>): RunVerdict {
  const verdict: RunVerdict = { passed: 0, failed: 0, total: 0 };
  for (const p of passed) {
    verdict.total += 1;
    if (p) verdict.passed += 1;
    else verdict.failed += 1;
  }
  return verdict;
}

/** One line for people: `completed · 43 passed, 17 failed` (the status as given, e.g. a server's run status). */
export function describeRun(status: string, verdict: RunVerdict): string {
  return `${status} · ${verdict.passed} passed, ${verdict.failed} failed`;
}
