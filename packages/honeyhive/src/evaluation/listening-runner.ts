import { sharedState } from "../internal/process-state";
import type { EvaluationReporter, RunnerSettings } from "./evaluation-reporter";

/**
 * A runner listening to every `evaluate()` of the process: the `honeyhive eval` CLI registers one before it
 * loads evaluation files, so that each evaluate() in them, whichever copy of the SDK it comes from, reports to
 * the runner instead of printing. It only says "a runner is listening" and what it decides ({@link RunnerSettings});
 * it never rewrites an evaluation's options. Kept in the shared process state (`internal/process-state.ts`),
 * because the CLI bundle and the user's `honeyhive` import are different module instances.
 */
interface ListeningRunner {
  reporter: EvaluationReporter;
  settings: RunnerSettings;
  /** Receives every evaluation's promise, so the runner can wait for un-awaited ones. */
  track?(promise: Promise<unknown>): void;
}

/** Registers (or with `undefined`, removes) the process-wide listening runner. */
export function setListeningRunner(runner: ListeningRunner | undefined): void {
  sharedState().listeningRunner = runner;
}

/** The registered runner, if any. */
export function getListeningRunner(): ListeningRunner | undefined {
  return sharedState().listeningRunner as ListeningRunner | undefined;
}
