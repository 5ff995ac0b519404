/**
 * Classifies one arbitrary value as a leaf (with its attribute value) or a container to expand. Shared by
 * the flattener and the JSON serialiser so both treat hostile values the same way. Never throws.
 */
import { normalizeKey, normalizeString, unreadableMarker } from "./strings";
import { noteInternalError } from "../internal/guard";
import { runtime } from "../runtime/platform";

/** Kind: nothing to write (`null`, `undefined`, or a `toJSON` that returned nothing). */
export const KIND_SKIP = 0;
/** Kind: a leaf; `value` is the string, number or boolean to write. */
export const KIND_LEAF = 1;
/** Kind: an object read by its own enumerable string keys. */
export const KIND_OBJECT = 2;
/** Kind: an array (or array Proxy), read by index up to `length`. */
export const KIND_ARRAY = 3;
/** Kind: a Map, read through the intrinsic entries iterator. */
export const KIND_MAP = 4;
/** Kind: a Set, read through the intrinsic values iterator, by index. */
export const KIND_SET = 5;

/** A reusable slot filled by {@link classify}. */
export interface Classified {
  kind: number;
  /** Leaf: the string/number/boolean to write. Container: the object to expand (after `toJSON`). */
  value: unknown;
  /** Container: the original object, used for cycle detection. */
  source: object | undefined;
}

/** A fresh slot for {@link classify}. */
export function newClassified(): Classified {
  return { kind: KIND_SKIP, value: undefined, source: undefined };
}

type Getter = (this: unknown) => unknown;

function intrinsicGetter(proto: object | undefined, key: PropertyKey): Getter | undefined {
  if (proto === undefined) return undefined;
  const get = Object.getOwnPropertyDescriptor(proto, key)?.get;
  return get as Getter | undefined;
}

const TYPED_ARRAY_PROTO = Object.getPrototypeOf(Uint8Array.prototype) as object;
const typedArrayTag = intrinsicGetter(TYPED_ARRAY_PROTO, Symbol.toStringTag);
const typedArrayLength = intrinsicGetter(TYPED_ARRAY_PROTO, "length");
const dataViewByteLength = intrinsicGetter(DataView.prototype, "byteLength");
const arrayBufferByteLength = intrinsicGetter(ArrayBuffer.prototype, "byteLength");
const SharedBuffer = typeof SharedArrayBuffer === "function" ? SharedArrayBuffer : undefined;
const sharedByteLength = intrinsicGetter(SharedBuffer?.prototype, "byteLength");
const NodeBuffer = (globalThis as { Buffer?: abstract new (...args: never[]) => unknown }).Buffer;
const BIGINT_LIMIT = 1n << 32768n;

/** Finite numbers as-is (`-0` → `0`); `NaN`, `Infinity`, `-Infinity` as those strings. */
export function numberLeaf(n: number): number | string {
  if (n - n === 0) return n === 0 ? 0 : n;
  return n !== n ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
}

/** Decimal string of a BigInt; beyond ±2^32768 the fixed `"[BigInt: too large]"` (conversion is superlinear). */
export function bigintLeaf(b: bigint, maxStringBytes: number): string {
  const text = b > BIGINT_LIMIT || b < -BIGINT_LIMIT ? "[BigInt: too large]" : b.toString();
  return normalizeString(text, maxStringBytes);
}

/** `"[Function: name]"`, or `"[Function: anonymous]"`. */
export function functionLeaf(fn: unknown, maxStringBytes: number): string {
  let name = "";
  try {
    const n = (fn as { name?: unknown }).name;
    if (typeof n === "string") name = n;
  } catch (error) {
    noteInternalError(error); // a throwing static `name` getter: treat as anonymous
  }
  return normalizeString("[Function: " + (name === "" ? "anonymous" : name) + "]", maxStringBytes);
}

function errorLeaf(error: object): string {
  let name = "Error";
  let message = "";
  try {
    const n = (error as { name?: unknown }).name;
    if (typeof n === "string" && n !== "") name = n;
  } catch (error) {
    noteInternalError(error); // keep "Error"
  }
  try {
    const m = (error as { message?: unknown }).message;
    if (typeof m === "string") message = m;
    else if (typeof m === "number" || typeof m === "boolean" || typeof m === "bigint") message = String(m);
  } catch (error) {
    noteInternalError(error); // keep ""
  }
  return message === "" ? name : name + ": " + message;
}

/** Smallest and largest bytes written as a data URI for the attachment stage (its default threshold; its size limit). */
const PAYLOAD_MIN_BYTES = 16 * 1024;
const PAYLOAD_MAX_BYTES = 32 * 1024 * 1024;

/**
 * A `Uint8Array` (or `Buffer`) or `ArrayBuffer` of 16 KiB to 32 MB as a data URI, which the export pipeline's
 * attachment stage replaces by a reference (its type comes from the bytes); undefined for any other value.
 */
function payloadUri(v: object, tag: string | undefined): string | undefined {
  let bytes: Uint8Array | undefined;
  if (tag === "Uint8Array") {
    const length = typedArrayLength?.call(v);
    if (typeof length === "number" && length >= PAYLOAD_MIN_BYTES && length <= PAYLOAD_MAX_BYTES) bytes = v as Uint8Array;
  } else if (tag === undefined && v instanceof ArrayBuffer) {
    const length = arrayBufferByteLength?.call(v);
    if (typeof length === "number" && length >= PAYLOAD_MIN_BYTES && length <= PAYLOAD_MAX_BYTES) bytes = new Uint8Array(v);
  }
  if (bytes === undefined) return undefined;
  try {
    return "data:application/octet-stream;base64," + runtime.attachmentBytes.encodeBase64(bytes);
  } catch (error) {
    noteInternalError(error); // a detached buffer: written as its label
    return undefined;
  }
}

function binaryLeaf(v: object): string {
  if (ArrayBuffer.isView(v)) {
    const tag = typedArrayTag?.call(v);
    const payload = payloadUri(v, typeof tag === "string" ? tag : "");
    if (payload !== undefined) return payload;
    if (typeof tag === "string") {
      const label = NodeBuffer !== undefined && v instanceof NodeBuffer ? "Buffer" : tag;
      return "[" + label + "(" + String(typedArrayLength?.call(v)) + ")]";
    }
    return "[DataView(" + String(dataViewByteLength?.call(v)) + ")]";
  }
  if (SharedBuffer !== undefined && v instanceof SharedBuffer) {
    return "[SharedArrayBuffer(" + String(sharedByteLength?.call(v)) + ")]";
  }
  return payloadUri(v, undefined) ?? "[ArrayBuffer(" + String(arrayBufferByteLength?.call(v)) + ")]";
}

function setLeaf(out: Classified, value: string | number | boolean): void {
  out.kind = KIND_LEAF;
  out.value = value;
  out.source = undefined;
}

function setContainer(out: Classified, kind: number, value: object, source: object): void {
  out.kind = kind;
  out.value = value;
  out.source = source;
}

function isBinary(v: object): boolean {
  return ArrayBuffer.isView(v) || v instanceof ArrayBuffer || (SharedBuffer !== undefined && v instanceof SharedBuffer);
}

/**
 * Fills `out` for a built-in object read by its intrinsics (Date, Error, Map, Set, binary data, boxed primitives,
 * RegExp); false when `v` is none of them.
 */
function classifyBuiltin(v: object, source: object, out: Classified, maxStr: number): boolean {
  if (v instanceof Date) {
    const t = Date.prototype.getTime.call(v);
    setLeaf(out, normalizeString(t === t ? Date.prototype.toISOString.call(v) : "Invalid Date", maxStr));
  } else if (v instanceof Error) setLeaf(out, normalizeString(errorLeaf(v), maxStr));
  else if (v instanceof Map) setContainer(out, KIND_MAP, v, source);
  else if (v instanceof Set) setContainer(out, KIND_SET, v, source);
  else if (isBinary(v)) setLeaf(out, normalizeString(binaryLeaf(v), maxStr));
  else if (v instanceof String) setLeaf(out, normalizeString(String.prototype.valueOf.call(v), maxStr));
  else if (v instanceof Number) classifyInto(Number.prototype.valueOf.call(v), source, out, maxStr, false);
  else if (v instanceof Boolean) setLeaf(out, Boolean.prototype.valueOf.call(v));
  else if (v instanceof RegExp) setLeaf(out, normalizeString(RegExp.prototype.toString.call(v), maxStr));
  else return false;
  return true;
}

function classifyObject(v: object, source: object, out: Classified, maxStr: number, useToJSON: boolean): void {
  if (Array.isArray(v)) return setContainer(out, KIND_ARRAY, v, source);
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null && classifyBuiltin(v, source, out, maxStr)) return;
  if (useToJSON) {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") {
      const replaced: unknown = toJSON.call(v, "");
      if (replaced === v) return setContainer(out, KIND_OBJECT, v, source);
      return classifyInto(replaced, source, out, maxStr, false);
    }
  }
  setContainer(out, KIND_OBJECT, v, source);
}

function classifyInto(v: unknown, source: object | undefined, out: Classified, maxStr: number, useToJSON: boolean): void {
  switch (typeof v) {
    case "string":
      return setLeaf(out, normalizeString(v, maxStr));
    case "number":
      return setLeaf(out, v - v === 0 ? (v === 0 ? 0 : v) : normalizeString(numberLeaf(v) as string, maxStr));
    case "boolean":
      return setLeaf(out, v);
    case "bigint":
      return setLeaf(out, bigintLeaf(v, maxStr));
    case "symbol":
      return setLeaf(out, normalizeString(v.description ?? "", maxStr));
    case "function":
      return setLeaf(out, functionLeaf(v, maxStr));
    case "object":
      if (v === null) break;
      try {
        return classifyObject(v, source ?? v, out, maxStr, useToJSON);
      } catch (error) {
        return setLeaf(out, normalizeString(unreadableMarker(error), maxStr));
      }
    default:
      break;
  }
  out.kind = KIND_SKIP;
  out.value = undefined;
  out.source = undefined;
}

/**
 * Fills `out` with the classification of `v`: skip (null/undefined), a leaf value, or a container.
 * Objects with a `toJSON` method are replaced by its result (called once, like `JSON.stringify`).
 */
export function classify(v: unknown, out: Classified, maxStringBytes: number): void {
  classifyInto(v, undefined, out, maxStringBytes, true);
}

/** An open container, as far as cycle detection is concerned. */
export interface Ancestor {
  readonly source: object;
  readonly obj: object;
}

/** True when the classified container `c` is one of the open containers: a cycle back to an ancestor. */
export function isAncestor(c: Classified, ancestors: readonly Ancestor[]): boolean {
  const { source, value } = c;
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i]!;
    if (a.source === source || a.obj === value || a.source === value || a.obj === source) return true;
  }
  return false;
}

const mapSize = intrinsicGetter(Map.prototype, "size");
const setSize = intrinsicGetter(Set.prototype, "size");

/** Number of entries of an open container (`Object.keys` length is handled by the caller). Never negative. */
export function containerSize(kind: number, obj: object): number {
  let n: unknown;
  if (kind === KIND_ARRAY) n = (obj as unknown[]).length;
  else if (kind === KIND_MAP) n = mapSize?.call(obj);
  else if (kind === KIND_SET) n = setSize?.call(obj);
  return typeof n === "number" && n > 0 ? Math.min(Math.floor(n), 4294967295) : 0;
}

/** The intrinsic iterator of a Map (entries) or Set (values); user overrides of `entries` are not called. */
export function containerIterator(kind: number, obj: object): Iterator<unknown> {
  return kind === KIND_MAP
    ? Map.prototype.entries.call(obj as Map<unknown, unknown>)
    : Set.prototype.values.call(obj as Set<unknown>);
}

/** A Map key as an attribute key segment: primitives stringified, objects via a guarded `String()`. */
export function mapKeySegment(key: unknown): string {
  switch (typeof key) {
    case "string":
      return normalizeKey(key);
    case "number":
      return String(numberLeaf(key));
    case "symbol":
      return normalizeKey(key.description ?? "");
    case "bigint":
      return normalizeKey(bigintLeaf(key, Number.MAX_SAFE_INTEGER)); // keys are cut by normalizeKey, not counted as values
    case "function":
      return normalizeKey(functionLeaf(key, Number.MAX_SAFE_INTEGER));
    case "object":
      if (key === null) return "null";
      try {
        return normalizeKey(String(key));
      } catch (error) {
        return unreadableMarker(error);
      }
    default:
      return String(key);
  }
}
