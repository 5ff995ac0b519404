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

type ValueDecoder = (x: unknown, depth: number, where: string) => DecodedValue;

function decodeString(x: unknown, _depth: number, where: string): DecodedValue {
  if (typeof x !== "string") throw new OtlpDecodeError(`${where}: stringValue is ${describe(x)}`);
  return x;
}

function decodeBool(x: unknown, _depth: number, where: string): DecodedValue {
  if (typeof x !== "boolean") throw new OtlpDecodeError(`${where}: boolValue is ${describe(x)}`);
  return x;
}

function decodeArray(x: unknown, depth: number, where: string): DecodedValue {
  const values = asArray(asObject(x, where).values, where);
  const out: DecodedValue[] = new Array<DecodedValue>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = decodeAnyValueJson(values[i], depth + 1, where);
  return out;
}

function decodeKvList(x: unknown, depth: number, where: string): DecodedValue {
  const obj: DecodedAttributes = {};
  decodeKeyValuesJson(asObject(x, where).values, obj, depth + 1, where);
  return obj;
}

function decodeBytes(x: unknown, _depth: number, where: string): DecodedValue {
  const bytes = typeof x === "string" ? decodeBase64(x) : undefined;
  if (bytes === undefined) throw new OtlpDecodeError(`${where}: bytesValue is not base64`);
  return bytes.toString("base64");
}

/** The AnyValue cases in the order they are tried: camelCase and snake_case field names, and each decoder. */
const VALUE_CASES: readonly (readonly [string, string, ValueDecoder])[] = [
  ["stringValue", "string_value", decodeString],
  ["boolValue", "bool_value", decodeBool],
  ["intValue", "int_value", (x, _d, where) => decodeInt(x, where)],
  ["doubleValue", "double_value", (x, _d, where) => decodeDouble(x, where)],
  ["arrayValue", "array_value", decodeArray],
  ["kvlistValue", "kvlist_value", decodeKvList],
  ["bytesValue", "bytes_value", decodeBytes],
];

/**
 * Decodes an OTLP/JSON `AnyValue`. An empty object or null gives `null`. Accepts the Python SDK's forms:
 * `intValue` as string or number, `doubleValue` as number or string (`"NaN"`, `"Infinity"`).
 */
function decodeAnyValueJson(raw: unknown, depth: number, where: string): DecodedValue {
  if (depth > MAX_VALUE_DEPTH) throw new OtlpDecodeError(`AnyValue nested deeper than ${MAX_VALUE_DEPTH}`);
  if (raw === null || raw === undefined) return null;
  const v = asObject(raw, where);
  for (const [camel, snake, decode] of VALUE_CASES) {
    const x = getField(v, camel, snake);
    if (x !== undefined && x !== null) return decode(x, depth, where);
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
