/**
 * Value normalisation: arbitrary user values → OpenTelemetry attributes (and back, for the dev server).
 *
 * On the hot path of every traced call and fed hostile data, so every function here is bounded by a
 * {@link NormalizeBudget} and never throws. Traversal is iterative (no recursion), so nesting depth
 * cannot overflow the stack.
 *
 * Hostile-value table (the result as an attribute value of {@link flattenInto} / {@link toAttributeValue};
 * {@link toJsonString} writes the same values as JSON strings, containers as JSON objects/arrays):
 *
 * | Input                                         | Result                                                              |
 * |-----------------------------------------------|---------------------------------------------------------------------|
 * | `null`, `undefined`                           | skipped at every depth (nothing written)                            |
 * | circular reference                            | `"[Circular]"` at the repeated path                                 |
 * | shared, non-circular reference                | written in full at each path                                        |
 * | `123n` (BigInt)                               | `"123"`; beyond ±2^32768 `"[BigInt: too large]"`                   |
 * | `Symbol("x")` / `Symbol()`                    | `"x"` / `""`                                                        |
 * | `function foo() {}` / anonymous               | `"[Function: foo]"` / `"[Function: anonymous]"`                     |
 * | `new Date(0)` / invalid Date                  | `"1970-01-01T00:00:00.000Z"` / `"Invalid Date"`                     |
 * | `new TypeError("bad")`                        | `"TypeError: bad"` (`"TypeError"` when the message is empty)        |
 * | `new Map([[1, "a"]])`                         | object of entries, keys stringified: `prefix.1 = "a"`               |
 * | `new Set(["a"])`                              | array: `prefix.0 = "a"`                                             |
 * | `new Uint8Array(1024)`, `Buffer`, `ArrayBuffer`, `DataView` | `"[Uint8Array(1024)]"`, `"[Buffer(n)]"`, `"[ArrayBuffer(bytes)]"`, `"[DataView(bytes)]"` |
 * | `Uint8Array` / `Buffer` / `ArrayBuffer` of 16 KiB to 32 MB | `"data:application/octet-stream;base64,…"` (the attachment stage replaces it by a reference) |
 * | getter that throws / Proxy trap that throws   | `"[Unreadable: <message>]"` for that field; other fields written    |
 * | own keys `__proto__`, `constructor`           | ordinary keys (`prefix.__proto__.x`); no prototype is touched        |
 * | `NaN`, `Infinity`, `-Infinity`                | `"NaN"`, `"Infinity"`, `"-Infinity"`                                 |
 * | `-0`                                          | `0`                                                                 |
 * | 10 MB string                                  | first chars + `"…[truncated N bytes]"`, total ≤ `maxStringBytes` UTF-8 bytes |
 * | lone UTF-16 surrogates                        | replaced by U+FFFD                                                  |
 * | 10,000-deep nesting                           | `"[MaxDepth]"` at `maxDepth` segments below the prefix               |
 * | 100,000 keys / 1,000,000 items                | `maxAttributes` leaves, then `prefix._truncated` = entries not written |
 * | `toJSON` that returns a value / that throws   | the returned value, normalised / `"[Unreadable: <message>]"`        |
 * | throwing `toString`                           | never called (objects are read by their keys), except for object Map keys: key `"[Unreadable: <message>]"` |
 * | class instance                                | its own enumerable string-keyed properties                          |
 * | `Object.create(null)` object                  | like a plain object                                                 |
 * | boxed primitives, RegExp                      | their primitive value; `"/a/g"`                                     |
 * | other objects without own keys (Promise, WeakMap) | nothing written                                                 |
 *
 * String values have one length rule, the tracer's `maxAttributeBytes` (the budget's `maxStringBytes`, default
 * 131072 UTF-8 bytes): a longer string keeps its beginning and ends with `…[truncated N bytes]` (N = bytes
 * dropped), the same cut the export budget makes (`export/span-budget.ts`), and every cut value is reported to the
 * budget's `onCut` (a tracer's `diagnostics().truncatedAttributes`).
 *
 * A traced function's arguments are written whole with {@link toWholeValue}: a leaf as in this table (the same value
 * an output gets), a container as one JSON string.
 *
 * `flattenInto` writes arrays by index; `toAttributeValue` keeps homogeneous primitive arrays as arrays and
 * turns other containers into JSON strings. The dev server reverses `flattenInto` with `unflattenAttributes` (`@honeyhive/core/values/unflatten`).
 */
export { DEFAULT_NORMALIZE_BUDGET, WHOLE_STRINGS_BUDGET, attributeBudget, resolveBudget, type NormalizeBudget } from "./budget";
export { flattenInto } from "./flatten";
export { toAttributeValue, toWholeValue } from "./to-attribute-value";
export { toJsonString } from "./to-json-string";
export { MAX_KEY_SEGMENT_LENGTH, truncateUtf8 } from "./strings";
