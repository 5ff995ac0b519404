/**
 * What tells runs of one name apart wherever two are compared (the CLI's comparison line, the `--markdown` report,
 * the viewer's compare page): the name, the run id's first 8 characters and when the run started.
 */

/** A run as a comparison header names it. */
export interface RunIdentity {
  /** The run id. */
  readonly runId: string;
  /** The run's name, when known. */
  readonly name?: string;
  /** When the run was created (an ISO timestamp), when known. */
  readonly startedAt?: string;
}

/** The run id's first 8 characters (an id of 10 characters or fewer whole). */
export function runIdPrefix(runId: string): string {
  return runId.length > 10 ? runId.slice(0, 8) : runId;
}

/** An ISO timestamp as `2026-11-25 23:50:56 UTC` (to the second), or the text as given when it is not one. */
export function utcStartTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/**
 * `"qa" 2b1c5884, started 2026-11-25 23:50:56 UTC`: the name (JSON-quoted), the id prefix and the start time
 * (`formatTime`, UTC by default), each part left out when unknown.
 */
export function runIdentityText(run: RunIdentity, formatTime: (iso: string) => string = utcStartTime): string {
  const named = run.name !== undefined && run.name !== "" ? `${JSON.stringify(run.name)} ${runIdPrefix(run.runId)}` : runIdPrefix(run.runId);
  return run.startedAt !== undefined && run.startedAt !== "" ? `${named}, started ${formatTime(run.startedAt)}` : named;
}
