import { toJsonString } from "../normalize";

const MAX_BYTES = 1_000_000;

/** A JSON-compatible copy of any value (cycles, BigInt, Maps… handled by the normaliser); never throws. */
export function toJsonSafe(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  try {
    return JSON.parse(toJsonString(value, MAX_BYTES)) as unknown;
  } catch {
    try {
      return String(value);
    } catch {
      return "[unserialisable]";
    }
  }
}

/**
 * `value` itself when `JSON.stringify` can write it, else {@link toJsonSafe}'s copy (a BigInt as text, a cycle marked,
 * bounded): only a value that would fail serialisation is changed, so a request or report it is part of cannot fail,
 * and every other value is written whole.
 */
export function jsonSafeWhenNeeded(value: unknown): unknown {
  try {
    JSON.stringify(value);
    return value;
  } catch {
    return toJsonSafe(value);
  }
}
