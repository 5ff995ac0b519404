/**
 * Fail loudly when results were meant to be stored and were not: with an API key or a server configured, an
 * experiment whose run could not be created or completed is an execution failure of `honeyhive eval` (exit 2),
 * reported in one line that says what failed and how to run locally on purpose. The rule is the exit rule's
 * (`verdict/exit-rule.ts`), shared with the test runners. Pure.
 */
import { notStoredReason, type StorageIntent } from "@honeyhive/core/verdict/exit-rule";
import type { ExecutionFailure } from "../support/junit-report";
import type { ExperimentOutcome } from "./eval-outcome";

/** One failure per experiment whose results were meant to be stored but were not. */
export function notStoredFailures(experiments: readonly ExperimentOutcome[], intent: StorageIntent): ExecutionFailure[] {
  return experiments.flatMap((e) => {
    const reason = notStoredReason(e.result, intent);
    if (reason === undefined) return [];
    return [{
      file: e.file, summary: `results of "${e.result.name}" not stored`,
      error: `results of "${e.result.name}" were not stored (${reason}); to run locally on purpose, pass --offline or unset HH_API_KEY and HH_API_URL`,
    }];
  });
}
