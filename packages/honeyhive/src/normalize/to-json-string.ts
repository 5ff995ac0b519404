/**
 * A bounded, never-throwing JSON serialisation of arbitrary values: what the Python SDK gets from
 * `json.dumps(value, default=str)`, with the hostile-value rules of {@link flattenInto}.
 */
import { looksLikePayload } from "@honeyhive/core/attachments/base64-runs";
import { DEFAULT_NORMALIZE_BUDGET, reportCuts, resolveBudget, type NormalizeBudget } from "./budget";
import { KIND_ARRAY, KIND_LEAF, KIND_MAP, KIND_OBJECT, KIND_SET, KIND_SKIP, classify, mapKeySegment, newClassified, type Classified } from "./classify";
import { MARKER_MAX_DEPTH, MAX_KEY_SEGMENT_LENGTH, endCutCount, normalizeKey, noteCut, startCutCount, unreadableMarker } from "./strings";
import { END, type WalkEntry, type WalkFrame, descend, newWalkEntry, nextEntry, openFrame } from "./walk";
import { registerModuleCache } from "../internal/process-state";
import { guard, noteInternalError } from "../internal/guard";

const JSON_TRUNCATION_MARKER = "…[truncated]";
const JSON_TRUNCATION_MARKER_BYTES = 14;

/** Strings longer than this are quoted by `JSON.stringify` directly (its native scan wins on long input). */
const MAX_SCANNED_QUOTE = 256;

/**
 * `JSON.stringify(s)` for a string, without the native call when nothing needs escaping: a short string with
 * no `"`, `\\`, control character or surrogate is just wrapped in quotes (identical output). Every
 * `JSON.stringify` call pays a serializer set-up; keys and short values are the common case.
 * Measured: toJsonString of the bench inputs 920 → 600 ns; −2.1k instructions (≈ −4%) per traced call on the sync bench.
 */
function quoteJson(s: string): string {
  return quotePlain(s) ?? JSON.stringify(s);
}

/**
 * True when `s` is written as `"s"`, unchanged: short, with no `"`, `\\`, control character or surrogate (so it is
 * also well-formed, and a key needs no normalisation). The test of {@link quotePlain} and of `plain-json-copy.ts`.
 */
export function isPlainString(s: string): boolean {
  const n = s.length;
  if (n > MAX_SCANNED_QUOTE) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** `"s"` when {@link isPlainString}, else undefined. */
function quotePlain(s: string): string | undefined {
  return isPlainString(s) ? '"' + s + '"' : undefined;
}

/** The quoted form of an object key: `quoteJson(normalizeKey(key))`, skipping the normalisation when it cannot change the key. */
function quoteKey(key: string): string {
  return (key.length <= MAX_KEY_SEGMENT_LENGTH ? quotePlain(key) : undefined) ?? quoteJson(normalizeKey(key));
}

/** Object keys already written as `"key":`, up to {@link MAX_CACHED_KEYS} short keys (then the cache starts over). */
let keyPrefixes = new Map<string, string>();
const MAX_CACHED_KEYS = 1024;
const MAX_CACHED_KEY_LENGTH = 64;
registerModuleCache("normalize/json-key-prefixes", {
  clear: () => {
    keyPrefixes = new Map();
  },
  size: () => keyPrefixes.size,
});

/**
 * `quoteKey(key) + ":"`, cached: objects of one shape repeat their keys on every call, and building the
 * quoted key costs three string allocations. Measured: toJsonString of the bench inputs 320 → 240 ns,
 * −0.25 KB allocated and −2.6% CPU per traced call.
 */
function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix !== undefined) return prefix;
  prefix = quoteKey(key) + ":";
  if (key.length <= MAX_CACHED_KEY_LENGTH) {
    if (keyPrefixes.size >= MAX_CACHED_KEYS) keyPrefixes = new Map();
    keyPrefixes.set(key, prefix);
  }
  return prefix;
}

/**
 * JSON of a child that `classify` would turn into itself (a short plain string, a finite number, a
 * boolean), or undefined for everything else. Skipping `classify` and the string normalisation for these
 * common leaves: toJsonString of the bench inputs 340 → 300 ns (−0.8k instructions per traced call).
 */
function plainLeafJson(v: unknown, maxStr: number): string | undefined {
  switch (typeof v) {
    case "string":
      return v.length * 3 <= maxStr ? quotePlain(v) : undefined; // within the string bound whatever its characters, so never cut
    case "number":
      return v - v === 0 ? String(v) : undefined; // String(-0) is "0", as for the classified leaf
    case "boolean":
      return v ? "true" : "false";
    default:
      return undefined;
  }
}

function leafJson(value: unknown): string {
  return typeof value === "string" ? quoteJson(value) : String(value);
}

/** UTF-8 length of a well-formed string. */
function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Cuts `s` to at most `maxBytes` UTF-8 bytes, marker included, without splitting a surrogate pair. */
function cutToBytes(s: string, maxBytes: number): string {
  const marked = maxBytes >= JSON_TRUNCATION_MARKER_BYTES;
  const room = marked ? maxBytes - JSON_TRUNCATION_MARKER_BYTES : maxBytes;
  let bytes = 0;
  let end = 0;
  while (end < s.length) {
    const c = s.charCodeAt(end);
    const pair = c >= 0xd800 && c <= 0xdbff && end + 1 < s.length;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > room) break;
    bytes += size;
    end += pair ? 2 : 1;
  }
  return marked ? s.slice(0, end) + JSON_TRUNCATION_MARKER : s.slice(0, end);
}

/** The `"key":` of the object or Map entry just read from `f`. */
function entryKeyJson(f: WalkFrame, entry: WalkEntry): string {
  return f.kind === KIND_OBJECT ? keyPrefix(entry.key) : quoteJson(mapKeySegment(entry.mapKey)) + ":";
}

/** `s` followed by what opens the next written entry of `f`: a comma unless it is the first, then its `"key":` in an object or Map. */
function openEntry(s: string, f: WalkFrame, entry: WalkEntry, isObject: boolean): string {
  s += f.first ? "" : ",";
  f.first = false;
  return isObject ? s + entryKeyJson(f, entry) : s;
}

function openBracket(kind: number): string {
  return kind === KIND_ARRAY || kind === KIND_SET ? "[" : "{";
}

/** JSON of a classified entry that is not a plain leaf: `null`, a leaf, a marker, or the opening bracket of a container just pushed. */
function classifiedJson(c: Classified, stack: WalkFrame[], depth: number, maxDepth: number): string {
  if (c.kind === KIND_SKIP) return "null";
  if (c.kind === KIND_LEAF) return leafJson(c.value);
  const kind = c.kind;
  const marker = descend(c, stack, depth, maxDepth, undefined);
  return marker === undefined ? openBracket(kind) : JSON.stringify(marker);
}

/** Characters of payload strings (data URIs, bare base64) the last {@link serializeContainer} wrote, up to 32 MB worth. */
let payloadAllowance = 0;
/** Most payload characters one value may add beyond its bound: the base64 of 32 MB. */
const MAX_PAYLOAD_ALLOWANCE = Math.ceil((32 * 1024 * 1024) / 3) * 4 + 256;
/** Shortest JSON string checked for a payload (a payload worth extracting is kilobytes long). */
const PAYLOAD_CHECK_CHARS = 4096;

/** Adds `json` (a string leaf's JSON) to the allowance when it is a payload the attachment stage extracts. */
function notePayload(json: string, child: unknown): void {
  if (json.length < PAYLOAD_CHECK_CHARS || typeof child !== "string" || !looksLikePayload(child)) return;
  payloadAllowance = Math.min(MAX_PAYLOAD_ALLOWANCE, payloadAllowance + json.length);
}

/**
 * JSON of a root container, written until it is complete or longer than `maxBytes` characters plus the payload
 * strings it holds (data URIs, bare base64: the attachment stage replaces them before the export budget). Never throws.
 */
function serializeContainer(root: Classified, maxBytes: number, maxDepth: number, maxStr: number): string {
  payloadAllowance = 0;
  const stack: WalkFrame[] = [];
  let s: string;
  try {
    stack.push(openFrame(root, 0, undefined));
    s = openBracket(root.kind);
  } catch (error) {
    return JSON.stringify(unreadableMarker(error));
  }
  const c = root;
  const entry = newWalkEntry();
  try {
    while (stack.length > 0 && s.length <= maxBytes + payloadAllowance) {
      const f = stack[stack.length - 1]!;
      const isObject = f.kind === KIND_OBJECT || f.kind === KIND_MAP;
      const child = nextEntry(f, entry);
      if (child === END) {
        s += isObject ? "}" : "]";
        stack.pop();
        continue;
      }
      if (isObject && child === undefined) continue;
      const plain = plainLeafJson(child, maxStr);
      if (plain !== undefined) {
        s = openEntry(s, f, entry, isObject);
        s += plain;
        notePayload(plain, child);
        continue;
      }
      classify(child, c, maxStr);
      if (isObject && c.kind === KIND_SKIP && child !== null) continue;
      s = openEntry(s, f, entry, isObject);
      const json = classifiedJson(c, stack, f.depth, maxDepth);
      s += json;
      notePayload(json, c.value);
    }
  } catch (error) {
    noteInternalError(error); // only string building could fail here (out of memory); return what was built, bounded below
  }
  return s;
}

/** Serialises an already classified value. Exposed for {@link toAttributeValue}, which classifies first. */
export function serializeClassified(root: Classified, maxBytes: number, budget: Readonly<NormalizeBudget>): string {
  let s: string;
  if (root.kind === KIND_SKIP) s = "null";
  else if (root.kind === KIND_LEAF) s = guard(() => leafJson(root.value), "");
  else if (budget.maxDepth <= 0) s = JSON.stringify(MARKER_MAX_DEPTH);
  else {
    s = serializeContainer(root, maxBytes, budget.maxDepth, budget.maxStringBytes);
    const bound = maxBytes + payloadAllowance;
    payloadAllowance = 0;
    if (s.length * 3 <= bound || utf8Length(s) <= bound) return s;
    noteCut();
    return cutToBytes(s, bound);
  }
  if (s.length * 3 <= maxBytes) return s;
  if (utf8Length(s) <= maxBytes) return s;
  noteCut();
  return cutToBytes(s, maxBytes);
}

/**
 * Serialises `value` as JSON in at most `maxBytes` UTF-8 bytes (default: the budget's `maxJsonBytes`, 131072),
 * never throwing. Follows `JSON.stringify` (object keys in `Object.keys` order, `undefined` properties omitted,
 * `toJSON` honoured) plus the hostile-value table of this module: non-finite numbers, BigInts, symbols, functions,
 * Errors, typed arrays become strings, Maps objects, Sets arrays, cycles `"[Circular]"`, nesting beyond 16
 * `"[MaxDepth]"`, unreadable fields `"[Unreadable: <message>]"`; strings are cut at the budget's `maxStringBytes`
 * (131072) UTF-8 bytes with `…[truncated N bytes]`. `null`, `undefined` and anything serialising to nothing give
 * `"null"`. Output that would exceed `maxBytes` is cut and ends in `…[truncated]` (then it is no longer valid
 * JSON). A cut result counts once in the budget's `onCut`.
 */
export function toJsonString(value: unknown, maxBytes?: number, budget?: Partial<NormalizeBudget>): string {
  const b = budget === undefined ? DEFAULT_NORMALIZE_BUDGET : resolveBudget(budget);
  const limit =
    typeof maxBytes === "number" && maxBytes >= 0
      ? Math.min(Math.floor(maxBytes), Number.MAX_SAFE_INTEGER)
      : b.maxJsonBytes;
  const outer = startCutCount();
  try {
    const c = newClassified();
    classify(value, c, b.maxStringBytes);
    return serializeClassified(c, limit, b);
  } finally {
    if (endCutCount(outer) > 0) reportCuts(b, 1);
  }
}
