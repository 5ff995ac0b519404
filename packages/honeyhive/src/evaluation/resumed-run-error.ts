/**
 * The rejection of a resumed run (`resume: true`, `honeyhive eval --resume`) that the server can neither create nor
 * show that it holds (`GET /v1/runs/{id}`): the server is down, refuses the key, or refuses the run. A resumed run is
 * read from what the server holds and never runs locally, so nothing ran; run it again once the server answers.
 */
export class ResumedRunUnavailableError extends Error {
  /** The run that could not be resumed. */
  readonly runId: string;
  /** Why the run's creation failed (the server's answer or the network error), without the API key. */
  readonly reason: string;

  constructor(runId: string, reason: string) {
    super(`run ${runId} cannot be resumed: the server could neither create it nor show that it holds it (${reason}); nothing ran, since a resumed run never runs locally: run it again once the server answers`);
    this.name = "ResumedRunUnavailableError";
    this.runId = runId;
    this.reason = reason;
  }
}
