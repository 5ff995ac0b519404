import { describeError } from "../internal/safe-invoke";
import { noteInternalError } from "../internal/guard";
import type { ApiResult } from "./types";

function failed(error: unknown): ApiResult<never> {
  noteInternalError(error);
  return { ok: false, error: `the request could not be built: ${describeError(error)}` };
}

/**
 * Wraps every method of one API group so that it keeps the client's promise: it resolves to an `ApiResult` and never
 * throws or rejects, even when the arguments are hostile (a throwing getter or Proxy while the body is built).
 */
export function neverThrows<T extends object>(api: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(api)) {
    if (typeof method !== "function") continue;
    wrapped[name] = (...args: unknown[]): Promise<ApiResult<unknown>> => {
      try {
        return Promise.resolve((method as (...a: unknown[]) => Promise<ApiResult<unknown>>)(...args)).catch(failed);
      } catch (error) {
        return Promise.resolve(failed(error));
      }
    };
  }
  return Object.freeze(wrapped) as T;
}
