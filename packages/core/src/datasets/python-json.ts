/**
 * A faithful emulation of CPython's `json.dumps(value, sort_keys=True)` with its defaults
 * (`ensure_ascii=True`, `allow_nan=True`, separators `", "` and `": "`), so that hashes of the text match
 * the Python SDK byte for byte.
 *
 * JavaScript cannot tell `1.0` from `1`: every number that is an integer prints as a Python `int`
 * (`1`, `10000000000000000`, never `1.0` or `1e+16`), exactly as Python prints an `int`. Other numbers print
 * as Python's `repr(float)` (shortest round-trip digits; exponent form below 1e-4). `-0` prints as `0`.
 * NaN and ±Infinity print as `NaN`, `Infinity`, `-Infinity`. A `bigint` prints as a Python `int`. A
 * `LosslessNumber` (from `lossless-json`, as the SDK's `loadDataset` reads files; recognised by the marker
 * `lossless-json`'s own `isLosslessNumber` reads, so this module needs no dependency) prints exactly as Python prints the
 * same JSON literal after `json.loads` (`1.0`, `-0.0`, `1e+16`, `100000.0`, big integers), see
 * {@link pythonNumberFromSource}. Holes in arrays print as `null`.
 * Values JSON cannot represent follow `JSON.stringify`: `toJSON()` is honoured, `undefined`, functions and
 * symbols are left out of objects and become `null` in arrays. Cyclic structures throw a `TypeError`.
 */

/** A number kept as its JSON source text (`lossless-json`'s `LosslessNumber`). */
interface SourceNumber {
  readonly value: string;
}

/** The shared symbol every copy of `lossless-json` marks its numbers with (its own `isLosslessNumber` reads it). */
const LOSSLESS_NUMBER_MARKER = Symbol.for("lossless-json.LosslessNumber");

/** True for a `LosslessNumber`, by the check `lossless-json` itself makes. */
function isSourceNumber(value: unknown): value is SourceNumber {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[LOSSLESS_NUMBER_MARKER] === true;
}

/** Python's `json` string escaping with `ensure_ascii=True` (lowercase `\uXXXX`, surrogate pairs as two escapes). */
export function pythonJsonString(text: string): string {
  let out = '"';
  let plainStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e && code !== 0x22 && code !== 0x5c) continue;
    out += text.slice(plainStart, i) + escapeUnit(code);
    plainStart = i + 1;
  }
  return `${out}${text.slice(plainStart)}"`;
}

function escapeUnit(code: number): string {
  switch (code) {
    case 0x22: return '\\"';
    case 0x5c: return "\\\\";
    case 0x0a: return "\\n";
    case 0x0d: return "\\r";
    case 0x09: return "\\t";
    case 0x08: return "\\b";
    case 0x0c: return "\\f";
    default: return `\\u${code.toString(16).padStart(4, "0")}`;
  }
}

/** Python's text for a JavaScript number: `int` digits for integral values, else `repr(float)`. */
export function pythonNumber(value: number): string {
  if (Number.isInteger(value)) return BigInt(value).toString();
  return pythonFloat(value);
}

/** Python's `repr(float)` (what `json.dumps` prints for a float): `1.0`, `-0.0`, `1e+16`, `1e-05`, `NaN`. */
function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  // toExponential() without an argument gives the shortest digits that round-trip, like Python's repr.
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const body = reprDigits(mantissa.replace("-", "").replace(".", ""), Number(exponentText));
  return mantissa.startsWith("-") ? `-${body}` : body;
}

/** Python's layout of shortest digits `d1d2…` times 10^exponent: exponent form outside [1e-4, 1e16). */
function reprDigits(digits: string, exponent: number): string {
  const decimalPoint = exponent + 1; // position of the decimal point relative to the digits
  if (decimalPoint <= -4 || decimalPoint > 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    return `${digits[0]}${fraction}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (decimalPoint <= 0) return `0.${"0".repeat(-decimalPoint)}${digits}`;
  return `${digits.slice(0, decimalPoint).padEnd(decimalPoint, "0")}.${digits.slice(decimalPoint) || "0"}`;
}

const JSON_INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/**
 * What CPython's `json.dumps(json.loads(text))` prints for the JSON number literal `text`: an integer literal
 * is a Python `int` (any size; `-0` is `0`), any other literal (`1.0`, `-0.0`, `1E5`, `1e16`) a `float`.
 */
export function pythonNumberFromSource(text: string): string {
  return JSON_INTEGER.test(text) ? BigInt(text).toString() : pythonFloat(Number(text));
}

/** Compares two strings by Unicode code point, as Python compares `str` (JS's `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
  }
  return (a.length - i) - (b.length - i);
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

const NOT_SCALAR = Symbol("not a scalar");

/** A scalar as Python prints it; undefined for values JSON omits; `NOT_SCALAR` for objects and arrays. */
function serializeScalar(value: unknown): string | undefined | typeof NOT_SCALAR {
  if (value === null) return "null";
  switch (typeof value) {
    case "string": return pythonJsonString(value);
    case "number": return pythonNumber(value);
    case "boolean": return value ? "true" : "false";
    case "bigint": return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
    default:
      return NOT_SCALAR;
  }
}


/** True when some key holds a UTF-16 surrogate (there code unit order and code point order can differ). */
function hasSurrogate(keys: readonly string[]): boolean {
  for (const k of keys) {
    for (let i = 0; i < k.length; i++) if (k.charCodeAt(i) >= 0xd800) return true;
  }
  return false;
}

/** True when `keys` are in code unit order already (an object built in sorted order, such as a canonical entry). */
function inCodeUnitOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

/**
 * Keys in Python's order (by code point). Without a surrogate in any key (almost always), code unit order is code
 * point order and the built-in comparison sorts them (unless they are in that order already: a sort allocates, and
 * every dataset row is printed per run); else {@link compareCodePoints} does.
 */
function sortedKeys(keys: string[]): string[] {
  if (keys.length < 2) return keys;
  if (hasSurrogate(keys)) return keys.sort(compareCodePoints);
  return inCodeUnitOrder(keys) ? keys : keys.sort();
}

/**
 * An array or object, its keys sorted by code point; throws a `TypeError` on cycles. The text is built by
 * concatenation (no array of parts per container): every dataset row is printed once or twice per `evaluate()` run.
 */
function serializeContainer(object: object, stack: Set<object>): string {
  if (stack.has(object)) throw new TypeError("Circular reference detected");
  stack.add(object);
  try {
    if (Array.isArray(object)) {
      let out = "[";
      // A loop, not map(): map() skips holes, and a hole is written as null (as JSON.stringify does).
      for (let index = 0; index < object.length; index++) {
        out += `${index > 0 ? ", " : ""}${serialize(object[index], stack, String(index)) ?? "null"}`;
      }
      return `${out}]`;
    }
    const record = object as Record<string, unknown>;
    let out = "{";
    for (const k of sortedKeys(Object.keys(record))) {
      const value = record[k];
      if (isOmitted(value)) continue;
      const text = serialize(value, stack, k);
      if (text !== undefined) out += `${out.length > 1 ? ", " : ""}${pythonJsonString(k)}: ${text}`;
    }
    return `${out}}`;
  } finally {
    stack.delete(object);
  }
}

function serialize(value: unknown, stack: Set<object>, key: string): string | undefined {
  if (isSourceNumber(value)) return pythonNumberFromSource(value.value);
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  const scalar = serializeScalar(value);
  return scalar === NOT_SCALAR ? serializeContainer(value as object, stack) : scalar;
}

/**
 * `json.dumps(value, sort_keys=True)` as CPython prints it (see the module comment for the number rules).
 * Returns `"null"` for a top-level `undefined`; throws a `TypeError` on cycles.
 */
export function pythonJsonDumps(value: unknown): string {
  const text = serialize(value, new Set(), "") ?? "null";
  // Indexing a string joined from pieces makes V8 flatten it in place: kept (a dataset row's source, a canonical entry),
  // the tree of pieces would weigh several times the text.
  text.charCodeAt(0);
  return text;
}
