import { type DecodedAttributes, type DecodedValue, MAX_VALUE_DEPTH, setDecodedAttribute } from "./decoded-span";
import { asArray, asObject, asString, decodeBase64, describe, getField, type JsonObject } from "./json-fields";
import { OtlpDecodeError } from "./otlp-decode-error";

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

function decodeInt(value: unknown, where: string): number | string {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return value;
    if (Number.isInteger(value)) {
      // OpenTelemetry JS's JSON exporter writes any integral number as intValue, even beyond int64.
      return value >= -9223372036854775808 && value < 9223372036854775808 ? BigInt(value).toString() : value;
    }
  } else if (typeof value === "string" && /^-?\d{1,20}$/.test(value)) {
    const n = BigInt(value);
    if (n >= MIN_INT64 && n <= MAX_INT64) {
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
    }
  }
  throw new OtlpDecodeError(`${where}: invalid intValue (${describe(value)})`);
}

function decodeDouble(value: unknown, where: string): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    if (value === "NaN") return NaN;
    if (value === "Infinity") return Infinity;
    if (value === "-Infinity") return -Infinity;
    const n = Number(value);
    if (value.trim() !== "" && Number.isFinite(n)) return n;
  }
  throw new OtlpDecodeError(`${where}: invalid doubleValue (${describe(value)})`);
}

/**
 * Decodes an OTLP/JSON `AnyValue`. An empty object or null gives `null`. Accepts the Python SDK's forms:
 * `intValue` as string or number, `doubleValue` as number or string (`"NaN"`, `"Infinity"`).
 */
export function decodeAnyValueJson(raw: unknown, depth: number, where: string): DecodedValue {
  if (depth > MAX_VALUE_DEPTH) throw new OtlpDecodeError(`AnyValue nested deeper than ${MAX_VALUE_DEPTH}`);
  if (raw === null || raw === undefined) return null;
  const v = asObject(raw, where);
  let x = getField(v, "stringValue", "string_value");
  if (x !== undefined && x !== null) {
    if (typeof x !== "string") throw new OtlpDecodeError(`${where}: stringValue is ${describe(x)}`);
    return x;
  }
  x = getField(v, "boolValue", "bool_value");
  if (x !== undefined && x !== null) {
    if (typeof x !== "boolean") throw new OtlpDecodeError(`${where}: boolValue is ${describe(x)}`);
    return x;
  }
  x = getField(v, "intValue", "int_value");
  if (x !== undefined && x !== null) return decodeInt(x, where);
  x = getField(v, "doubleValue", "double_value");
  if (x !== undefined && x !== null) return decodeDouble(x, where);
  x = getField(v, "arrayValue", "array_value");
  if (x !== undefined && x !== null) {
    const values = asArray(asObject(x, where).values, where);
    const out: DecodedValue[] = new Array<DecodedValue>(values.length);
    for (let i = 0; i < values.length; i++) out[i] = decodeAnyValueJson(values[i], depth + 1, where);
    return out;
  }
  x = getField(v, "kvlistValue", "kvlist_value");
  if (x !== undefined && x !== null) {
    const obj: DecodedAttributes = {};
    decodeKeyValuesJson(asObject(x, where).values, obj, depth + 1, where);
    return obj;
  }
  x = getField(v, "bytesValue", "bytes_value");
  if (x !== undefined && x !== null) {
    const bytes = typeof x === "string" ? decodeBase64(x) : undefined;
    if (bytes === undefined) throw new OtlpDecodeError(`${where}: bytesValue is not base64`);
    return bytes.toString("base64");
  }
  return null;
}

/** Decodes a JSON array of `KeyValue` objects (null/absent → nothing) into `target`. */
export function decodeKeyValuesJson(raw: unknown, target: DecodedAttributes, depth: number, where: string): void {
  const list = asArray(raw, where);
  for (let i = 0; i < list.length; i++) {
    const kv: JsonObject = asObject(list[i], where);
    const key = asString(kv.key, `${where} key`);
    setDecodedAttribute(target, key, decodeAnyValueJson(kv.value, depth, where));
  }
}
