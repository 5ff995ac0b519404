/**
 * Field readers for untrusted request bodies: each returns the value when it has the expected type,
 * undefined when it is absent (or null, where allowed), and throws a {@link ValidationError} otherwise (a 400 reply).
 */
import { isUuid } from "@honeyhive/core/ids/uuid";
import { invalid } from "./validation-error";
import { getOwn, isPlainObject, type JsonObject } from "./json";

const MAX_STRING = 100_000;

/** Requires a JSON object body. */
export function requireObject(value: unknown, what = "the body"): JsonObject {
  if (!isPlainObject(value)) throw invalid(`${what} must be a JSON object`);
  return value;
}

/** An object field, or undefined when absent or null. */
export function optObject(body: JsonObject, key: string): JsonObject | undefined {
  const value = getOwn(body, key);
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw invalid(`"${key}" must be an object`);
  return value;
}

/** A string field, or undefined when absent or null. */
export function optString(body: JsonObject, key: string, maxLength = MAX_STRING): string | undefined {
  const value = getOwn(body, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalid(`"${key}" must be a string`);
  if (value.length > maxLength) throw invalid(`"${key}" is longer than ${maxLength} characters`);
  return value;
}

/** A finite number field (numeric strings accepted), or undefined when absent or null. */
export function optNumber(body: JsonObject, key: string): number | undefined {
  const value = getOwn(body, key);
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) throw invalid(`"${key}" must be a finite number`);
  return n;
}

/** An array-of-strings field, or undefined when absent or null. */
export function optStringArray(body: JsonObject, key: string, maxItems = 100_000): string[] | undefined {
  const value = getOwn(body, key);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw invalid(`"${key}" must be an array of strings`);
  }
  if (value.length > maxItems) throw invalid(`"${key}" has more than ${maxItems} items`);
  return value as string[];
}

/** An array field, or undefined when absent or null. */
export function optArray(body: JsonObject, key: string): unknown[] | undefined {
  const value = getOwn(body, key);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(`"${key}" must be an array`);
  return value;
}

/** Requires a UUID (any case) and returns it lowercased. */
export function requireUuid(value: unknown, what: string): string {
  if (!isUuid(value)) throw invalid(`${what} must be a UUID`);
  return value.toLowerCase();
}

/** A UUID field (lowercased), or undefined when absent or null. */
export function optUuid(body: JsonObject, key: string): string | undefined {
  const value = getOwn(body, key);
  if (value === undefined || value === null) return undefined;
  return requireUuid(value, `"${key}"`);
}

/** Accepts an object, or a JSON string encoding one (the API documents both for `session` / `event`). */
export function objectOrJsonString(value: unknown, what: string): JsonObject {
  if (typeof value === "string") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalid(`${what} is a string but not valid JSON`);
    }
    return requireObject(parsed, what);
  }
  return requireObject(value, what);
}
