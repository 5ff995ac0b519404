/**
 * Helpers for untrusted JSON values: plain-object checks, prototype-safe assignment and merging,
 * and a bounded nesting-depth check. Nothing here evaluates or executes stored data.
 */

/** A free-form JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a non-null, non-array object (JSON object). */
export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Assigns an own enumerable property, so that a `__proto__` key stays data and never changes a prototype. */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Reads an own property only (never an inherited one such as `constructor`). */
export function getOwn(source: unknown, key: string): unknown {
  if (typeof source !== "object" || source === null) return undefined;
  return Object.prototype.hasOwnProperty.call(source, key) ? (source as JsonObject)[key] : undefined;
}

/** Shallow merge of JSON objects, later ones winning; returns a new object. */
export function mergeObjects(...objects: readonly (JsonObject | null | undefined)[]): JsonObject {
  const out: JsonObject = {};
  for (const object of objects) {
    if (!isPlainObject(object)) continue;
    for (const key of Object.keys(object)) setOwn(out, key, object[key]);
  }
  return out;
}

/** Returns true when `value` nests arrays/objects deeper than `maxDepth` (iterative, never overflows). */
export function exceedsDepth(value: unknown, maxDepth: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; depth: number };
    if (typeof item.value !== "object" || item.value === null) continue;
    if (item.depth >= maxDepth) return true;
    const children = Array.isArray(item.value) ? item.value : Object.values(item.value as JsonObject);
    for (const child of children) {
      if (typeof child === "object" && child !== null) stack.push({ value: child, depth: item.depth + 1 });
    }
  }
  return false;
}

/** Parses JSON text stored by the server itself; returns `fallback` on any problem. */
export function parseStoredJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== "string") return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
