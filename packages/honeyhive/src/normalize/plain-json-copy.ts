/**
 * The copy of a small plain value that writing it as JSON and parsing that back would give, made without the JSON. API
 * bodies take their values through `toJsonSafe` (write with {@link toJsonString}, parse back: a JSON-safe, bounded
 * copy); the common values there, a session's inputs, metadata, outputs and ground truth of a few short strings and
 * numbers, are copied here instead.
 */
import { isPlainString } from "./to-json-string";

/** Most object entries and array items copied here, all levels together; a larger value takes the general path. */
const MAX_ENTRIES = 64;
/** Deepest container copied here (the value itself is depth 0); a deeper one takes the general path. */
const MAX_DEPTH = 4;

/** Returned when a value is not one this copy makes. */
const DECLINED: unique symbol = Symbol("declined");

/** How many entries the copy may still take. */
interface Room {
  left: number;
}

/**
 * `JSON.parse(toJsonString(value))` for a small plain value: plain objects (prototype `Object.prototype`; own enumerable
 * keys that are plain strings, not `__proto__`) and arrays (prototype `Array.prototype`), at most 4 levels deep and 64
 * entries in all, whose leaves are plain strings of at most 256 characters, finite numbers (`-0` becomes `0`) or
 * booleans; an object's undefined values are left out, as JSON leaves them. Undefined for any other value (null inside,
 * a class instance, a `toJSON` method, an undefined array item, a getter that throws…): the caller then writes and
 * parses it. Never throws.
 */
export function plainJsonCopy(value: unknown, maxStringBytes: number): Record<string, unknown> | unknown[] | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  try {
    const copy = copyContainer(value, 0, { left: MAX_ENTRIES }, maxStringBytes);
    return copy === DECLINED ? undefined : copy;
  } catch {
    return undefined; // a Proxy trap or getter threw: the general path marks what it cannot read
  }
}

/** The copy of one entry's value; `DECLINED` when it is not plain. */
function copyValue(value: unknown, depth: number, room: Room, maxStringBytes: number): unknown {
  switch (typeof value) {
    case "string":
      return value.length * 3 <= maxStringBytes && isPlainString(value) ? value : DECLINED;
    case "number":
      return value - value !== 0 ? DECLINED : value === 0 ? 0 : value; // JSON writes -0 as 0
    case "boolean":
      return value;
    case "object":
      return value === null ? DECLINED : copyContainer(value, depth, room, maxStringBytes);
    default:
      return DECLINED;
  }
}

function copyContainer(value: object, depth: number, room: Room, maxStringBytes: number): Record<string, unknown> | unknown[] | typeof DECLINED {
  if (depth > MAX_DEPTH) return DECLINED;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype && Array.isArray(value)) return copyArray(value as unknown[], depth, room, maxStringBytes);
  if (proto !== Object.prototype) return DECLINED;
  const keys = Object.keys(value);
  if ((room.left -= keys.length) < 0) return DECLINED;
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === "__proto__" || !isPlainString(key)) return DECLINED;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const copied = copyValue(item, depth + 1, room, maxStringBytes);
    if (copied === DECLINED) return DECLINED;
    copy[key] = copied;
  }
  return copy;
}

function copyArray(value: unknown[], depth: number, room: Room, maxStringBytes: number): unknown[] | typeof DECLINED {
  const n = value.length;
  if ((room.left -= n) < 0) return DECLINED;
  const copy: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const copied = copyValue(value[i], depth + 1, room, maxStringBytes);
    if (copied === DECLINED) return DECLINED;
    copy.push(copied);
  }
  return copy;
}
