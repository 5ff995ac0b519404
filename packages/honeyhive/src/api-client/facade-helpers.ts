/** Helpers of the `HoneyHive` class's 1.x-style groups: results into values or thrown errors, and 1.x argument orders. */
import { withCamelAliases } from "./case-keys";
import { HoneyHiveApiError } from "./honeyhive-api-error";
import { MissingApiKeyError } from "./api-key-errors";
import type { ApiFailure, ApiResult } from "./types";

/** The id and the body of a call that takes them in either order: `(id, body)`, or the old client's `(body, id)`. */
export function idAndBody<B>(a: unknown, b: unknown): [string, B] {
  return typeof a === "string" ? [a, b as B] : [b as string, a as B];
}

/** The error a failed result throws: a {@link MissingApiKeyError} when no key could be sent, else a {@link HoneyHiveApiError}. */
export function errorOf(result: ApiFailure): HoneyHiveApiError {
  if (result.missingApiKey !== undefined) return new MissingApiKeyError(result.missingApiKey, result.error);
  return new HoneyHiveApiError(result.error, result.status, {
    ...(result.serverMessage !== undefined ? { serverMessage: result.serverMessage } : {}),
    ...(result.errorCode !== undefined ? { errorCode: result.errorCode } : {}),
  });
}

/** The data of a result with camelCase aliases (also inside `nested` objects), or a thrown {@link HoneyHiveApiError}. */
export function unwrap<T>(result: ApiResult<T>, nested: readonly string[] = []): T {
  if (!result.ok) throw errorOf(result);
  return withCamelAliases(result.data, nested);
}

/** The array a list call answered, each item with camelCase aliases (an empty array when the answer is no array). */
export function unwrapList<T>(result: ApiResult<unknown>, field?: string): T[] {
  const data = unwrap(result as ApiResult<unknown>);
  const list = field !== undefined && typeof data === "object" && data !== null ? (data as Record<string, unknown>)[field] : data;
  return Array.isArray(list) ? list.map((item) => withCamelAliases(item) as T) : [];
}

/** `data` with camelCase aliases on each object of its array `field` too (a list answer: 1.x read `datapoints[0].groundTruth`). */
export function withAliasedItems<T>(data: T, field: string, nested: readonly string[] = []): T {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return data;
  const list = (data as Record<string, unknown>)[field];
  if (!Array.isArray(list)) return data;
  const items = list.map((item) => withCamelAliases(item, nested));
  const out = { ...data, [field]: items } as Record<string, unknown>;
  return out as T;
}
