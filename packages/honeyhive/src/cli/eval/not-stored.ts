/**
 * Fail loudly when results were meant to be stored and were not: with an API key or a server configured, an
 * experiment whose run could not be created or completed is an execution failure of `honeyhive eval` (exit 2),
 * reported in one line that says what failed and how to run locally on purpose. Pure.
 */
import type { ExecutionFailure } from "../support/junit-report";
import type { ExperimentOutcome } from "./eval-outcome";

/** Where results were meant to go. */
export interface StorageIntent {
  /** HH_API_KEY is set. */
  apiKey: boolean;
  /** HH_API_URL is set. */
  serverUrl: boolean;
  /** --offline: nothing is meant to be stored. */
  offline: boolean;
}

/** The `uploadError` of an evaluation that had no key at all (it ran locally because nothing was configured). */
const NO_KEY = "no API key";

function reason(entry: ExperimentOutcome, intent: StorageIntent): string {
  const error = entry.result.uploadError;
  if (error === NO_KEY && intent.serverUrl && !intent.apiKey) return "HH_API_URL is set but HH_API_KEY is not";
  return error ?? "the run was not stored";
}

/** One failure per experiment whose results were meant to be stored but were not. */
export function notStoredFailures(experiments: readonly ExperimentOutcome[], intent: StorageIntent): ExecutionFailure[] {
  if (intent.offline) return [];
  const configured = intent.apiKey || intent.serverUrl;
  return experiments
    .filter((e) => !e.result.uploaded && (configured || (e.result.uploadError !== undefined && e.result.uploadError !== NO_KEY)))
    .map((e) => ({
      file: e.file,
      error: `results of "${e.result.name}" were not stored (${reason(e, intent)}); to run locally on purpose, pass --offline or unset HH_API_KEY and HH_API_URL`,
    }));
}
