/**
 * The rejection of a resumed run (`resume: true`, `honeyhive eval --resume`) that cannot read what the server holds:
 * the server can neither create the run nor show that it holds it (`GET /v1/runs/{id}`), or the run's sessions cannot
 * be read to find what is done (the server is down, refuses the key, or refuses the run). A resumed run is read from
 * what the server holds and never runs locally, so nothing ran; run it again once the server answers.
 */
export class ResumedRunUnavailableError extends Error {
  /** The run that could not be resumed. */
  readonly runId: string;
  /** Why (the server's answer or the network error), without the API key. */
  readonly reason: string;

  /** `what` says what failed, by default the run's creation and its read. */
  constructor(runId: string, reason: string, what = "the server could neither create it nor show that it holds it") {
    super(`run ${runId} cannot be resumed: ${what} (${reason}); nothing ran, since a resumed run never runs locally: run it again once the server answers`);
    this.name = "ResumedRunUnavailableError";
    this.runId = runId;
    this.reason = reason;
  }
}
