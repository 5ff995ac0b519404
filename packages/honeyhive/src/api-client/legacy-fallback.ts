/**
 * Canonical `/v1` routes first, legacy routes for older deployments: a call whose `/v1` operation the server
 * lacks (404 or 405) is sent once more to its legacy twin, and when that route answers (anything but
 * 404/405) the client remembers it and sends the legacy form directly from then on. While the first call of
 * an operation is finding out, concurrent calls of the same operation wait for its answer, so a burst (an
 * evaluation's sessions) costs one probe, not one per call. They wait for the probe's first answer, not for its
 * retries: once an attempt was answered with anything but 404/405 (a 503, say), the route is known and the waiting
 * calls go on with their own schedules, so a call never waits out another call's retry schedule (a `withSession`
 * session start behind the tracer's own). Attempts without any answer keep them waiting: against a backend that does
 * not answer, the probe alone finds it out and the circuit breaker then refuses the waiting calls at once, instead
 * of every one of them sending its own attempts to a dead server.
 *
 * Only a success proves a route: the legacy route is remembered when it answered 2xx (a 5xx, a 429 or no answer from
 * it says nothing, and remembering it then would send every later call to a route a current server may lack), and
 * once the `/v1` route answered 2xx, its 404 is a missing resource's (a session never started, a run not created):
 * it is returned as it is, without a second request to the legacy route.
 */
import type { Logger } from "../internal/logger";
import type { ApiCall, LegacyRoute, Requester } from "./api-call";
import type { ApiResult } from "./types";

function routeMissing(result: ApiResult<unknown>): boolean {
  return !result.ok && (result.status === 404 || result.status === 405);
}

/** The probe of one operation: the calls waiting for it go on when {@link Probe.release} is called. */
interface Probe {
  release(): void;
}

/** The legacy twin of `call`: its route, with the call's signal, idempotence, breaker wait and attempt listener (built when sent). */
function legacyCall(route: LegacyRoute, call: ApiCall): ApiCall {
  return {
    method: route.method, path: route.path, query: route.query, body: route.body, signal: call.signal, idempotent: call.idempotent, onAttempt: call.onAttempt,
    waitForBreaker: call.waitForBreaker,
  };
}

/** Wraps a requester with the per-client legacy fallback described above. */
export function withLegacyFallback(sendOnce: Requester, logger: Logger): Requester {
  const useLegacy = new Set<string>();
  const settled = new Set<string>();
  const servedByV1 = new Set<string>();
  const probing = new Map<string, Promise<void>>();

  /** Registers `operation`'s probe; its `release` lets the waiting calls go (once; later calls do not wait). */
  const startProbe = (operation: string): Probe => {
    let resolve: () => void = () => undefined;
    const waiting = new Promise<void>((done) => (resolve = done));
    probing.set(operation, waiting);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        if (probing.get(operation) === waiting) probing.delete(operation);
        resolve();
      },
    };
  };

  /** After an attempt of `operation`'s probe: an answer other than 404/405 settles the route and lets the waiting go on. */
  const afterProbeAttempt = (operation: string, probe: Probe, status: number | undefined, call: ApiCall): void => {
    call.onAttempt?.(status);
    if (status === undefined || status === 404 || status === 405) return;
    settled.add(operation);
    probe.release();
  };

  return async <T>(call: ApiCall): Promise<ApiResult<T>> => {
    const fallback = call.fallback;
    if (!fallback) return sendOnce<T>(call);
    const operation = fallback.operation;
    const inflight = probing.get(operation);
    if (inflight) await inflight;
    if (useLegacy.has(operation)) return sendOnce<T>(legacyCall(fallback.legacy, call));
    const probe = !settled.has(operation) && !probing.has(operation) ? startProbe(operation) : undefined;
    // The waiting calls go on after the probe's first answer that does not show the route missing.
    const sent: ApiCall = probe ? Object.assign({}, call, { onAttempt: (status: number | undefined) => afterProbeAttempt(operation, probe, status, call) }) : call;
    try {
      const first = await sendOnce<T>(sent);
      if (first.ok) servedByV1.add(operation);
      if (!routeMissing(first) || servedByV1.has(operation)) {
        if (probe) settled.add(operation);
        return first;
      }
      const second = await sendOnce<T>(legacyCall(fallback.legacy, call));
      if (second.ok) {
        useLegacy.add(operation);
        logger.debug(`server has no ${operation}; this client uses ${fallback.legacy.method} ${fallback.legacy.path} from now on`);
      }
      return second;
    } finally {
      probe?.release();
    }
  };
}
