/**
 * Canonical `/v1` routes first, legacy routes for older deployments: a call whose `/v1` operation the server
 * lacks (404 or 405) is sent once more to its legacy twin, and when that route answers (anything but
 * 404/405) the client remembers it and sends the legacy form directly from then on. While the first call of
 * an operation is finding out, concurrent calls of the same operation wait for its answer, so a burst (an
 * evaluation's sessions) costs one probe, not one per call.
 */
import type { Logger } from "../internal/logger";
import type { ApiCall, Requester } from "./api-call";
import type { ApiResult } from "./types";

function routeMissing(result: ApiResult<unknown>): boolean {
  return !result.ok && (result.status === 404 || result.status === 405);
}

/** Wraps a requester with the per-client legacy fallback described above. */
export function withLegacyFallback(sendOnce: Requester, logger: Logger): Requester {
  const useLegacy = new Set<string>();
  const settled = new Set<string>();
  const probing = new Map<string, Promise<void>>();

  return async <T>(call: ApiCall): Promise<ApiResult<T>> => {
    const fallback = call.fallback;
    if (!fallback) return sendOnce<T>(call);
    const operation = fallback.operation;
    const legacy: ApiCall = { ...fallback.legacy, signal: call.signal, idempotent: call.idempotent };
    const inflight = probing.get(operation);
    if (inflight) await inflight;
    if (useLegacy.has(operation)) return sendOnce<T>(legacy);
    let release: (() => void) | undefined;
    if (!settled.has(operation) && !probing.has(operation)) {
      probing.set(operation, new Promise<void>((resolve) => (release = resolve)));
    }
    try {
      const first = await sendOnce<T>(call);
      if (!routeMissing(first)) {
        if (release) settled.add(operation);
        return first;
      }
      const second = await sendOnce<T>(legacy);
      if (!routeMissing(second)) {
        useLegacy.add(operation);
        logger.debug(`server has no ${operation}; this client uses ${legacy.method} ${legacy.path} from now on`);
      }
      return second;
    } finally {
      if (release) {
        probing.delete(operation);
        release();
      }
    }
  };
}
