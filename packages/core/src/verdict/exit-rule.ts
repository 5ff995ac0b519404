/**
 * The exit rule: when an evaluation is red, for every front end (`honeyhive eval`, `npx honeyhive eval`,
 * `honeyhive/vitest`, `honeyhive/jest`). Pure. A run is green only when every datapoint passed its verdict
 * (`datapoint-verdict.ts`; a datapoint that errored, timed out or was not run did not pass), unless the user relaxed
 * that explicitly ({@link FailureAllowance}); when every threshold was met; and, with an API key or a server
 * configured, when its results were stored. Offline (no key and no server, or `offline` on purpose) is green and
 * says it stored nothing.
 */
import type { RunVerdict } from "./run-verdict";

/** Exit codes of `honeyhive eval` (the test runners fail tests instead, and exit with their own 1). */
export const EXIT_CODES = {
  /** Every datapoint passed (or the allowance held), every threshold was met, results stored or offline. */
  passed: 0,
  /** A datapoint failed its verdict, errored, timed out or was not run, or a `--fail-under` threshold was missed. */
  failed: 1,
  /** Something could not execute: a file, an experiment, storing the results, `--compare`, a report, the command line. */
  notExecuted: 2,
  /** Cancelled with Ctrl-C (128 + 2). */
  sigint: 130,
  /** Cancelled with SIGTERM (128 + 15). */
  sigterm: 143,
} as const;

/** How many datapoints may fail before a run is red (`--max-failures`, `--min-pass-rate`); none by default. */
export interface FailureAllowance {
  /** At most this many datapoint runs of an experiment may fail (failed verdict, error, time-out or not run). */
  maxFailures?: number;
  /** At least this share (0..1) of an experiment's datapoint runs must pass. */
  minPassRate?: number;
}

/** Datapoint runs that did not pass: failed (errors and time-outs included) and not run. */
export function notPassed(verdict: RunVerdict): number {
  return verdict.failed + verdict.notRun;
}

/**
 * Whether an experiment's verdict is accepted: every datapoint run passed, or the user allowed failures and the
 * run stays within every limit given (both, when both are given).
 */
export function verdictAccepted(verdict: RunVerdict, allowance: FailureAllowance = {}): boolean {
  const failing = notPassed(verdict);
  if (failing === 0) return true;
  const { maxFailures, minPassRate } = allowance;
  if (maxFailures === undefined && minPassRate === undefined) return false;
  const withinCount = maxFailures === undefined || failing <= maxFailures;
  const withinRate = minPassRate === undefined || (verdict.total > 0 && verdict.passed / verdict.total >= minPassRate);
  return withinCount && withinRate;
}

/** Where results were meant to go. */
export interface StorageIntent {
  /** An API key is set (`HH_API_KEY` or the `apiKey` option). */
  apiKey: boolean;
  /** A server is set (`HH_API_URL` or the `serverUrl` option). */
  serverUrl: boolean;
  /** Offline on purpose (`--offline`, `offline: true`): nothing is meant to be stored. */
  offline: boolean;
}

/** The `uploadError` of an evaluation that had no key at all (it ran locally because nothing was configured). */
export const NO_KEY_ERROR = "no API key";
/** The `uploadError` of an evaluation offline on purpose (its own `offline: true`, or the runner's). */
export const OFFLINE_ERROR = "offline (nothing is sent)";

/**
 * Why results meant to be stored were not (a key or a server configured, not offline, and the run not
 * uploaded), or undefined when there is nothing to report: stored, or offline on purpose (the command's or the
 * experiment's own) or for lack of any setting.
 */
export function notStoredReason(run: { uploaded: boolean; uploadError?: string }, intent: StorageIntent): string | undefined {
  if (intent.offline || run.uploaded || run.uploadError === OFFLINE_ERROR) return undefined;
  const configured = intent.apiKey || intent.serverUrl;
  if (!configured && (run.uploadError === undefined || run.uploadError === NO_KEY_ERROR)) return undefined;
  if (run.uploadError === NO_KEY_ERROR && intent.serverUrl && !intent.apiKey) return "HH_API_URL is set but HH_API_KEY is not";
  return run.uploadError ?? "the run was not stored";
}

/** What decides an exit code. */
export interface ExitFacts {
  /** The signal that cancelled the command, if one did. */
  cancelledBy?: "SIGINT" | "SIGTERM";
  /** Something could not execute (see {@link EXIT_CODES}.notExecuted); results not stored count here. */
  notExecuted: boolean;
  /** Every experiment's verdict accepted ({@link verdictAccepted}). */
  verdictsAccepted: boolean;
  /** Every threshold met. */
  thresholdsMet: boolean;
}

/** The exit code from the facts, in this order: cancelled, not executed, failed, passed. */
export function exitCodeFor(facts: ExitFacts): number {
  if (facts.cancelledBy) return facts.cancelledBy === "SIGINT" ? EXIT_CODES.sigint : EXIT_CODES.sigterm;
  if (facts.notExecuted) return EXIT_CODES.notExecuted;
  return facts.verdictsAccepted && facts.thresholdsMet ? EXIT_CODES.passed : EXIT_CODES.failed;
}

/**
 * What an exit code of `honeyhive eval` means, in the words every message that names the outcome uses (the summary's
 * last line, the Markdown heading, the cancel messages), so that no message can say something the code does not.
 */
export function exitOutcomeWords(code: number): string {
  switch (code) {
    case EXIT_CODES.passed:
      return "passed";
    case EXIT_CODES.failed:
      return "failed";
    case EXIT_CODES.notExecuted:
      return "did not run cleanly";
    case EXIT_CODES.sigint:
      return "cancelled (Ctrl-C)";
    case EXIT_CODES.sigterm:
      return "cancelled (SIGTERM)";
    default:
      return `ended with code ${code}`;
  }
}
