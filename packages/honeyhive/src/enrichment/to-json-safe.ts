import { toJsonString } from "../normalize";
import { DEFAULT_MAX_VALUE_BYTES } from "../normalize/budget";
import { plainJsonCopy } from "../normalize/plain-json-copy";
import { truncateUtf8 } from "../normalize/strings";

const MAX_BYTES = 1_000_000;

/**
 * A string as the SDK sends it in an API body: cut like a string of an object value (and a span attribute) once longer
 * than 131072 UTF-8 bytes (`…[truncated N bytes]`). Strings of at most a third of that many code units are not measured.
 */
function apiString(value: string): string {
  return value.length * 3 > DEFAULT_MAX_VALUE_BYTES ? truncateUtf8(value, DEFAULT_MAX_VALUE_BYTES) : value;
}

/**
 * A JSON-compatible, bounded copy of any value (cycles, BigInt, Maps… handled by the normaliser); never throws. The
 * one rule of every value the SDK sends in an API body (a session's start, a session's update): each string, a bare
 * one or one inside an object, is cut at 131072 UTF-8 bytes like a span attribute, and a whole value is at most 1 MB
 * of JSON (beyond that, its JSON text cut there, ending with `…[truncated]`).
 */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === "string") return apiString(value);
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  const plain = plainJsonCopy(value, DEFAULT_MAX_VALUE_BYTES); // a small plain value: its copy, no JSON written
  if (plain !== undefined) return plain;
  let text: string | undefined;
  try {
    text = toJsonString(value, MAX_BYTES);
    return JSON.parse(text) as unknown;
  } catch {
    if (text !== undefined) return text; // cut by the 1 MB bound: no longer JSON, kept as its (bounded) text
    try {
      return apiString(String(value));
    } catch {
      return "[unserialisable]";
    }
  }
}

/**
 * `value` itself when `JSON.stringify` can write it, else {@link toJsonSafe}'s copy (a BigInt as text, a cycle marked,
 * bounded): only a value that would fail serialisation is changed, so a report it is part of cannot fail, and every
 * other value is written whole. Not for API bodies (those go through {@link toJsonSafe}, which also bounds them).
 */
export function jsonSafeWhenNeeded(value: unknown): unknown {
  try {
    JSON.stringify(value);
    return value;
  } catch {
    return toJsonSafe(value);
  }
}
