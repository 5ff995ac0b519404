/**
 * Readers for what the SQLite store reads back (columns and fields of stored JSON documents). Stored data is
 * untrusted, damaged or written by another version: each reader returns its fallback for a value of the wrong kind.
 */
import { isPlainObject, parseStoredJson, type JsonObject } from "../domain/json";

/** `value` when it is a string, else `fallback`. */
export function storedText<F>(value: unknown, fallback: F): string | F {
  return typeof value === "string" ? value : fallback;
}

/** An ISO timestamp field; the epoch when it is missing. */
export function storedTime(value: unknown): string {
  return typeof value === "string" ? value : EPOCH;
}

const EPOCH = new Date(0).toISOString();

/** The strings of an array field (other items dropped); empty when it is not an array. */
export function storedStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** A finite number, else null. */
export function storedNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** JSON text of an object column; `{}` when it is missing, unreadable or not an object. */
export function storedObject(text: unknown): JsonObject {
  if (text === "{}") return {}; // most stored objects: no parse
  const value = parseStoredJson<unknown>(text, {});
  return isPlainObject(value) ? value : {};
}
