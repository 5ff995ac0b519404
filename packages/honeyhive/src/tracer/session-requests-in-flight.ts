import { CallStop } from "../internal/call-stop";

/**
 * The session requests (starts and updates) a session client has in flight, each with the stop that aborts it (a
 * `CallStop`, not an `AbortController`: no EventTarget and no listener per request, about 10 µs each on Node 20):
 * when shutdown gives up, it aborts them (all of a client's, or one session's) so that they stop being retried in the
 * background after `shutdown()` returned, as the span exports it gave up on do. Kept by session: evaluate()'s datapoint
 * tracers share one client and each shutdown aborts its own session's, so that lookup must not scan the others.
 */

/** Which kind of request a stop ends. */
type RequestKind = "start" | "update";

/** See the module comment. */
export class SessionRequestsInFlight {
  readonly #bySession = new Map<string, Map<CallStop, RequestKind>>();
  readonly #sessionOf = new Map<CallStop, string>();

  /** A request for session `sessionId` is in flight: its stop (tracked until {@link close}). */
  open(sessionId: string, kind: RequestKind): CallStop {
    const stop = new CallStop();
    let requests = this.#bySession.get(sessionId);
    if (requests === undefined) this.#bySession.set(sessionId, (requests = new Map()));
    requests.set(stop, kind);
    this.#sessionOf.set(stop, sessionId);
    return stop;
  }

  /** The request of `stop` settled. */
  close(stop: CallStop): void {
    const sessionId = this.#sessionOf.get(stop);
    if (sessionId === undefined) return;
    this.#sessionOf.delete(stop);
    const requests = this.#bySession.get(sessionId);
    requests?.delete(stop);
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
      for (const [stop, kind] of requests) {
        this.#sessionOf.delete(stop);
        stop.stop(abortReason());
        if (kind === "start") aborted.starts++;
        else aborted.updates++;
      }
    }
    return aborted;
  }
}

/** Why an abandoned request stopped: the error `AbortController.abort()` gives, so logs and outcomes read as before. */
function abortReason(): Error {
  return new DOMException("This operation was aborted", "AbortError");
}
