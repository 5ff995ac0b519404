/**
 * The session requests (starts and updates) a session client has in flight, each with the controller that aborts it:
 * when shutdown gives up, it aborts them (all of a client's, or one session's) so that they stop being retried in the
 * background after `shutdown()` returned, as the span exports it gave up on do.
 */

/** What a request in flight is: whose session and which kind. */
interface RequestInFlight {
  readonly sessionId: string;
  readonly kind: "start" | "update";
}

/** See the module comment. */
export class SessionRequestsInFlight {
  readonly #requests = new Map<AbortController, RequestInFlight>();

  /** A request for session `sessionId` is in flight: its controller (tracked until {@link close}). */
  open(sessionId: string, kind: RequestInFlight["kind"]): AbortController {
    const controller = new AbortController();
    this.#requests.set(controller, { sessionId, kind });
    return controller;
  }

  /** The request of `controller` settled. */
  close(controller: AbortController): void {
    this.#requests.delete(controller);
  }

  /** Aborts the requests in flight (every one, or those of `sessionId`); how many starts and updates were aborted. */
  abort(sessionId?: string): { starts: number; updates: number } {
    const aborted = { starts: 0, updates: 0 };
    for (const [controller, request] of this.#requests) {
      if (sessionId !== undefined && request.sessionId !== sessionId) continue;
      this.#requests.delete(controller);
      controller.abort();
      if (request.kind === "start") aborted.starts++;
      else aborted.updates++;
    }
    return aborted;
  }
}
