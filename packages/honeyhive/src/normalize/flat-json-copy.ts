/**
 * The copy of a flat object that writing it as JSON and parsing that back would give, made without the JSON. API bodies
 * take their values through `toJsonSafe` (write with {@link toJsonString}, parse back: a JSON-safe, bounded copy); the
 * common value there, a session's inputs or metadata of a few short strings and numbers, is copied here instead.
 */
import { isPlainString } from "./to-json-string";

/** Most keys copied here; a larger object takes the general path (its bounds are then checked there). */
const MAX_FLAT_KEYS = 64;

/** True when {@link toJsonString} writes `value` as itself inside an object: a plain string, a finite number, a boolean. */
function isPlainLeaf(value: unknown, maxStringBytes: number): boolean {
  switch (typeof value) {
    case "string":
      return value.length * 3 <= maxStringBytes && isPlainString(value);
    case "number":
      return value - value === 0;
    case "boolean":
      return true;
    default:
      return false;
  }
}

/**
 * `JSON.parse(toJsonString(value))` for a flat plain object: at most 64 own enumerable keys, each a plain string (not
 * `__proto__`), each value a plain string of at most 256 characters, a finite number (`-0` becomes `0`) or a boolean;
 * undefined values are left out, as JSON leaves them. Undefined for any other value (nested, null, a class instance,
 * a getter that throws…): the caller then writes and parses it. Never throws.
 */
export function flatJsonCopy(value: unknown, maxStringBytes: number): Record<string, unknown> | undefined {
  try {
    if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
    const keys = Object.keys(value);
    if (keys.length > MAX_FLAT_KEYS) return undefined;
    const copy: Record<string, unknown> = {};
    for (const key of keys) {
      if (key === "__proto__" || !isPlainString(key)) return undefined;
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      if (!isPlainLeaf(item, maxStringBytes)) return undefined;
      copy[key] = item === 0 ? 0 : item; // JSON writes -0 as 0
    }
    return copy;
  } catch {
    return undefined; // a Proxy trap or getter threw: the general path marks what it cannot read
  }
}
