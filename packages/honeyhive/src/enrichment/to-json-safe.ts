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
