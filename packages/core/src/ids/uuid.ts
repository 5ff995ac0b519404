import { noteFallback } from "../fallbacks/fallback-notes";
import { randomUUID } from "./random";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID in canonical 8-4-4-4-12 hex form (any case). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/**
 * A new random (v4) UUID in lowercase: Web Crypto's `randomUUID` (every supported runtime has it), else built from
 * random bytes with one noted fallback. Loads no runtime, so the dev server can share it.
 */
export function newUuid(): string {
  return randomUUID(noteFallback);
}

/** Lowercases a valid UUID; returns undefined for anything else. */
export function normalizeUuid(value: unknown): string | undefined {
  return isUuid(value) ? value.toLowerCase() : undefined;
}
