import { isHexString } from "@honeyhive/core/otlp/hex";
import { OtlpDecodeError } from "./otlp-decode-error";

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** The value of a field under its lowerCamelCase name, or else its proto snake_case name. */
export function getField(obj: JsonObject, camel: string, snake?: string): unknown {
  const v = obj[camel];
  return v === undefined && snake !== undefined ? obj[snake] : v;
}

/** `value` as an object, or throws. */
export function asObject(value: unknown, where: string): JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new OtlpDecodeError(`${where}: expected an object, got ${describe(value)}`);
  }
  return value as JsonObject;
}

/** `value` as an array (null/absent → empty), or throws. */
export function asArray(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError(`${where}: expected an array, got ${describe(value)}`);
  return value;
}

/** `value` as a string (null/absent → ""), or throws. */
export function asString(value: unknown, where: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw new OtlpDecodeError(`${where}: expected a string, got ${describe(value)}`);
  return value;
}

/** A uint32 given as a JSON number or decimal string (null/absent → 0), or throws. */
export function asUint32(value: unknown, where: string): number {
  if (value === undefined || value === null) return 0;
  const n = typeof value === "string" && /^\d{1,10}$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new OtlpDecodeError(`${where}: expected an unsigned 32-bit integer, got ${describe(value)}`);
  }
  return n;
}

const MAX_UINT64 = 0xffffffffffffffffn;

/** A uint64 nanosecond timestamp given as a decimal string or JSON number (null/absent → 0n), or throws. */
export function asNanos(value: unknown, where: string): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === "string" && /^\d{1,20}$/.test(value)) {
    const n = BigInt(value);
    if (n <= MAX_UINT64) return n;
  } else if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 1.8446744073709552e19) {
    return BigInt(value);
  }
  throw new OtlpDecodeError(`${where}: expected a uint64 timestamp, got ${describe(value)}`);
}

/**
 * An enum given as an integer, a decimal string or one of `names` (index = value); null/absent → 0.
 */
export function asEnum(value: unknown, names: readonly string[], where: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === "number" && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) return value;
  if (typeof value === "string") {
    const index = names.indexOf(value);
    if (index >= 0) return index;
    if (/^\d{1,9}$/.test(value)) return Number(value);
  }
  throw new OtlpDecodeError(`${where}: unknown enum value ${describe(value)}`);
}

const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

/** Decodes base64 (standard or URL-safe, padded or not), or returns undefined when it is not base64. */
export function decodeBase64(value: string): Buffer | undefined {
  if (!BASE64.test(value)) return undefined;
  return Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

/**
 * A trace/span id given as hex (spec) or base64 (protobuf JSON mapping), as lowercase hex. Null, absent
 * and empty give "". `bytes` is the id's expected size (16 or 8).
 */
export function asId(value: unknown, bytes: number, where: string): string {
  const s = asString(value, where);
  if (s === "") return "";
  if (s.length === bytes * 2 && isHexString(s)) return s.toLowerCase();
  const decoded = decodeBase64(s);
  if (decoded !== undefined && decoded.length === bytes) return decoded.toString("hex");
  if (isHexString(s)) return s.toLowerCase();
  throw new OtlpDecodeError(`${where}: not a hex or base64 id`);
}

/** A short description of a JSON value's type for error messages (never the value itself). */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
