/**
 * The outcome of a datapoint run is its latest attempt's. A resumable run (evaluate()'s `resume`) may run one datapoint
 * in one session more than once (an attempt cancelled, then resumed): each attempt's function span stays in the
 * session, so "the first failed span" would keep a cancelled attempt's error after a later attempt succeeded. The
 * SDK's final session update of a resumable run states the outcome instead: it marks the session done
 * ({@link DATAPOINT_DONE_KEY}) and writes its `status` ("success" included) and `error` (null on success), and the
 * last update written is the latest attempt's. A session that states it is judged by it; any other session (not
 * resumable, not done yet, or written by another SDK) by its first failed top-level event, as before.
 * One rule for the SDK (which writes the statement and reads it back to resume) and the dev server (its results).
 */

/** The session-metadata key a resumable run's final session update sets (true): the datapoint run ended. */
export const DATAPOINT_DONE_KEY = "datapoint_done";

/** The status a datapoint's session states when its latest attempt succeeded. */
export const SUCCESS_STATUS = "success";

/** What a done session states of its datapoint: the status of its latest attempt, and that attempt's error. */
export interface StatedOutcome {
  status: string;
  error?: string;
}

/**
 * The session metadata a resumable run's final update writes to state a datapoint's outcome (read back by
 * {@link statedOutcome}): `datapoint_done`, and for a success `status: "success"` with the error cleared; a failure's
 * `status` and `error` are written beside it by the caller.
 */
export function outcomeStatement(status: string): Record<string, unknown> {
  return status === SUCCESS_STATUS ? { status: SUCCESS_STATUS, error: null, [DATAPOINT_DONE_KEY]: true } : { [DATAPOINT_DONE_KEY]: true };
}

/**
 * The outcome a session's metadata states (see the module comment), undefined when it states none (not marked done).
 * A done session without a status is a success (SDK versions that wrote the status only on failure).
 */
export function statedOutcome(metadata: unknown): StatedOutcome | undefined {
  if (typeof metadata !== "object" || metadata === null) return undefined;
  const m = metadata as Record<string, unknown>;
  if (m[DATAPOINT_DONE_KEY] !== true) return undefined;
  const status = typeof m.status === "string" ? m.status : SUCCESS_STATUS;
  return typeof m.error === "string" && status !== SUCCESS_STATUS ? { status, error: m.error } : { status };
}

/**
 * The error a datapoint's session ends with (null when its function completed): the stated outcome's when the session
 * states one, else the first failed top-level event's (`firstTopLevelError`).
 */
export function datapointError(stated: StatedOutcome | undefined, firstTopLevelError: string | null): string | null {
  if (stated === undefined) return firstTopLevelError;
  if (stated.status === SUCCESS_STATUS) return null;
  return stated.error ?? firstTopLevelError ?? stated.status;
}

/**
 * Of the function spans a datapoint run's session holds (one per attempt: a top-level `chain` event named after the
 * function), whether one that started at `start` is a later attempt than the one kept so far (started at `kept`): the
 * later start; on a tie the one kept stays; a missing start counts as 0. The SDK reads a resumed datapoint from its
 * latest attempt and the dev server counts that attempt's scores alone, both by this rule.
 */
export function isLaterAttempt(start: number | null | undefined, kept: number | null | undefined): boolean {
  return (start ?? 0) > (kept ?? 0);
}
