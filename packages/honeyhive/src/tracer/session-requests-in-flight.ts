/**
 * The session requests (starts and updates) a session client has in flight, each with the controller that aborts it:
 * when shutdown gives up, it aborts them (all of a client's, or one session's) so that they stop being retried in the
 * background after `shutdown()` returned, as the span exports it gave up on do. Kept by session: evaluate()'s datapoint
 * tracers share one client and each shutdown aborts its own session's, so that lookup must not scan the others.
 */

/** Which kind of request a controller aborts. */
type RequestKind = "start" | "update";

/** See the module comment. */
export class SessionRequestsInFlight {
  readonly #bySession = new Map<string, Map<AbortController, RequestKind>>();
  readonly #sessionOf = new Map<AbortController, string>();

  /** A request for session `sessionId` is in flight: its controller (tracked until {@link close}). */
  open(sessionId: string, kind: RequestKind): AbortController {
    const controller = new AbortController();
    let requests = this.#bySession.get(sessionId);
    if (requests === undefined) this.#bySession.set(sessionId, (requests = new Map()));
    requests.set(controller, kind);
    this.#sessionOf.set(controller, sessionId);
    return controller;
  }

  /** The request of `controller` settled. */
  close(controller: AbortController): void {
    const sessionId = this.#sessionOf.get(controller);
    if (sessionId === undefined) return;
    this.#sessionOf.delete(controller);
    const requests = this.#bySession.get(sessionId);
    requests?.delete(controller);
    if (requests?.size === 0) this.#bySession.delete(sessionId);
  }

  /** Aborts the requests in flight (every one, or those of `sessionId`); how many starts and updates were aborted. */
  abort(sessionId?: string): { starts: number; updates: number } {
    const aborted = { starts: 0, updates: 0 };
    const sessions = sessionId === undefined ? [...this.#bySession.keys()] : [sessionId];
    for (const id of sessions) {
      const requests = this.#bySession.get(id);
      if (requests === undefined) continue;
      this.#bySession.delete(id);
      for (const [controller, kind] of requests) {
        this.#sessionOf.delete(controller);
        controller.abort();
        if (kind === "start") aborted.starts++;
        else aborted.updates++;
      }
    }
    return aborted;
  }
}
